package com.orderguard.orderpath.protocol;

import net.openhft.chronicle.bytes.BytesStore;

/**
 * The frame header every message starts with: {@code int32 frameLength} (the whole frame, header
 * included), {@code uint16 messageType}, {@code uint16 version}. All fields little-endian.
 * <p>
 * Frames have fixed lengths per type, so a reader can validate a frame from its first eight bytes
 * and decode the rest in place at fixed offsets. A length outside
 * [{@link #HEADER_LENGTH}, {@link #MAX_FRAME_LENGTH}] cannot be trusted to find the next frame:
 * the only safe answer is to drop the session.
 * <p>
 * Chronicle's {@code BytesStore} reads and writes in native order; the appliance runs on
 * little-endian CPUs only (x86-64, aarch64), which {@link #requireLittleEndian()} checks at start-up.
 */
public final class Frame
{
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int VERSION_OFFSET = 6;
    public static final int HEADER_LENGTH = 8;
    public static final int VERSION = 1;
    /** Largest frame length that still keeps framing; longer declared lengths drop the session. */
    public static final int MAX_FRAME_LENGTH = 256;

    private Frame()
    {
    }

    public static int frameLength(final BytesStore<?, ?> store, final long offset)
    {
        return store.readInt(offset + LENGTH_OFFSET);
    }

    public static int messageType(final BytesStore<?, ?> store, final long offset)
    {
        return store.readUnsignedShort(offset + TYPE_OFFSET);
    }

    public static int version(final BytesStore<?, ?> store, final long offset)
    {
        return store.readUnsignedShort(offset + VERSION_OFFSET);
    }

    /** Writes a header for a frame of {@code frameLength} bytes of {@code type}. */
    public static void writeHeader(final BytesStore<?, ?> store, final long offset, final int frameLength, final int type)
    {
        store.writeInt(offset + LENGTH_OFFSET, frameLength);
        store.writeShort(offset + TYPE_OFFSET, (short)type);
        store.writeShort(offset + VERSION_OFFSET, (short)VERSION);
    }

    /** Whether a declared frame length keeps framing (see class comment). */
    public static boolean isPlausibleLength(final int frameLength)
    {
        return frameLength >= HEADER_LENGTH && frameLength <= MAX_FRAME_LENGTH;
    }

    /** Fails start-up on a big-endian CPU, where native-order reads would not match the wire. */
    public static void requireLittleEndian()
    {
        if (java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN)
        {
            throw new IllegalStateException("the order-entry codec needs a little-endian CPU, this one is " +
                java.nio.ByteOrder.nativeOrder());
        }
    }
}
