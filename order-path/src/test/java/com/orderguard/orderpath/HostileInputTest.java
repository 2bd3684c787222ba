package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A property over random and mutated frames: whatever a session sends, the order path answers a
 * readable order with a reject (MALFORMED where a field or the length is wrong) or drops a session
 * it can no longer frame, and a well-behaved session is served right after. Seeded and
 * reproducible: every failure names its case seed ({@code -Dhostile.seed=N -Dhostile.cases=1}).
 */
class HostileInputTest
{
    private static final long SEED = Long.getLong("hostile.seed", 20_261_122L);
    private static final int CASES = Integer.getInteger("hostile.cases", 300);

    private static TestVenue venue;
    private static OrderPath orderPath;
    private static TestClient wellBehaved;
    private static long wellBehavedClOrdId;

    @BeforeAll
    static void start() throws Exception
    {
        venue = new TestVenue(true);
        orderPath = OrderPathFixture.startOpen(OrderPathFixture.properties(venue.port()));
        wellBehaved = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.OTHER_CLIENT);
    }

    @AfterAll
    static void stop() throws Exception
    {
        wellBehaved.close();
        orderPath.close();
        venue.close();
    }

    @Test
    void shouldAnswerOrDisconnectEveryHostileFrameAndKeepServingValidOrders() throws Exception
    {
        final SplittableRandom seeds = new SplittableRandom(SEED);
        for (int i = 0; i < CASES; i++)
        {
            final long caseSeed = seeds.nextLong();
            runCase(caseSeed, new SplittableRandom(caseSeed));
        }
        assertEquals(0, orderPath.metrics().dropCopyLost());
    }

    private static void runCase(final long caseSeed, final SplittableRandom random) throws Exception
    {
        final String name = "case seed " + caseSeed;
        awaitLoggedOnSessions(1, name);
        final long clOrdId = 1 + random.nextLong(1L << 40);
        try (TestClient hostile = TestClient.loggedOn(orderPath.gatewayAddress(), OrderPathFixture.CLIENT))
        {
            switch (random.nextInt(5))
            {
                case 0 ->
                {
                    final byte[] garbage = new byte[1 + random.nextInt(300)];
                    random.nextBytes(garbage);
                    hostile.send(garbage);
                    // Outcome depends on the bytes (reject, disconnect, or waiting for a declared length):
                    // what must hold is that everyone else is still served.
                }
                case 1 ->
                {
                    final byte[] frame = hostile.newOrderFrame(clOrdId, "AAPL", 10, 1_000_000);
                    final int seq = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(NewOrderCodec.MSG_SEQ_NUM_OFFSET);
                    final byte[] body = new byte[NewOrderCodec.LENGTH - NewOrderCodec.ACCOUNT_OFFSET];
                    random.nextBytes(body);
                    System.arraycopy(body, 0, frame, NewOrderCodec.ACCOUNT_OFFSET, body.length);
                    ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(NewOrderCodec.MSG_SEQ_NUM_OFFSET, seq);
                    hostile.send(frame);
                    final TestClient.Report report = hostile.await(5_000);
                    assertNotNull(report, name + ": a NewOrder of the right length is always answered");
                    assertEquals(clOrdId, report.clOrdId(), name);
                    assertTrue(ExecType.REJECT == report.execType() || ExecType.ACK == report.execType(), name);
                }
                case 2 ->
                {
                    int length;
                    do
                    {
                        length = NewOrderCodec.MIN_LENGTH_WITH_CL_ORD_ID +
                            random.nextInt(Frame.MAX_FRAME_LENGTH - NewOrderCodec.MIN_LENGTH_WITH_CL_ORD_ID + 1);
                    }
                    while (NewOrderCodec.LENGTH == length);
                    final byte[] frame = new byte[length];
                    random.nextBytes(frame);
                    ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(0, length).putShort(4, (short)MessageType.NEW_ORDER).putShort(6, (short)Frame.VERSION)
                        .putLong(NewOrderCodec.CL_ORD_ID_OFFSET, clOrdId);
                    hostile.send(frame);
                    assertRejected(hostile.await(5_000), clOrdId, RejectReason.MALFORMED, name + " length " + length);
                }
                case 3 ->
                {
                    int type;
                    do
                    {
                        type = random.nextInt(1 << 16);
                    }
                    while (MessageType.NEW_ORDER == type || MessageType.LOGON == type || MessageType.HEARTBEAT == type);
                    final byte[] frame = new byte[Frame.HEADER_LENGTH + random.nextInt(64)];
                    random.nextBytes(frame);
                    ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(0, frame.length).putShort(4, (short)type).putShort(6, (short)Frame.VERSION);
                    hostile.send(frame);
                    assertTrue(hostile.closedByPeer(5_000), name + ": type " + type + " has no clOrdId: disconnect");
                }
                default ->
                {
                    final byte[] frame = hostile.newOrderFrame(clOrdId, "AAPL", 10, 1_000_000);
                    final ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
                    switch (random.nextInt(8))
                    {
                        case 0 -> b.putLong(NewOrderCodec.QUANTITY_OFFSET, -random.nextLong(Long.MAX_VALUE));
                        case 1 -> b.putLong(NewOrderCodec.PRICE_OFFSET, -random.nextLong(Long.MAX_VALUE));
                        case 2 -> b.put(NewOrderCodec.SIDE_OFFSET, (byte)(3 + random.nextInt(250)));
                        case 3 -> b.put(NewOrderCodec.ORD_TYPE_OFFSET, (byte)(3 + random.nextInt(250)));
                        case 6 -> b.putLong(NewOrderCodec.PRICE_OFFSET, 0);
                        case 4 -> b.put(NewOrderCodec.SYMBOL_OFFSET + random.nextInt(4), (byte)(0x80 + random.nextInt(128)));
                        case 5 -> b.put(NewOrderCodec.ACCOUNT_OFFSET + random.nextInt(4), (byte)' ');
                        case 7 -> b.putLong(NewOrderCodec.QUANTITY_OFFSET, 0);
                        default -> b.putLong(NewOrderCodec.SYMBOL_OFFSET, 0);
                    }
                    hostile.send(frame);
                    assertRejected(hostile.await(5_000), clOrdId, RejectReason.MALFORMED, name);
                }
            }
        }
        assertWellBehavedSessionIsServed(name);
    }

    private static void assertWellBehavedSessionIsServed(final String name) throws Exception
    {
        final long clOrdId = ++wellBehavedClOrdId;
        wellBehaved.order(clOrdId, "MSFT", 1, 1_000_000);
        final TestClient.Report ack = wellBehaved.await(5_000);
        assertNotNull(ack, name + ": the loop must still serve valid orders");
        assertEquals(ExecType.ACK, ack.execType(), name);
        assertEquals(clOrdId, ack.clOrdId(), name);
        assertEquals(ExecType.FILL, wellBehaved.await(5_000).execType(), name);
    }

    private static void assertRejected(
        final TestClient.Report report, final long clOrdId, final int reason, final String name)
    {
        assertNotNull(report, name + ": expected a reject");
        assertEquals(ExecType.REJECT, report.execType(), name);
        assertEquals(clOrdId, report.clOrdId(), name);
        assertEquals(reason, report.rejectReason(), name + ": " + RejectReason.name(report.rejectReason()));
    }

    private static void awaitLoggedOnSessions(final long sessions, final String name) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (orderPath.metrics().sessionsLoggedOn() != sessions)
        {
            assertTrue(System.nanoTime() < deadline, name + ": previous hostile session not closed");
            Thread.sleep(1);
        }
    }
}
