package com.orderguard.core.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.orderguard.hsm.SoftHsm2Token;
import com.orderguard.testsupport.SoftHsmFixture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checkpoints signed inside a real SoftHSM token through SunPKCS11 (the path key custody's journal
 * key takes), verified offline with nothing but the exported PEM public key and the JDK.
 */
class HsmCheckpointSignerTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSignCheckpointsInTheTokenThatVerifyOfflineWithThePemPublicKey() throws Exception
    {
        final SecureRandom random = new SecureRandom();
        final char[] soPin = Long.toHexString(random.nextLong()).toCharArray();
        final char[] userPin = Long.toHexString(random.nextLong()).toCharArray();
        final SoftHsm2Token token = SoftHsmFixture.newToken("audit", soPin, userPin);
        final Provider provider = token.newProvider();
        KeyStore.getInstance("PKCS11", provider).load(null, userPin); // log in
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair keys = generator.generateKeyPair();
        assertNull(keys.getPrivate().getEncoded(), "the private key stays in the token");
        final CheckpointSigner signer = message ->
        {
            final Signature signature = Signature.getInstance(CheckpointVerifier.ALGORITHM, provider);
            signature.initSign(keys.getPrivate());
            signature.update(message);
            return signature.sign();
        };

        final OneToOneRingBuffer ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 16) + RingBufferDescriptor.TRAILER_LENGTH)));
        final AtomicReference<String> failure = new AtomicReference<>();
        final Path witnessFile = dir.resolve("witness.log");
        final WitnessLog witness = new WitnessLog(witnessFile);
        final AuditJournal journal = new AuditJournal(JournalWriter.open(dir.resolve("journal")), ring::read,
            new SystemEpochNanoClock(), failure::set, new CheckpointPolicy(signer, 50, 3_600_000_000_000L, witness, null), 64);
        final UnsafeBuffer event = new UnsafeBuffer(new byte[80]);
        for (int i = 0; i < 300; i++)
        {
            event.putLong(0, 1_700_000_000_000_000_000L + i);
            assertTrue(ring.write(6, event, 0, 80));
            if (i % 30 == 0)
            {
                journal.append(RecordKind.CONTROL_ACCESS, 0, ("{\"actor\":\"ops\",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            }
            journal.doWork();
        }
        journal.onClose();
        witness.close();
        assertNull(failure.get());

        final Path pem = dir.resolve("journal-signing.pub.pem");
        Files.writeString(pem, CheckpointVerifier.toPem(keys.getPublic()));
        final List<Checkpoint> witnessed = WitnessLog.read(witnessFile);
        assertTrue(witnessed.size() >= 5, "checkpoints: " + witnessed.size());
        final JournalVerifier.Report report =
            JournalVerifier.verify(dir.resolve("journal"), CheckpointVerifier.fromPem(pem), witnessed, null);
        assertTrue(report.ok(), report.describe());
        assertTrue(report.signaturesChecked());
        assertEquals(witnessed.size(), report.checkpointsVerified());
        assertEquals(0, report.uncheckpointedTail());
    }
}
