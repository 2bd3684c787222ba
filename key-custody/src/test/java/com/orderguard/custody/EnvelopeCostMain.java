package com.orderguard.custody;

import com.orderguard.custody.envelope.EnvelopeEncryption;

import java.security.GeneralSecurityException;

/**
 * The cost per order of envelope encryption, without JMH: a 64-byte order with a 24-byte AAD, encrypted
 * (and decrypted) in a loop after warm-up, on a real SoftHSM token (which the loop does not touch: only
 * a data-key rotation does, measured apart, fsync included). Prints ns/op. (Transit encryption's cost is
 * order-path's TransitCostTest.) Run:
 * <pre>
 * mvn -B -q -ntp -pl key-custody -am install -DskipTests
 * cd key-custody &amp;&amp; mvn -B -q -ntp dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java $(cat ../appliance-core/target/jvm.flags 2&gt;/dev/null) -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     com.orderguard.custody.EnvelopeCostMain
 * </pre>
 */
public final class EnvelopeCostMain
{
    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 1_000_000;
    private static final int ROTATIONS = 200;

    private EnvelopeCostMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final TestCustody custody = TestCustody.initialise("custody.envelope.maxRecordsPerDataKey=4294967296",
            "custody.envelope.maxDataKeyAgeSeconds=31536000").unsealed();
        final EnvelopeEncryption envelope = custody.keyCustody.envelope();
        final byte[] order = new byte[64];
        final byte[] aad = new byte[24];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = (byte)i;
        }

        long sink = 0;
        for (int i = 0; i < WARM_UP; i++)
        {
            sink += envelope.decrypt(envelope.encrypt(order, aad), aad)[5];
        }

        final byte[] blob = envelope.encrypt(order, aad);
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++)
        {
            aad[0] = (byte)i;
            sink += envelope.encrypt(order, aad)[30];
        }
        final double encryptNs = (System.nanoTime() - start) / (double)MEASURED;

        aad[0] = 0;
        final byte[] fixedAad = aad.clone();
        final byte[] fixedBlob = envelope.encrypt(order, fixedAad);
        start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++)
        {
            sink += decrypt(envelope, fixedBlob, fixedAad)[7];
        }
        final double decryptNs = (System.nanoTime() - start) / (double)MEASURED;

        start = System.nanoTime();
        for (int i = 0; i < ROTATIONS; i++)
        {
            sink += envelope.rotateDataKey();
        }
        final double rotateUs = (System.nanoTime() - start) / (double)ROTATIONS / 1000.0;

        final byte[] record = new byte[64];
        for (int i = 0; i < 2000; i++)
        {
            sink += custody.keyCustody.signJournal(record)[3];
        }
        start = System.nanoTime();
        for (int i = 0; i < 2000; i++)
        {
            sink += custody.keyCustody.signJournal(record)[3];
        }
        final double signUs = (System.nanoTime() - start) / 2000.0 / 1000.0;

        System.out.printf("java %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("envelope encrypt, 64-byte order + 24-byte aad: %.0f ns/op (%d ops after %d warm-up)%n",
            encryptNs, MEASURED, WARM_UP);
        System.out.printf("envelope decrypt, 64-byte order + 24-byte aad: %.0f ns/op%n", decryptNs);
        System.out.printf("data-key rotation (token AES-GCM wrap + fsync'd store): %.0f us/rotation%n", rotateUs);
        System.out.printf("token journal signature (ECDSA P-256, SoftHSM): %.0f us/op%n", signUs);
        System.out.println("blob bytes per 64-byte order: " + blob.length + " (ignore: " + (sink & 1) + ")");
        custody.keyCustody.close();
    }

    private static byte[] decrypt(final EnvelopeEncryption envelope, final byte[] blob, final byte[] aad)
    {
        try
        {
            return envelope.decrypt(blob, aad);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
