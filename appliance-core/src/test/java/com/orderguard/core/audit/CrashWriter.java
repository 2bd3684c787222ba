package com.orderguard.core.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.concurrent.CompletableFuture;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * The child process of {@link JournalCrashIT}: runs the journal thread under load (order events through
 * a ring, control records waiting for durability, checkpoints every 2,000 records) and prints
 * {@code ACK <sequence> <id>} for every control record once it is acknowledged durable, until it
 * is killed with SIGKILL. Its journal key is a software key it keeps in the test's temp dir.
 */
public final class CrashWriter
{
    private CrashWriter()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path work = Path.of(args[0]);
        final PrivateKey key = key(work);
        final CheckpointSigner signer = message ->
        {
            final Signature signature = Signature.getInstance(CheckpointVerifier.ALGORITHM);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        };
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH)));
        final WitnessLog witness = new WitnessLog(work.resolve("witness.log"));
        final JournalWriter writer = JournalWriter.open(work.resolve("journal"), 64 * 1024);
        final AuditJournal journal = new AuditJournal(writer, ring::read, new SystemEpochNanoClock(),
            reason -> System.out.println("FAILED " + reason),
            new CheckpointPolicy(signer, 2_000, 50_000_000L, witness, null), 512, true);
        if (writer.recoveryNote() != null)
        {
            System.out.println("RECOVERED " + writer.recoveryNote());
        }
        final AgentRunner runner = new AgentRunner(new BackoffIdleStrategy(), Throwable::printStackTrace, null, journal);
        AgentRunner.startOnThread(runner);
        System.out.println("STARTED " + writer.lastSequence());
        System.out.flush();

        final UnsafeBuffer event = new UnsafeBuffer(new byte[80]);
        final String run = Long.toString(System.nanoTime(), 36);
        for (long id = 0; ; id++)
        {
            for (int i = 0; i < 50; i++)
            {
                event.putLong(0, System.currentTimeMillis() * 1_000_000L);
                event.putLong(8, id * 100 + i);
                while (!ring.write(6, event, 0, 80))
                {
                    Thread.yield();
                }
            }
            final String control = run + "-" + id;
            final CompletableFuture<Long> durable = journal.append(RecordKind.CONTROL_ACCESS, 0,
                ("{\"control\":\"" + control + "\"}").getBytes(StandardCharsets.UTF_8));
            durable.thenAccept(sequence ->
            {
                synchronized (System.out)
                {
                    System.out.println("ACK " + sequence + " " + control);
                    System.out.flush();
                }
            });
            if ((id & 7) == 0)
            {
                durable.join();
            }
        }
    }

    private static PrivateKey key(final Path work) throws Exception
    {
        final Path privateFile = work.resolve("journal-signing.p8");
        if (Files.exists(privateFile))
        {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile)));
        }
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair keys = generator.generateKeyPair();
        Files.write(privateFile, keys.getPrivate().getEncoded());
        Files.writeString(work.resolve("journal-signing.pub.pem"), CheckpointVerifier.toPem(keys.getPublic()));
        return keys.getPrivate();
    }
}
