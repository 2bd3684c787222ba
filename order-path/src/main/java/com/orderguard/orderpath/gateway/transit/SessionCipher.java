package com.orderguard.orderpath.gateway.transit;

import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import org.agrona.MutableDirectBuffer;

/**
 * One direction of an encrypted session: seals and opens Sealed frames (docs/order-entry-protocol.md,
 * "Transit encryption") in place in the connection's buffer, allocating nothing.
 * <pre>
 *  0 header (8): frameLength = 32 + inner length, messageType 12 (Sealed), version 1
 *  8 int64 sequence: 1, 2, 3, ... per direction
 * 16 the inner frame (header and all), AES-256-GCM encrypted
 * 16 + inner: 16-byte GCM tag over bytes 0..15 (as AAD) and the ciphertext
 * nonce = direction (uint32 big-endian: 1 client to appliance, 2 appliance to client) || sequence (uint64 big-endian)
 * </pre>
 * What must hold: a (key, nonce) pair is used once. Each direction has its own key and its own
 * direction in the nonce; {@link #seal} numbers messages 1, 2, 3... and refuses to wrap
 * ({@link #REJECT_EXHAUSTED}: the session must end); {@link #open} accepts only the next number, so a
 * replayed, reordered or dropped frame is refused, as is any altered byte. Int codes, never
 * exceptions on bad input: it runs on the order-path thread. Not thread-safe: one per direction.
 */
public final class SessionCipher
{
    public static final int CLIENT_TO_APPLIANCE = 1;
    public static final int APPLIANCE_TO_CLIENT = 2;
    public static final int SEQUENCE_OFFSET = Frame.HEADER_LENGTH;
    public static final int INNER_OFFSET = SEQUENCE_OFFSET + 8;
    /** Bytes a Sealed frame adds to the frame it carries: header, sequence, tag. */
    public static final int OVERHEAD = INNER_OFFSET + AesGcm.TAG_BYTES;
    /** Largest inner frame that still fits a frame of {@link Frame#MAX_FRAME_LENGTH}. */
    public static final int MAX_INNER_LENGTH = Frame.MAX_FRAME_LENGTH - OVERHEAD;

    public static final int REJECT_SEQUENCE = -1;
    public static final int REJECT_AUTHENTICATION = -2;
    public static final int REJECT_LENGTH = -3;
    public static final int REJECT_EXHAUSTED = -4;

    private final AesGcm gcm;
    private final int direction;
    private final boolean sealing;
    private final byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    private final byte[] aad = new byte[INNER_OFFSET];
    private final byte[] work = new byte[Frame.MAX_FRAME_LENGTH];
    private long lastSequence;

    /**
     * @param key       the direction's AES-256 key (from the key exchange); copied into the cipher.
     * @param direction {@link #CLIENT_TO_APPLIANCE} or {@link #APPLIANCE_TO_CLIENT}.
     * @param sealing   true for the sending side of that direction.
     */
    public SessionCipher(final byte[] key, final int direction, final boolean sealing)
    {
        if (CLIENT_TO_APPLIANCE != direction && APPLIANCE_TO_CLIENT != direction)
        {
            throw new IllegalArgumentException("direction must be 1 or 2, was " + direction);
        }
        this.gcm = new AesGcm(key);
        this.direction = direction;
        this.sealing = sealing;
        nonce[3] = (byte)direction;
    }

    /**
     * Seals the inner frame of {@code innerLength} bytes the caller encoded at
     * {@code frameOffset + INNER_OFFSET}: writes the Sealed header and the next sequence number, encrypts
     * the inner frame in place and appends the tag.
     *
     * @return the Sealed frame's length ({@code innerLength + OVERHEAD}), {@link #REJECT_LENGTH} for an
     * inner frame that does not fit, or {@link #REJECT_EXHAUSTED} when the sequence would wrap.
     */
    public int seal(final MutableDirectBuffer buffer, final int frameOffset, final int innerLength)
    {
        if (!sealing)
        {
            throw new IllegalStateException("this is the receiving direction");
        }
        if (innerLength < Frame.HEADER_LENGTH || innerLength > MAX_INNER_LENGTH)
        {
            return REJECT_LENGTH;
        }
        if (Long.MAX_VALUE == lastSequence)
        {
            return REJECT_EXHAUSTED;
        }
        final long sequence = lastSequence + 1;
        final int frameLength = innerLength + OVERHEAD;
        buffer.putInt(frameOffset + Frame.LENGTH_OFFSET, frameLength);
        buffer.putShort(frameOffset + Frame.TYPE_OFFSET, (short)MessageType.SEALED);
        buffer.putShort(frameOffset + Frame.VERSION_OFFSET, (short)Frame.VERSION);
        buffer.putLong(frameOffset + SEQUENCE_OFFSET, sequence);
        prepare(buffer, frameOffset, sequence);
        buffer.getBytes(frameOffset + INNER_OFFSET, work, 0, innerLength);
        gcm.seal(nonce, aad, INNER_OFFSET, work, 0, innerLength, work, innerLength);
        buffer.putBytes(frameOffset + INNER_OFFSET, work, 0, innerLength + AesGcm.TAG_BYTES);
        lastSequence = sequence;
        return frameLength;
    }

    /**
     * Opens the Sealed frame of {@code frameLength} bytes at {@code frameOffset}: on success the inner frame
     * lies decrypted at {@code frameOffset + INNER_OFFSET}.
     *
     * @return the inner frame's length, or {@link #REJECT_LENGTH} (too short or long to hold a frame),
     * {@link #REJECT_SEQUENCE} (not the next number: replayed, reordered or dropped) or
     * {@link #REJECT_AUTHENTICATION} (altered, or sealed under another key); a refusal changes nothing.
     */
    public int open(final MutableDirectBuffer buffer, final int frameOffset, final int frameLength)
    {
        if (sealing)
        {
            throw new IllegalStateException("this is the sending direction");
        }
        final int innerLength = frameLength - OVERHEAD;
        if (innerLength < Frame.HEADER_LENGTH || innerLength > MAX_INNER_LENGTH)
        {
            return REJECT_LENGTH;
        }
        final long sequence = buffer.getLong(frameOffset + SEQUENCE_OFFSET);
        if (sequence != lastSequence + 1 || Long.MAX_VALUE == lastSequence)
        {
            return REJECT_SEQUENCE;
        }
        prepare(buffer, frameOffset, sequence);
        buffer.getBytes(frameOffset + INNER_OFFSET, work, 0, innerLength + AesGcm.TAG_BYTES);
        if (!gcm.open(nonce, aad, INNER_OFFSET, work, 0, innerLength, work, innerLength))
        {
            return REJECT_AUTHENTICATION;
        }
        buffer.putBytes(frameOffset + INNER_OFFSET, work, 0, innerLength);
        lastSequence = sequence;
        return innerLength;
    }

    /** The last sequence number sealed or accepted (0 before the first). */
    public long lastSequence()
    {
        return lastSequence;
    }

    public int direction()
    {
        return direction;
    }

    private void prepare(final MutableDirectBuffer buffer, final int frameOffset, final long sequence)
    {
        for (int i = 0; i < 8; i++)
        {
            nonce[4 + i] = (byte)(sequence >>> (56 - 8 * i));
        }
        buffer.getBytes(frameOffset, aad, 0, INNER_OFFSET);
    }
}
