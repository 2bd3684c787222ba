package com.orderguard.core.audit;

import java.security.GeneralSecurityException;

/**
 * Encrypts order content at rest with key custody's data keys (AES-GCM under an HSM-wrapped data
 * key; the appliance connects this to key custody's {@code encrypt(plaintext, aad)} /
 * {@code decrypt}). The sealed blob is opaque to the journal: it carries whatever key custody needs
 * (key id, IV, tag). The aad is the record's clear metadata, so metadata cannot be moved onto
 * another record's content without {@link #open} failing.
 */
public interface RecordSealer
{
    byte[] seal(byte[] plaintext, byte[] aad) throws GeneralSecurityException;

    byte[] open(byte[] sealed, byte[] aad) throws GeneralSecurityException;

    /**
     * False while this sealer cannot seal yet (no key at all): the journal then leaves order events in
     * the drop-copy ring rather than write one in clear. Called on the journal thread.
     */
    default boolean ready()
    {
        return true;
    }

    /**
     * Called on the journal thread before each {@link #seal}: the payload of a KEY_OPERATION record the
     * journal must write first (a new key the records that follow are sealed under), or null.
     */
    default byte[] takeKeyRecord()
    {
        return null;
    }
}
