package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

import org.agrona.concurrent.UnsafeBuffer;

import static com.orderguard.core.audit.JournalFormat.*;

/**
 * Test helpers: a software P-256 journal key (the journal only sees {@link CheckpointSigner}; the
 * HSM-backed signer is key custody's and is tested there with real SoftHSM tokens), journals of
 * mixed records with checkpoints, and byte-level tampering that keeps or repairs checksums the way
 * a careful attacker would.
 */
final class JournalFixture
{
    /** Where one record sits on disk. */
    record Location(Path file, long offset, int length, long sequence, int kind)
    {
    }

    final KeyPair keys;
    final CheckpointSigner signer;
    final CheckpointVerifier verifier;

    JournalFixture()
    {
        try
        {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
        signer = message ->
        {
            final Signature signature = Signature.getInstance(CheckpointVerifier.ALGORITHM);
            signature.initSign(keys.getPrivate());
            signature.update(message);
            return signature.sign();
        };
        verifier = new CheckpointVerifier(keys.getPublic());
    }

    Path writePem(final Path dir) throws IOException
    {
        final Path pem = dir.resolve("journal-signing.pub.pem");
        Files.writeString(pem, CheckpointVerifier.toPem(keys.getPublic()));
        return pem;
    }

    /**
     * Writes {@code count} records (order-path binary, control-plane JSON, now and then an approval or a
     * key operation; payloads seeded) with a
     * checkpoint after every {@code checkpointEvery} records and one at the end, all committed.
     * Checkpoint records count in {@code count}; so do the segment summaries the writer adds when a
     * segment rolls, which can make the journal one record longer (the final checkpoint's tree size
     * plus one is the exact count).
     *
     * @return the checkpoints, in order: what a witness would have seen.
     */
    List<Checkpoint> write(final Path dir, final int count, final int checkpointEvery, final long segmentBytes, final long seed)
        throws IOException
    {
        final Random random = new Random(seed);
        final List<Checkpoint> checkpoints = new ArrayList<>();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[80]);
        try (JournalWriter writer = JournalWriter.open(dir, segmentBytes,
            LimitedChannel.opener(new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE), false)))
        {
            int sinceCheckpoint = 0;
            while (true)
            {
                final long sequence = writer.lastSequence() + 1;
                if (sequence >= count || sinceCheckpoint == checkpointEvery)
                {
                    checkpoints.add(writer.appendCheckpoint(1_700_000_000_000_000_000L + sequence, signer));
                    sinceCheckpoint = 0;
                    if (sequence >= count)
                    {
                        break;
                    }
                    if (random.nextInt(4) == 0)
                    {
                        writer.commit();
                    }
                    continue;
                }
                if (random.nextBoolean())
                {
                    buffer.putLong(0, 1_700_000_000_000_000_000L + sequence);
                    for (int i = 8; i < 80; i += 8)
                    {
                        buffer.putLong(i, random.nextLong());
                    }
                    writer.append(RecordKind.ORDER_PATH, 6, 1_700_000_000_000_000_000L + sequence, buffer, 0, 80);
                }
                else if (random.nextInt(6) == 0)
                {
                    // control records, which segment summaries list by position
                    final boolean approval = random.nextBoolean();
                    writer.append(approval ? RecordKind.APPROVAL : RecordKind.KEY_OPERATION, approval ? 1 : 20,
                        1_700_000_000_000_000_000L + sequence,
                        ("{\"actor\":\"officer-" + random.nextInt(5) + "\",\"n\":" + sequence + "}").getBytes(StandardCharsets.UTF_8));
                }
                else
                {
                    writer.append(RecordKind.CONTROL_ACCESS, 0, 1_700_000_000_000_000_000L + sequence,
                        ("{\"actor\":\"officer-" + random.nextInt(5) + "\",\"n\":" + sequence + "}").getBytes(StandardCharsets.UTF_8));
                }
                sinceCheckpoint++;
            }
            writer.commit();
        }
        return checkpoints;
    }

    static List<Location> locate(final Path dir) throws IOException
    {
        final List<Location> out = new ArrayList<>();
        try (JournalReader reader = new JournalReader(dir, false))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                out.add(new Location(reader.currentFile(), reader.recordOffset(), recordLength(reader.payloadLength()),
                    reader.sequence(), reader.kindCode()));
            }
        }
        return out;
    }

    static byte[] read(final Location at) throws IOException
    {
        final byte[] all = Files.readAllBytes(at.file());
        final byte[] record = new byte[at.length()];
        System.arraycopy(all, (int)at.offset(), record, 0, at.length());
        return record;
    }

    /** Replaces {@code [offset, offset+removed)} of a file with {@code insert}. */
    static void splice(final Path file, final long offset, final int removed, final byte[] insert) throws IOException
    {
        final byte[] all = Files.readAllBytes(file);
        final byte[] out = new byte[all.length - removed + insert.length];
        System.arraycopy(all, 0, out, 0, (int)offset);
        System.arraycopy(insert, 0, out, (int)offset, insert.length);
        System.arraycopy(all, (int)offset + removed, out, (int)offset + insert.length, all.length - (int)offset - removed);
        Files.write(file, out);
    }

    /** Recomputes a whole record's checksum, as an attacker who knows the format would. */
    static void fixCrc(final byte[] record)
    {
        final CRC32C crc = new CRC32C();
        crc.update(record, 0, record.length - CRC_LENGTH);
        ByteBuffer.wrap(record).order(BYTE_ORDER).putInt(record.length - CRC_LENGTH, (int)crc.getValue());
    }

    static void setSequence(final byte[] record, final long sequence)
    {
        ByteBuffer.wrap(record).order(BYTE_ORDER).putLong(LENGTH_FIELD_LENGTH + SEQUENCE_OFFSET, sequence);
    }

    /** A well-formed record with a valid checksum, claiming {@code sequence}. */
    static byte[] forgedRecord(final long sequence, final String json)
    {
        final byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        final byte[] record = new byte[recordLength(payload.length)];
        ByteBuffer.wrap(record).order(BYTE_ORDER).putInt(BODY_HEADER_LENGTH + payload.length).putLong(sequence)
            .putLong(1_700_000_000_000_000_000L + sequence).putShort(RecordKind.CONTROL_ACCESS.code()).putInt(0).put(payload);
        fixCrc(record);
        return record;
    }

    /** Rewrites every record from {@code from} on (in every segment) with its sequence shifted by {@code delta}, checksums repaired. */
    static void renumberFrom(final Path dir, final long from, final long delta) throws IOException
    {
        final java.util.Map<Path, byte[]> files = new java.util.HashMap<>();
        for (final Location at : locate(dir))
        {
            if (at.sequence() >= from)
            {
                final byte[] all = files.computeIfAbsent(at.file(), f ->
                {
                    try
                    {
                        return Files.readAllBytes(f);
                    }
                    catch (final IOException ex)
                    {
                        throw new java.io.UncheckedIOException(ex);
                    }
                });
                final byte[] record = java.util.Arrays.copyOfRange(all, (int)at.offset(), (int)at.offset() + at.length());
                setSequence(record, at.sequence() + delta);
                fixCrc(record);
                System.arraycopy(record, 0, all, (int)at.offset(), record.length);
            }
        }
        for (final java.util.Map.Entry<Path, byte[]> file : files.entrySet())
        {
            Files.write(file.getKey(), file.getValue());
        }
    }
}
