package com.orderguard.core.audit;

import java.security.GeneralSecurityException;

/**
 * Signs checkpoint messages with the journal key. The appliance connects it to key custody's HSM
 * journal key ({@code KeyCustody.signJournal}: ECDSA P-256, SHA256withECDSA, DER); the journal
 * never sees the key. Called on the journal thread every N records or T ms, never per record.
 * A failure fails the journal closed.
 */
@FunctionalInterface
public interface CheckpointSigner
{
    byte[] sign(byte[] message) throws GeneralSecurityException;
}
