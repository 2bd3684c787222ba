package com.orderguard.core.audit.bench;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.orderguard.core.audit.JournalContentSealer;
import com.orderguard.core.audit.RecordSealer;

/**
 * What sealing order content costs the journal thread: {@code takeKeyRecord()} + {@code seal()} of an
 * 80-byte order event with its 40-byte metadata as AAD, and a content-key rotation when the next key
 * was made ahead versus made inline. The envelope (which only seals the pair's private key, once) is
 * an in-memory stand-in here: it is not on the per-event path.
 */
public final class ContentSealingCostMain
{
    private ContentSealingCostMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final JournalContentSealer sealer = new JournalContentSealer(new StandIn(), Path.of("unused"));
        sealer.use(sealer.newPair());
        final byte[] event = new byte[80];
        final byte[] metadata = new byte[40];
        final int events = 2_000_000;
        for (int round = 0; round < 5; round++)
        {
            final long start = System.nanoTime();
            for (int i = 0; i < events; i++)
            {
                sealer.takeKeyRecord();
                sealer.seal(event, metadata);
            }
            final long ns = System.nanoTime() - start;
            System.out.printf("round %d: %,.0f ns per event, %,.0f events/s%n", round, (double)ns / events, events * 1e9 / ns);
        }
        final int rotations = 20;
        long ahead = 0;
        long inline = 0;
        for (int i = 0; i < rotations; i++)
        {
            Thread.sleep(300); // time for the preparer to make the next key
            sealer.rotateContentKey();
            long start = System.nanoTime();
            sealer.takeKeyRecord();
            ahead += System.nanoTime() - start;
            sealer.rotateContentKey();
            start = System.nanoTime();
            sealer.takeKeyRecord(); // the next one is not ready yet: made inline
            inline += System.nanoTime() - start;
        }
        System.out.printf("content-key rotation on the journal thread: %,.0f us made ahead, %,.0f us made inline (means of %d)%n",
            ahead / 1e3 / rotations, inline / 1e3 / rotations, rotations);
    }

    /** AES-GCM under one in-memory key: stands in for key custody's envelope, which is called once per pair. */
    private static final class StandIn implements RecordSealer
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
            throw new UnsupportedOperationException("not measured");
        }
    }
}
