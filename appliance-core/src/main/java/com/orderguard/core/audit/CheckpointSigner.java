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

    /**
     * False while the key cannot be used yet (the appliance boots sealed: no PIN, no HSM session).
     * The journal then defers checkpoints, records keep landing, and the first checkpoint after the
     * unseal covers them all. Once ready, a signing failure fails the journal closed.
     */
    default boolean ready()
    {
        return true;
    }

    /** A signer that is ready only when {@code ready} says so (e.g. {@code custody::isUnsealed}). */
    static CheckpointSigner when(final java.util.function.BooleanSupplier ready, final CheckpointSigner signer)
    {
        return new CheckpointSigner()
        {
            @Override
            public byte[] sign(final byte[] message) throws GeneralSecurityException
            {
                return signer.sign(message);
            }

            @Override
            public boolean ready()
            {
                return ready.getAsBoolean();
            }
        };
    }
}
