package com.orderguard.orderpath.gateway;

import com.orderguard.orderpath.protocol.LogonCodec;
import com.orderguard.orderpath.protocol.LogonRejectReason;
import com.orderguard.orderpath.protocol.SecureLogonCodec;
import net.openhft.chronicle.bytes.BytesStore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Authenticates a Logon: HMAC-SHA256 over its signed bytes (header, client id, timestamp, nonce,
 * and for a SecureLogon the client's key-exchange hello) with the client's key, a timestamp within the allowed skew of this host's clock, and
 * later than that client's last accepted logon, so a captured logon cannot be replayed even
 * within the skew window. A client without a key cannot log on (fail closed).
 * <p>
 * One {@link Mac} per client, keyed once at start-up: logon is off the per-order path but should
 * not build crypto objects either. (The JDK's Mac returns a fresh array per MAC; a logon may
 * allocate that much.) The key bytes will move into the HSM later; this class is the one place
 * that holds them. The gateway's establisher thread only.
 */
public final class LogonAuthenticator
{
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac[] macs;
    private final long[] lastTimestampNs;
    private final long maxSkewNs;
    private final byte[] signed = new byte[SecureLogonCodec.SIGNED_LENGTH];
    private final byte[] received = new byte[LogonCodec.HMAC_LENGTH];

    /** @param keys per client index, null where the client has no key. */
    public LogonAuthenticator(final byte[][] keys, final long maxSkewNs)
    {
        macs = new Mac[keys.length];
        lastTimestampNs = new long[keys.length];
        this.maxSkewNs = maxSkewNs;
        for (int i = 0; i < keys.length; i++)
        {
            if (null != keys[i])
            {
                macs[i] = newMac(keys[i]);
                java.util.Arrays.fill(keys[i], (byte)0);
            }
        }
    }

    private static Mac newMac(final byte[] key)
    {
        try
        {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot set up " + ALGORITHM, ex);
        }
    }

    /**
     * @return 0 when the logon is authentic and fresh (and records its timestamp), else a
     * {@link LogonRejectReason}.
     */
    public int verify(final int clientIndex, final LogonCodec logon, final long nowEpochNs)
    {
        return verify(clientIndex, logon.store(), logon.offset(), LogonCodec.SIGNED_LENGTH, nowEpochNs);
    }

    /**
     * The same for a frame at {@code offset} in {@code store} whose HMAC follows its first
     * {@code signedLength} bytes (a Logon: 32, a SecureLogon: 132); the timestamp is at offset 16 in both.
     */
    public int verify(
        final int clientIndex, final BytesStore<?, ?> store, final long offset, final int signedLength, final long nowEpochNs)
    {
        final Mac mac = macs[clientIndex];
        if (null == mac)
        {
            return LogonRejectReason.BAD_SIGNATURE;
        }
        for (int i = 0; i < signedLength; i++)
        {
            signed[i] = store.readByte(offset + i);
        }
        for (int i = 0; i < LogonCodec.HMAC_LENGTH; i++)
        {
            received[i] = store.readByte(offset + signedLength + i);
        }
        mac.update(signed, 0, signedLength);
        final byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, received))
        {
            return LogonRejectReason.BAD_SIGNATURE;
        }
        final long timestamp = store.readLong(offset + LogonCodec.TIMESTAMP_OFFSET);
        if (Math.abs(nowEpochNs - timestamp) > maxSkewNs || timestamp <= lastTimestampNs[clientIndex])
        {
            return LogonRejectReason.STALE_OR_REPLAYED;
        }
        lastTimestampNs[clientIndex] = timestamp;
        return 0;
    }

    /**
     * Signs a logon frame in place (clients, tests, the simulator): computes the HMAC over bytes
     * 0..31 of {@code frame} and writes it at 32. Off the hot path.
     */
    public static void sign(final byte[] key, final byte[] frame)
    {
        sign(key, frame, LogonCodec.SIGNED_LENGTH);
    }

    /** Signs a Logon ({@code signedLength} 32) or SecureLogon (132) frame in place: the HMAC follows the signed bytes. */
    public static void sign(final byte[] key, final byte[] frame, final int signedLength)
    {
        final Mac mac = newMac(key);
        mac.update(frame, 0, signedLength);
        System.arraycopy(mac.doFinal(), 0, frame, signedLength, LogonCodec.HMAC_LENGTH);
    }
}
