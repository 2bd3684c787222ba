package com.orderguard.orderpath.gateway.transit;

import com.orderguard.orderpath.protocol.NewOrderCodec;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What transit encryption costs per order, printed (no timing assertion: the box is shared): seal on
 * one side and open on the other of a NewOrder frame in a direct buffer, as the gateway does it, and
 * the same for the ExecutionReport back. Warm-up, then {@code -Dtransit.cost.orders} (default 1,000,000).
 * Run: {@code mvn -pl order-path -am verify -Dtest=TransitCostTest -Dsurefire.failIfNoSpecifiedTests=false -DskipITs}.
 */
class TransitCostTest
{
    private static final int ORDERS = Integer.getInteger("transit.cost.orders", 1_000_000);

    @Test
    void shouldPrintTheCostOfSealingAndOpeningAnOrder() throws Exception
    {
        final byte[] c2s = new byte[32];
        final byte[] s2c = new byte[32];
        new SecureRandom().nextBytes(c2s);
        new SecureRandom().nextBytes(s2c);
        final SessionCipher clientSends = new SessionCipher(c2s, SessionCipher.CLIENT_TO_APPLIANCE, true);
        final SessionCipher applianceReceives = new SessionCipher(c2s, SessionCipher.CLIENT_TO_APPLIANCE, false);
        final UnsafeBuffer wire = new UnsafeBuffer(ByteBuffer.allocateDirect(256));
        final int inner = NewOrderCodec.LENGTH;

        long sink = 0;
        for (int i = 0; i < 200_000; i++)
        {
            sink += roundTrip(clientSends, applianceReceives, wire, inner, i);
        }
        long sealNs = 0;
        long openNs = 0;
        for (int i = 0; i < ORDERS; i++)
        {
            wire.putLong(SessionCipher.INNER_OFFSET + 8, i);
            final long t0 = System.nanoTime();
            final int sealed = clientSends.seal(wire, 0, inner);
            final long t1 = System.nanoTime();
            sink += applianceReceives.open(wire, 0, sealed);
            final long t2 = System.nanoTime();
            sealNs += t1 - t0;
            openNs += t2 - t1;
        }
        final long start = System.nanoTime();
        for (int i = 0; i < ORDERS; i++)
        {
            sink += roundTrip(clientSends, applianceReceives, wire, inner, i);
        }
        final double pairNs = (System.nanoTime() - start) / (double)ORDERS;

        // the same work with the JDK's AES/GCM (a new init per nonce, allocating), in the same run, for the ratio
        final javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        final javax.crypto.spec.SecretKeySpec jdkKey = new javax.crypto.spec.SecretKeySpec(c2s, "AES");
        final byte[] aad = new byte[16];
        final byte[] order = new byte[inner];
        final byte[] out = new byte[inner + 16];
        final byte[] nonce = new byte[12];
        final long jdkStart = System.nanoTime();
        for (int i = 0; i < ORDERS; i++)
        {
            nonce[4] = (byte)(i >>> 24);
            nonce[5] = (byte)(i >>> 16);
            nonce[6] = (byte)(i >>> 8);
            nonce[7] = (byte)i;
            nonce[0] = 1;
            jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, jdkKey, new javax.crypto.spec.GCMParameterSpec(128, nonce));
            jdk.updateAAD(aad);
            sink += jdk.doFinal(order, 0, inner, out, 0) - 16;
            nonce[0] = 2; // a second nonce for the "open" half: the JDK refuses to encrypt twice under one
            jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, jdkKey, new javax.crypto.spec.GCMParameterSpec(128, nonce));
            jdk.updateAAD(aad);
            sink += jdk.doFinal(order, 0, inner, out, 0) - 16 - inner;
        }
        final double jdkPairNs = (System.nanoTime() - jdkStart) / (double)ORDERS;
        assertEquals((long)inner * (200_000L + 3L * ORDERS), sink);
        System.out.printf("transit, %d-byte NewOrder (%d bytes on the wire), java %s, %d cpus: seal %.0f ns, open %.0f ns " +
            "(timed apart, System.nanoTime overhead included); seal+open back to back %.0f ns per order; " +
            "the JDK's AES/GCM, two encryptions with a fresh init each, same run: %.0f ns%n",
            inner, inner + SessionCipher.OVERHEAD, System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(), sealNs / (double)ORDERS, openNs / (double)ORDERS, pairNs, jdkPairNs);
    }

    @Test
    void shouldPrintTheCostOfAHandshakeWithoutTheTokenSignature() throws Exception
    {
        final java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        final java.security.KeyPair gateway = generator.generateKeyPair();
        final TranscriptSigner jceSigner = transcript ->
        {
            final java.security.Signature signature = java.security.Signature.getInstance("SHA256withECDSA");
            signature.initSign(gateway.getPrivate());
            signature.update(transcript);
            return signature.sign();
        };
        final SecureRandom random = new SecureRandom();
        long sink = 0;
        final int handshakes = 300;
        long start = 0;
        for (int i = 0; i < 2 * handshakes; i++)
        {
            if (handshakes == i)
            {
                start = System.nanoTime();
            }
            final SessionKeyExchange.ClientStart client = SessionKeyExchange.clientHello(random);
            final SessionKeyExchange.ServerResult server = SessionKeyExchange.serverRespond(client.hello(), jceSigner, random);
            sink += SessionKeyExchange.clientFinish(client, server.serverHello(), gateway.getPublic()).transcriptHash()[0];
        }
        System.out.printf("transit handshake, both sides in one thread, JCE signature instead of the token's " +
            "(add one token ECDSA signature, ~0.1-0.2 ms on SoftHSM): %.0f us (%d)%n",
            (System.nanoTime() - start) / (double)handshakes / 1000.0, sink & 1);
    }

    private static int roundTrip(
        final SessionCipher sender, final SessionCipher receiver, final UnsafeBuffer wire, final int inner, final int i)
    {
        wire.putLong(SessionCipher.INNER_OFFSET + 8, i);
        return receiver.open(wire, 0, sender.seal(wire, 0, inner));
    }
}
