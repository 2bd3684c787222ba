package com.orderguard.custody;

import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.custody.transit.SessionCipher;
import com.orderguard.custody.transit.SessionKeyExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Per-session transit encryption: a key exchange authenticated by the token's gateway key, then AES-GCM with sequence IVs. */
class SessionTransitTest
{
    private static final byte[] ORDER = "NEW clOrdId=7 XLON VOD.L BUY 100 @ 72.15 acct=ABC".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER = {0, 64, 1, 2};

    @Test
    void shouldAgreeOnKeysWhenTheClientPinsTheAppliancesGatewayKeyAndCarryOrdersBothWays() throws Exception
    {
        final Session session = Session.open();
        final byte[] wire = new byte[ORDER.length + SessionCipher.TAG_BYTES];
        final byte[] plain = new byte[ORDER.length];

        assertEquals(wire.length, session.client.sending().seal(1, HEADER, ORDER, 0, ORDER.length, wire, 0));
        assertEquals(ORDER.length, session.server.receiving().open(1, HEADER, wire, 0, wire.length, plain, 0));
        assertArrayEquals(ORDER, plain);
        assertEquals(wire.length, session.server.sending().seal(1, HEADER, ORDER, 0, ORDER.length, wire, 0));
        assertEquals(ORDER.length, session.client.receiving().open(1, HEADER, wire, 0, wire.length, plain, 0));
        assertArrayEquals(session.client.transcriptHash(), session.server.transcriptHash());
    }

    @Test
    void shouldRejectAReplayedAnAlteredAndAReusedSequenceNumber() throws Exception
    {
        final Session session = Session.open();
        final byte[] wire = new byte[ORDER.length + SessionCipher.TAG_BYTES];
        final byte[] plain = new byte[ORDER.length];
        session.client.sending().seal(5, HEADER, ORDER, 0, ORDER.length, wire, 0);
        assertEquals(ORDER.length, session.server.receiving().open(5, HEADER, wire, 0, wire.length, plain, 0));

        assertEquals(SessionCipher.REJECT_SEQUENCE, session.server.receiving().open(5, HEADER, wire, 0, wire.length, plain, 0));
        assertEquals(SessionCipher.REJECT_SEQUENCE, session.client.sending().seal(5, HEADER, ORDER, 0, ORDER.length, wire, 0));
        session.client.sending().seal(6, HEADER, ORDER, 0, ORDER.length, wire, 0);
        final byte[] altered = wire.clone();
        altered[3] ^= 1;
        assertEquals(SessionCipher.REJECT_AUTHENTICATION, session.server.receiving().open(6, HEADER, altered, 0, altered.length, plain, 0));
        assertEquals(SessionCipher.REJECT_AUTHENTICATION, session.server.receiving().open(6, new byte[] {9}, wire, 0, wire.length, plain, 0));
        assertEquals(ORDER.length, session.server.receiving().open(6, HEADER, wire, 0, wire.length, plain, 0),
            "a rejected message does not move the expected sequence");
    }

    @Test
    void shouldRefuseAServerThatIsNotTheApplianceAndAClientPointOffTheCurve() throws Exception
    {
        final Session session = Session.open();
        final SessionKeyExchange.ClientStart start = SessionKeyExchange.clientHello(new SecureRandom());
        final SessionKeyExchange.ServerResult reply = SessionKeyExchange.serverRespond(start.hello(),
            data -> session.custody.keyCustody.sign(KeyPurpose.GATEWAY_SIGNING, data), new SecureRandom());
        final byte[] forged = reply.serverHello().clone();
        forged[10] ^= 1;   // a man in the middle swapping the server's ephemeral point

        assertThrows(GeneralSecurityException.class, () -> SessionKeyExchange.clientFinish(start, forged, session.gatewayKey));
        final byte[] offCurve = start.hello().clone();
        Arrays.fill(offCurve, 1, 65, (byte)7);
        assertThrows(GeneralSecurityException.class, () -> SessionKeyExchange.serverRespond(offCurve,
            data -> session.custody.keyCustody.sign(KeyPurpose.GATEWAY_SIGNING, data), new SecureRandom()));
    }

    /** An appliance with an ACTIVE gateway-signing key (generated in the token under quorum) and one session over it. */
    static final class Session
    {
        TestCustody custody;
        PublicKey gatewayKey;
        SessionKeyExchange.SessionKeys client;
        SessionKeyExchange.SessionKeys server;

        static Session open() throws Exception
        {
            final Session s = new Session();
            s.custody = TestCustody.initialise().unsealed();
            final TestQuorum quorum = new TestQuorum(s.custody.clock);
            s.custody.keyCustody.attachQuorum(quorum.book);
            final var generated = s.custody.keyCustody.rotateKey(KeyPurpose.GATEWAY_SIGNING,
                quorum.approve(KeyOperations.ROTATE, KeyOperations.rotate(KeyPurpose.GATEWAY_SIGNING, null)));
            final String pem = s.custody.keyCustody.exportPublicKey(generated.alias(),
                quorum.approve(KeyOperations.EXPORT_PUBLIC_KEY, KeyOperations.onKey(generated)));
            s.gatewayKey = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(
                pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""))));

            final SessionKeyExchange.ClientStart start = SessionKeyExchange.clientHello(new SecureRandom());
            final SessionKeyExchange.ServerResult reply = SessionKeyExchange.serverRespond(start.hello(),
                data -> s.custody.keyCustody.sign(KeyPurpose.GATEWAY_SIGNING, data), new SecureRandom());
            s.server = reply.keys();
            s.client = SessionKeyExchange.clientFinish(start, reply.serverHello(), s.gatewayKey);
            return s;
        }
    }
}
