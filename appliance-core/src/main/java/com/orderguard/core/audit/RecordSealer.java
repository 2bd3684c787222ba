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
}
