package com.orderguard.orderpath.gateway.transit;

import com.orderguard.orderpath.gateway.LogonAuthenticator;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.SecureLogonAckCodec;
import com.orderguard.orderpath.protocol.SecureLogonCodec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;

/**
 * The broker's side of opening an encrypted session (client libraries and tests): makes the
 * SecureLogon (the client's ephemeral key under its HMAC), then checks the appliance's
 * SecureLogonAck against the gateway public key it pinned and derives the session's keys. One per
 * logon attempt; allocates freely.
 */
public final class ClientHandshake
{
    private final SessionKeyExchange.ClientStart start;

    private ClientHandshake(final SessionKeyExchange.ClientStart start)
    {
        this.start = start;
    }

    /**
     * The appliance's gateway public key as officers export it (PEM, SubjectPublicKeyInfo), to pin.
     * (key-custody's PublicKeyPem writes it; a broker's client does not depend on key custody.)
     */
    public static PublicKey readPinnedKey(final java.nio.file.Path pem) throws java.io.IOException
    {
        final String text = java.nio.file.Files.readString(pem, java.nio.charset.StandardCharsets.US_ASCII)
            .replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "").strip();
        try
        {
            return java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.X509EncodedKeySpec(java.util.Base64.getMimeDecoder().decode(text)));
        }
        catch (final IllegalArgumentException | GeneralSecurityException ex)
        {
            throw new java.io.IOException(pem + " does not hold an EC public key in PEM: " + ex.getMessage(), ex);
        }
    }

    public static ClientHandshake begin(final SecureRandom random) throws GeneralSecurityException
    {
        return new ClientHandshake(SessionKeyExchange.clientHello(random));
    }

    /** The SecureLogon frame (164 bytes), HMAC-signed with the client's key. */
    public byte[] secureLogon(final long packedClientId, final long timestampEpochNs, final long nonce, final byte[] hmacKey)
    {
        final byte[] frame = new byte[SecureLogonCodec.LENGTH];
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(Frame.LENGTH_OFFSET, SecureLogonCodec.LENGTH)
            .putShort(Frame.TYPE_OFFSET, (short)MessageType.SECURE_LOGON)
            .putShort(Frame.VERSION_OFFSET, (short)Frame.VERSION)
            .putLong(SecureLogonCodec.CLIENT_ID_OFFSET, packedClientId)
            .putLong(SecureLogonCodec.TIMESTAMP_OFFSET, timestampEpochNs)
            .putLong(SecureLogonCodec.NONCE_OFFSET, nonce);
        System.arraycopy(start.hello(), 0, frame, SecureLogonCodec.HELLO_OFFSET, SecureLogonCodec.HELLO_LENGTH);
        LogonAuthenticator.sign(hmacKey, frame, SecureLogonCodec.SIGNED_LENGTH);
        return frame;
    }

    /**
     * Checks the appliance's answer and derives the keys.
     *
     * @throws GeneralSecurityException when the signature does not verify with {@code pinnedGatewayKey}
     * (not the appliance, or tampered) or the frame is malformed.
     */
    public ClientTransit finish(final byte[] secureLogonAck, final PublicKey pinnedGatewayKey) throws GeneralSecurityException
    {
        final byte[] serverHello = SecureLogonAckCodec.serverHello(secureLogonAck);
        if (null == serverHello)
        {
            throw new GeneralSecurityException("malformed SecureLogonAck");
        }
        return new ClientTransit(SessionKeyExchange.clientFinish(start, serverHello, pinnedGatewayKey));
    }
}
