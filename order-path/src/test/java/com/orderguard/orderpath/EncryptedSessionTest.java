package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.LogonRejectReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Transit encryption on the broker leg (the gateway's default): a session opens with a key exchange
 * the appliance signs with its gateway key in a real SoftHSM token, and every later frame in either
 * direction is sealed. A frame that was altered, replayed or sent in clear ends the session with one
 * TRANSIT_AUTHENTICATION event and never reaches the risk checks or the venue.
 */
class EncryptedSessionTest
{
    private static TokenGatewayKey gatewayKey;
    private TestVenue venue;
    private OrderPath orderPath;
    private final List<String> events = new ArrayList<>();

    @BeforeAll
    static void token() throws Exception
    {
        gatewayKey = TokenGatewayKey.create();
    }

    @AfterAll
    static void noToken()
    {
        gatewayKey = null;
    }

    @BeforeEach
    void start() throws Exception
    {
        venue = new TestVenue(true);
        orderPath = gatewayKey.startOpen(OrderPathFixture.properties(venue.port()));
    }

    @AfterEach
    void stop() throws Exception
    {
        orderPath.close();
        venue.close();
    }

    @Test
    void shouldTradeOverASessionWhoseKeyExchangeTheTokenSigned() throws Exception
    {
        try (TestClient client = TestClient.loggedOnEncrypted(orderPath.gatewayAddress(), OrderPathFixture.CLIENT,
            gatewayKey.publicKey))
        {
            client.order(1, "AAPL", 10, 1_000_000);
            assertEquals(ExecType.ACK, client.await(5_000).execType(), "the report arrives sealed and opens");
            assertEquals(ExecType.FILL, client.await(5_000).execType());
            client.order(2, "AAPL", OrderPathFixture.MAX_QUANTITY + 1, 1_000_000);
            assertEquals(RejectReason.MAX_QUANTITY, client.await(5_000).rejectReason());
        }
        assertEquals(1, venue.ordersReceived());
        awaitEvent(e -> e.startsWith("SESSION_LOGON "));
    }

    @Test
    void shouldEndTheSessionOnAnAlteredSealedFrame() throws Exception
    {
        try (TestClient client = TestClient.loggedOnEncrypted(orderPath.gatewayAddress(), OrderPathFixture.CLIENT,
            gatewayKey.publicKey))
        {
            final byte[] sealed = client.seal(client.newOrderFrame(1, "AAPL", 10, 1_000_000));
            sealed[30] ^= 0x01; // inside the encrypted NewOrder
            client.sendRaw(sealed);
            assertTrue(client.closedByPeer(5_000), "an altered frame ends the session");
        }
        awaitEvent(e -> e.startsWith("SESSION_CLOSED") && e.contains("reason=TRANSIT_AUTHENTICATION"));
        assertEquals(0, venue.ordersReceived(), "nothing of it reached the venue");
        assertEquals(0, orderPath.metrics().rejected(RejectReason.MALFORMED), "nor the checks");
    }

    @Test
    void shouldEndTheSessionOnAReplayedSealedFrame() throws Exception
    {
        try (TestClient client = TestClient.loggedOnEncrypted(orderPath.gatewayAddress(), OrderPathFixture.CLIENT,
            gatewayKey.publicKey))
        {
            final byte[] sealed = client.seal(client.newOrderFrame(1, "AAPL", 10, 1_000_000));
            client.sendRaw(sealed);
            assertEquals(ExecType.ACK, client.await(5_000).execType());
            client.sendRaw(sealed); // the captured bytes again
            assertTrue(client.closedByPeer(5_000));
        }
        awaitEvent(e -> e.startsWith("SESSION_CLOSED") && e.contains("reason=TRANSIT_AUTHENTICATION"));
        assertEquals(1, venue.ordersReceived(), "the replay was not routed");
    }

    @Test
    void shouldEndTheSessionOnAFrameInClear() throws Exception
    {
        try (TestClient client = TestClient.loggedOnEncrypted(orderPath.gatewayAddress(), OrderPathFixture.CLIENT,
            gatewayKey.publicKey))
        {
            client.sendRaw(client.newOrderFrame(1, "AAPL", 10, 1_000_000));
            assertTrue(client.closedByPeer(5_000));
        }
        awaitEvent(e -> e.startsWith("SESSION_CLOSED") && e.contains("reason=TRANSIT_AUTHENTICATION"));
        assertEquals(0, venue.ordersReceived());
    }

    @Test
    void shouldRefuseAPlainLogonWhenTheGatewayEncrypts() throws Exception
    {
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            assertFalse(client.logon(OrderPathFixture.CLIENT));
        }
        awaitEvent(e -> e.startsWith("SESSION_LOGON_REJECTED") &&
            e.contains("reason=" + LogonRejectReason.name(LogonRejectReason.ENCRYPTION_REQUIRED)));
    }

    @Test
    void shouldNotTrustAnAnswerSignedByAnotherKey() throws Exception
    {
        // Only its public half matters (the client pins it); a second token here would re-initialise SoftHSM
        // under the gateway's, so the impostor key is a plain JCE one.
        final java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        final java.security.PublicKey impostor = generator.generateKeyPair().getPublic();
        try (TestClient client = new TestClient(orderPath.gatewayAddress()))
        {
            assertThrows(GeneralSecurityException.class, () -> client.secureLogon(OrderPathFixture.CLIENT, impostor),
                "a client pinning another gateway key refuses the appliance's answer");
        }
    }

    @Test
    void shouldRefuseTheLogonWhileTheTokenCannotSign() throws Exception
    {
        gatewayKey.token.closeAllSessions(); // the HSM session is gone: no signature until custody logs in again
        try
        {
            try (TestClient client = new TestClient(orderPath.gatewayAddress()))
            {
                assertFalse(client.secureLogon(OrderPathFixture.CLIENT, gatewayKey.publicKey));
            }
            awaitEvent(e -> e.startsWith("SESSION_LOGON_REJECTED") &&
                e.contains("reason=" + LogonRejectReason.name(LogonRejectReason.TRANSIT_UNAVAILABLE)));
        }
        finally
        {
            gatewayKey = TokenGatewayKey.create(); // the next test gets a token that signs
        }
    }

    @Test
    void shouldEndEveryHostileEncryptedSessionAndKeepServingAWellBehavedOne() throws Exception
    {
        final long seed = Long.getLong("hostile.seed", 20_261_122L);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        try (TestClient good = TestClient.loggedOnEncrypted(orderPath.gatewayAddress(), OrderPathFixture.OTHER_CLIENT,
            gatewayKey.publicKey))
        {
            long goodClOrdId = 1;
            for (int c = 0; c < 40; c++)
            {
                final String name = "case " + c + " (seed " + seed + ")";
                try (TestClient hostile = TestClient.loggedOnEncrypted(orderPath.gatewayAddress(), OrderPathFixture.CLIENT,
                    gatewayKey.publicKey))
                {
                    final byte[] sealed = hostile.seal(hostile.newOrderFrame(1_000 + c, "AAPL", 10, 1_000_000));
                    switch (random.nextInt(4))
                    {
                        case 0 -> sealed[random.nextInt(sealed.length - 8) + 8] ^= (byte)(1 + random.nextInt(255));
                        case 1 -> sealed[8] += (byte)(1 + random.nextInt(3)); // a sequence number not the next one
                        case 2 -> java.nio.ByteBuffer.wrap(sealed).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .putShort(4, (short)random.nextInt(1, 12)); // a type other than Sealed
                        default ->
                        {
                            final byte[] garbage = new byte[sealed.length];
                            random.nextBytes(garbage);
                            java.nio.ByteBuffer.wrap(garbage).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                .putInt(0, garbage.length).putShort(4, (short)12).putShort(6, (short)1);
                            System.arraycopy(garbage, 0, sealed, 0, sealed.length);
                        }
                    }
                    hostile.sendRaw(sealed);
                    assertTrue(hostile.closedByPeer(5_000), name + ": the session ends");
                }
                good.order(goodClOrdId++, "AAPL", 10, 1_000_000);
                assertEquals(ExecType.ACK, good.await(5_000).execType(), name + ": the other session is served");
                assertEquals(ExecType.FILL, good.await(5_000).execType(), name);
            }
            assertEquals(goodClOrdId - 1, venue.ordersReceived(), "no hostile order reached the venue");
        }
    }

    private void awaitEvent(final Predicate<String> wanted) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (events.stream().noneMatch(wanted))
        {
            assertTrue(System.nanoTime() < deadline, "event not seen: " + events);
            orderPath.pollDropCopy((type, buffer, index, length) ->
                events.add(OrderEvents.describe(type, buffer, index, length)), 1000);
            Thread.sleep(2);
        }
    }
}
