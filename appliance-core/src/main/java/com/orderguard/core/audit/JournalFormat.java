package com.orderguard.core.audit;

import java.nio.ByteOrder;

/**
 * The on-disk layout of the audit journal, in one place so the writer and the offline verifier
 * can never disagree.
 * <p>
 * A journal file starts with an 8-byte header ({@link #MAGIC}, then the format version as int32).
 * Records follow back to back, little-endian:
 * <pre>
 *   int32  bodyLength            length of the body below, {@link #BODY_HEADER_LENGTH}..{@link #MAX_BODY_LENGTH}
 *   body:
 *     int64  sequence            1, 2, 3 ... with no gaps
 *     int64  epochNanos          wall-clock time of the event (see docs/architecture.md, "Clocks")
 *     int16  kind                {@link RecordKind}
 *     int32  subtype             kind-specific (for ORDER_PATH: the order-path event type)
 *     byte[] payload             bodyLength - BODY_HEADER_LENGTH bytes
 *   byte[32] chainHash           SHA-256(previous chainHash || body); the first record chains from 32 zero bytes
 * </pre>
 * Because every hash covers the previous one, changing, inserting, deleting or reordering any
 * record breaks the chain at that record, and the verifier names it. Truncation at a record
 * boundary is not detectable from the file alone; the signed checkpoints of the audit-trail issue
 * close that gap.
 */
public final class JournalFormat
{
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final int MAGIC = 0x314A474F; // "OGJ1" read little-endian
    public static final int VERSION = 1;
    public static final int FILE_HEADER_LENGTH = 8;

    public static final int LENGTH_FIELD_LENGTH = 4;
    public static final int SEQUENCE_OFFSET = 0;
    public static final int EPOCH_NANOS_OFFSET = 8;
    public static final int KIND_OFFSET = 16;
    public static final int SUBTYPE_OFFSET = 18;
    public static final int PAYLOAD_OFFSET = 22;
    public static final int BODY_HEADER_LENGTH = PAYLOAD_OFFSET;
    public static final int HASH_LENGTH = 32;

    /** Upper bound on one record's payload; a larger length field can only be damage. */
    public static final int MAX_PAYLOAD_LENGTH = 64 * 1024;
    public static final int MAX_BODY_LENGTH = BODY_HEADER_LENGTH + MAX_PAYLOAD_LENGTH;

    public static final String FILE_NAME = "journal.ogj";

    private JournalFormat()
    {
    }

    public static int recordLength(final int payloadLength)
    {
        return LENGTH_FIELD_LENGTH + BODY_HEADER_LENGTH + payloadLength + HASH_LENGTH;
    }
}
