package com.orderguard.core.audit.bench;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.orderguard.core.audit.RecordSealer;

/**
 * AES-GCM under one in-memory key: stands in for key custody's envelope in the journal benchmarks.
 * The envelope seals only a content pair's private key, once per pair, so it is never on the
 * per-event path whose cost they measure; the appliance uses custody's, under the token's KEK.
 */
final class InMemoryEnvelope implements RecordSealer
{
    private final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
    private final SecureRandom random = new SecureRandom();

    @Override
    public byte[] seal(final byte[] plaintext, final byte[] aad) throws GeneralSecurityException
    {
        final byte[] iv = new byte[12];
        random.nextBytes(iv);
        final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad);
        final byte[] sealed = cipher.doFinal(plaintext);
        final byte[] out = new byte[12 + sealed.length];
        System.arraycopy(iv, 0, out, 0, 12);
        System.arraycopy(sealed, 0, out, 12, sealed.length);
        return out;
    }

    @Override
    public byte[] open(final byte[] sealed, final byte[] aad)
    {
        throw new UnsupportedOperationException("the benchmarks never open the pair's private key");
    }
}
