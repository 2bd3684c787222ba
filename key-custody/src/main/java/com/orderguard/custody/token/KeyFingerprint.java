package com.orderguard.custody.token;

import com.orderguard.custody.seal.Hex;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * How the inventory recognises a key without holding it.
 * <ul>
 * <li>EC: {@code sha256:} + SHA-256 of the X.509 SubjectPublicKeyInfo, what {@code openssl pkey -pubin
 * -outform DER | sha256sum} prints for the exported PEM.</li>
 * <li>AES: {@code kcv:} + the first 16 bytes of SHA-256("orderguard kcv v1" || AES-ECB(key, 0^16)), the
 * block computed inside the token. A key check value as banks use it, hashed so that even the one known
 * plaintext/ciphertext pair is not disclosed.</li>
 * </ul>
 */
public final class KeyFingerprint
{
    private static final byte[] KCV_DOMAIN = "orderguard kcv v1".getBytes(StandardCharsets.US_ASCII);

    private KeyFingerprint()
    {
    }

    public static String of(final PublicKey publicKey) throws GeneralSecurityException
    {
        return "sha256:" + Hex.encode(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
    }

    public static String of(final SecretKey tokenKey, final Provider tokenProvider) throws GeneralSecurityException
    {
        final Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding", tokenProvider);
        ecb.init(Cipher.ENCRYPT_MODE, tokenKey);
        final byte[] block = ecb.doFinal(new byte[16]);
        final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(KCV_DOMAIN);
        sha256.update(block);
        return "kcv:" + Hex.encode(Arrays.copyOf(sha256.digest(), 16));
    }
}
