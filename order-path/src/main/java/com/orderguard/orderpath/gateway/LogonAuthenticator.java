package com.orderguard.orderpath.gateway;

import com.orderguard.orderpath.protocol.LogonCodec;
import com.orderguard.orderpath.protocol.LogonRejectReason;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Authenticates a Logon: HMAC-SHA256 over its first 32 bytes (header, client id, timestamp,
 * nonce) with the client's key, a timestamp within the allowed skew of this host's clock, and
 * later than that client's last accepted logon, so a captured logon cannot be replayed even
 * within the skew window. A client without a key cannot log on (fail closed).
 * <p>
 * One {@link Mac} per client, keyed once at start-up: logon is off the per-order path but should
 * not build crypto objects either. (The JDK's Mac returns a fresh array per MAC; a logon may
 * allocate that much.) The key bytes will move into the HSM later; this class is the one place
 * that holds them. Order-path thread only.
 */
public final class LogonAuthenticator
{
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac[] macs;
    private final long[] lastTimestampNs;
    private final long maxSkewNs;
    private final byte[] signed = new byte[LogonCodec.SIGNED_LENGTH];
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
        final Mac mac = macs[clientIndex];
        if (null == mac)
        {
            return LogonRejectReason.BAD_SIGNATURE;
        }
        logon.getSignedBytes(signed);
        logon.getHmac(received);
        mac.update(signed, 0, signed.length);
        final byte[] expected = mac.doFinal();
        if (!MessageDigest.isEqual(expected, received))
        {
            return LogonRejectReason.BAD_SIGNATURE;
        }
        final long timestamp = logon.timestampEpochNs();
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
        final Mac mac = newMac(key);
        mac.update(frame, 0, LogonCodec.SIGNED_LENGTH);
        System.arraycopy(mac.doFinal(), 0, frame, LogonCodec.HMAC_OFFSET, LogonCodec.HMAC_LENGTH);
    }
}
