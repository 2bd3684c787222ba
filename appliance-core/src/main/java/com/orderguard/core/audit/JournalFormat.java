package com.orderguard.core.audit;

import java.nio.ByteOrder;

/**
 * The on-disk layout of the audit journal, in one place so the writer, the reader and the offline
 * verifier can never disagree. All integers little-endian. See docs/audit.md for the whole story.
 * <p>
 * The journal is a directory of <b>segments</b>, {@code journal-<first sequence, 20 digits>.ogj},
 * each written once from start to end and never rewritten. A segment starts with a header:
 * <pre>
 *   int32  magic                 {@link #MAGIC} ("OGJ2")
 *   int32  version               {@link #VERSION}
 *   int64  firstSequence         sequence of the segment's first record
 *   int32  frontierHashCount     popcount(firstSequence - 1)
 *   byte[32 * count] frontier    the Merkle compact range of records 1..firstSequence-1
 *   int32  crc32c                of everything above
 * </pre>
 * The frontier lets the writer reopen by reading only the last segment, and lets a verifier start
 * at a segment whose predecessors were retired; it is authenticated by the next signed checkpoint
 * (a forged frontier would need a SHA-256 preimage to reach a signed root).
 * <p>
 * Records follow back to back:
 * <pre>
 *   int32  bodyLength            {@link #BODY_HEADER_LENGTH}..{@link #MAX_BODY_LENGTH}
 *   body:
 *     int64  sequence            1, 2, 3 ... across segments, no gaps
 *     int64  epochNanos          when the event happened (docs/audit.md, "Clocks")
 *     int16  kind                {@link RecordKind}
 *     int32  subtype             kind-specific (ORDER_PATH: the order-path event type)
 *     byte[] payload             bodyLength - BODY_HEADER_LENGTH bytes
 *   int32  crc32c                of the length field and the body: names a damaged record at once
 * </pre>
 * The newest segment, while written with direct I/O, ends in fewer than one block of zeros after its
 * last record (a length field of 0 with only zeros after it is the end); a closed segment ends
 * exactly at its last record.
 * <p>
 * The Merkle leaf of a record is SHA-256(0x00 ‖ body); record n is leaf n-1 of an RFC 6962 tree.
 * Tamper evidence comes from the tree and the signed {@link RecordKind#CHECKPOINT} records, not
 * from the CRC (anyone can recompute a CRC); the CRC and the sequence only make the first bad
 * record easy to name.
 */
public final class JournalFormat
{
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final int MAGIC = 0x324A474F; // "OGJ2" read little-endian
    public static final int VERSION = 2;

    public static final int HEADER_MAGIC_OFFSET = 0;
    public static final int HEADER_VERSION_OFFSET = 4;
    public static final int HEADER_FIRST_SEQUENCE_OFFSET = 8;
    public static final int HEADER_FRONTIER_COUNT_OFFSET = 16;
    public static final int HEADER_FRONTIER_OFFSET = 20;
    public static final int CRC_LENGTH = 4;

    public static final int LENGTH_FIELD_LENGTH = 4;
    public static final int SEQUENCE_OFFSET = 0;
    public static final int EPOCH_NANOS_OFFSET = 8;
    public static final int KIND_OFFSET = 16;
    public static final int SUBTYPE_OFFSET = 18;
    public static final int PAYLOAD_OFFSET = 22;
    public static final int BODY_HEADER_LENGTH = PAYLOAD_OFFSET;
    public static final int HASH_LENGTH = MerkleHasher.HASH_LENGTH;

    /** Upper bound on one record's payload; a larger length field can only be damage. */
    public static final int MAX_PAYLOAD_LENGTH = 64 * 1024;
    public static final int MAX_BODY_LENGTH = BODY_HEADER_LENGTH + MAX_PAYLOAD_LENGTH;

    public static final String SEGMENT_PREFIX = "journal-";
    public static final String SEGMENT_SUFFIX = ".ogj";

    /**
     * The single file of the version-1 hash chain. Kept so that callers which name
     * {@code <dir>/journal.ogj} still work: {@link JournalReader} and {@link JournalVerifier}
     * read the directory's segments when given this (absent) path.
     */
    public static final String FILE_NAME = "journal.ogj";

    private JournalFormat()
    {
    }

    public static int headerLength(final long firstSequence)
    {
        return HEADER_FRONTIER_OFFSET + Long.bitCount(firstSequence - 1) * HASH_LENGTH + CRC_LENGTH;
    }

    public static int recordLength(final int payloadLength)
    {
        return LENGTH_FIELD_LENGTH + BODY_HEADER_LENGTH + payloadLength + CRC_LENGTH;
    }

    public static String segmentName(final long firstSequence)
    {
        return String.format("%s%020d%s", SEGMENT_PREFIX, firstSequence, SEGMENT_SUFFIX);
    }

    /** @return the first sequence a segment's file name claims, or -1 when it is not a segment name. */
    public static long firstSequenceOf(final String fileName)
    {
        if (!fileName.startsWith(SEGMENT_PREFIX) || !fileName.endsWith(SEGMENT_SUFFIX) ||
            fileName.length() != SEGMENT_PREFIX.length() + 20 + SEGMENT_SUFFIX.length())
        {
            return -1;
        }
        try
        {
            return Long.parseLong(fileName.substring(SEGMENT_PREFIX.length(), SEGMENT_PREFIX.length() + 20));
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }
}
