package com.orderguard.harness.client;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.orderguard.orderpath.gateway.LogonAuthenticator;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.LogonCodec;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.core.io.SingleThreadedChecked;

/**
 * The Logon frame both clients send: the client id, the wall-clock time (strictly increasing within
 * this JVM, so two logons in the same millisecond are still in order for the appliance's replay
 * check), a random nonce, and the HMAC-SHA256 over bytes 0..31 with the client's key.
 */
final class SignedLogon
{
    /** The last logon timestamp sent from this JVM, by any client. */
    static final AtomicLong LAST_TIMESTAMP = new AtomicLong();
    private static final SecureRandom NONCES = new SecureRandom();

    private SignedLogon()
    {
    }

    /** A complete Logon frame; {@code hmacKey} null leaves the MAC zero (only a venue that does not authenticate takes it). */
    static byte[] frame(final String clientId, final byte[] hmacKey)
    {
        final byte[] logon = new byte[LogonCodec.LENGTH];
        final long now = System.currentTimeMillis() * 1_000_000L;
        new LogonCodec().wrapAndApplyHeader(uncheckedStore(logon), 0)
            .clientId(Ascii8.encode(clientId))
            .timestampEpochNs(LAST_TIMESTAMP.updateAndGet(last -> Math.max(last + 1, now)))
            .nonce(NONCES.nextLong());
        if (null != hmacKey)
        {
            LogonAuthenticator.sign(hmacKey, logon);
        }
        return logon;
    }

    /** A Chronicle store over {@code bytes} that any thread may use (it lives for one call or one frame). */
    static BytesStore<?, byte[]> uncheckedStore(final byte[] bytes)
    {
        final BytesStore<?, byte[]> store = BytesStore.wrap(bytes);
        ((SingleThreadedChecked)store).singleThreadedCheckDisabled(true);
        return store;
    }
}
