package com.orderguard.core.audit;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under one fresh in-memory key, standing in for key custody's data-key envelope in the
 * journal's unit tests and benchmarks (custody's own envelope is tested against SoftHSM in
 * key-custody). Blob: 12-byte random IV ‖ ciphertext ‖ 16-byte tag. {@link #open} can be set false
 * to act as a sealed custody: every call then fails, as custody's does without its data keys.
 */
public final class SoftwareEnvelope implements RecordSealer
{
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    /** False while the stand-in custody is "sealed". */
    public volatile boolean open = true;

    public SoftwareEnvelope()
    {
        final byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        key = new SecretKeySpec(bytes, "AES");
    }

    @Override
    public byte[] seal(final byte[] plaintext, final byte[] aad) throws GeneralSecurityException
    {
        requireOpen();
        final byte[] out = new byte[IV_BYTES + plaintext.length + TAG_BITS / 8];
        random.nextBytes(out); // the first 12 bytes are the IV; the rest is overwritten below
        final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, out, 0, IV_BYTES));
        cipher.updateAAD(aad);
        cipher.doFinal(plaintext, 0, plaintext.length, out, IV_BYTES);
        return out;
    }

    @Override
    public byte[] open(final byte[] sealed, final byte[] aad) throws GeneralSecurityException
    {
        requireOpen();
        final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
        cipher.updateAAD(aad);
        return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
    }

    private void requireOpen()
    {
        if (!open)
        {
            throw new IllegalStateException("sealed");
        }
    }
}
