package com.orderguard.custody.envelope;

/**
 * What envelope encryption needs of the HSM: the alias of the ACTIVE key-encryption key, and AES-GCM
 * with a named KEK inside the token. Implemented by key custody, which refuses while sealed
 * ({@link IllegalStateException}) and when a KEK may not be used for the act (wrap needs ACTIVE, unwrap
 * ACTIVE or DEACTIVATED). One call per data-key rotation or first use of a data key, never per record.
 */
public interface KekAccess
{
    /** @throws IllegalStateException if sealed or there is no ACTIVE KEK. */
    String activeKekAlias();

    /** AES-GCM encrypt {@code dataKey} in the token under {@code kekAlias}; returns ciphertext || tag. */
    byte[] wrap(String kekAlias, byte[] iv, byte[] aad, byte[] dataKey);

    /** AES-GCM decrypt in the token; throws {@link IllegalStateException} if sealed or the KEK may not process. */
    byte[] unwrap(String kekAlias, byte[] iv, byte[] aad, byte[] wrapped) throws java.security.GeneralSecurityException;
}
