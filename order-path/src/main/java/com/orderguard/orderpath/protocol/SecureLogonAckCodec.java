package com.orderguard.orderpath.protocol;

/**
 * Layout of a SecureLogonAck frame (192 bytes): the appliance accepts the logon and answers the key
 * exchange.
 * <pre>
 *   0 header (8)      8 clientId (8 ASCII, echoed)
 *  16 server ephemeral P-256 point, uncompressed (65)
 *  81 server nonce (32)
 * 113 uint8 signatureLength (at most 72)
 * 114 ECDSA-SHA256 signature, DER, by the appliance's gateway-signing key (in the HSM) over the
 *     transcript "orderguard session v1" || client hello || server point || server nonce;
 *     zero-padded to 72 bytes
 * 186 zero (6)
 * </pre>
 * The client verifies the signature with the gateway public key it pinned (exported under quorum)
 * before it derives its keys: a mismatch means it is not talking to the appliance.
 */
public final class SecureLogonAckCodec
{
    public static final int CLIENT_ID_OFFSET = 8;
    public static final int SERVER_HELLO_OFFSET = 16;
    /** Point and nonce: the fixed part of the server hello. */
    public static final int SERVER_HELLO_FIXED_LENGTH = 97;
    public static final int SIGNATURE_LENGTH_OFFSET = 113;
    public static final int SIGNATURE_OFFSET = 114;
    public static final int MAX_SIGNATURE_LENGTH = 72;
    public static final int LENGTH = 192;

    private SecureLogonAckCodec()
    {
    }

    /**
     * The frame for {@code clientId} and a server hello of {@link #SERVER_HELLO_FIXED_LENGTH} bytes
     * followed by a signature of at most {@link #MAX_SIGNATURE_LENGTH}; off the order-path thread.
     */
    public static byte[] encode(final long clientId, final byte[] serverHello)
    {
        final int signatureLength = serverHello.length - SERVER_HELLO_FIXED_LENGTH;
        if (signatureLength <= 0 || signatureLength > MAX_SIGNATURE_LENGTH)
        {
            throw new IllegalArgumentException("a DER P-256 signature is 8..72 bytes, got " + signatureLength);
        }
        final java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(LENGTH).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        frame.putInt(Frame.LENGTH_OFFSET, LENGTH).putShort(Frame.TYPE_OFFSET, (short)MessageType.SECURE_LOGON_ACK)
            .putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION).putLong(CLIENT_ID_OFFSET, clientId);
        frame.put(SERVER_HELLO_OFFSET, serverHello, 0, SERVER_HELLO_FIXED_LENGTH);
        frame.put(SIGNATURE_LENGTH_OFFSET, (byte)signatureLength);
        frame.put(SIGNATURE_OFFSET, serverHello, SERVER_HELLO_FIXED_LENGTH, signatureLength);
        return frame.array();
    }

    /** The server hello (point, nonce, signature) out of a received frame; null when its signature length is impossible. */
    public static byte[] serverHello(final byte[] frame)
    {
        final int signatureLength = frame[SIGNATURE_LENGTH_OFFSET] & 0xFF;
        if (frame.length < LENGTH || signatureLength == 0 || signatureLength > MAX_SIGNATURE_LENGTH)
        {
            return null;
        }
        final byte[] hello = new byte[SERVER_HELLO_FIXED_LENGTH + signatureLength];
        System.arraycopy(frame, SERVER_HELLO_OFFSET, hello, 0, SERVER_HELLO_FIXED_LENGTH);
        System.arraycopy(frame, SIGNATURE_OFFSET, hello, SERVER_HELLO_FIXED_LENGTH, signatureLength);
        return hello;
    }
}
