package com.orderguard.core;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import com.orderguard.core.audit.CheckpointVerifier;
import com.orderguard.core.audit.JournalReader;
import com.orderguard.core.audit.JournalVerifier;
import com.orderguard.core.audit.RecordKind;
import com.orderguard.core.audit.WitnessLog;
import com.orderguard.harness.client.ExecutionReport;
import com.orderguard.harness.client.OrderEntryClient;
import com.orderguard.harness.client.Side;
import com.orderguard.orderpath.OrderEvents;
import com.orderguard.testsupport.SoftHsmFixture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * kill -9 of the whole appliance, under order flow, at random points: for every order the broker saw
 * acknowledged, the venue's acknowledgement it relayed is in the journal afterwards, and the journal verifies with the public key against
 * the witness. An order's event enters the drop copy before the order is routed, and reaches the
 * journal file a moment later; the kill lands at once after an acknowledgement, with a burst of
 * orders in flight. What the journal had written survives a kill -9 in the page cache; what was
 * still in the drop copy survives because the drop copy is a mapped file on tmpfs
 * ({@code orderpath.dropCopy.file}) that the next start journals first; an event leaves the drop copy
 * only once the journal file holds it, and a start skips those the journal held but had not yet freed,
 * so each venue acknowledgement is journaled exactly once (checked too). (With the broker's ACK
 * behind a venue round trip the journal is usually ahead, so on an idle box this also passes with
 * {@code -Dcrash.dropCopy=memory}; {@code DropCopyFileTest} pins the ring's survival down exactly.)
 * Order content is journaled in clear here so the test can match client order ids; the sealed path
 * drains the same ring.
 */
class ApplianceCrashIT
{
    private static final long SEED = Long.getLong("crash.seed", 20_261_122L);
    private static final int CRASHES = 3;
    private static final int BURST = 25;
    /** "memory" (-Dcrash.dropCopy=memory) puts the ring back in process memory, to see this test catch the loss. */
    private static final String DROP_COPY = System.getProperty("crash.dropCopy", "");

    @Test
    void shouldJournalEveryAcknowledgedOrderAcrossKillMinusNineAndVerify() throws Exception
    {
        final Random random = new Random(SEED);
        final Set<Long> acknowledged = new TreeSet<>();
        long clOrdId = 1_000_000L;
        try (TestAppliance box = new TestAppliance(SoftHsmFixture.freshTempDir("crash-it"), Map.of(),
            DROP_COPY.isEmpty() ? List.of("journal.orderContent=plain") :
                List.of("journal.orderContent=plain", "orderpath.dropCopy.file=" + DROP_COPY), 1_000_000, "alice", "bob"))
        {
            box.unseal();
            for (int crash = 0; crash < CRASHES; crash++)
            {
                final int killAfter = 50 + random.nextInt(250);
                int acks = 0;
                try (OrderEntryClient client = OrderEntryClient.connect("127.0.0.1", box.gatewayPort))
                {
                    assertTrue(client.logon("BROKER1", box.clientKey, box.gatewayKey()));
                    reading:
                    while (true)
                    {
                        for (int i = 0; i < BURST; i++) // a burst in flight: the journal's backlog is the window
                        {
                            client.send(++clOrdId, "ACC1", "AAPL", Side.BUY, 1, 1_000_000);
                        }
                        for (int i = 0; i < BURST; i++)
                        {
                            final ExecutionReport report = client.awaitReport(Duration.ofSeconds(10));
                            assertNotNull(report, "a report for the burst up to order " + clOrdId);
                            if (report.execType() == ExecutionReport.ExecType.ACK)
                            {
                                acknowledged.add(report.clOrdId());
                                if (++acks == killAfter)
                                {
                                    break reading;
                                }
                            }
                        }
                    }
                    box.kill(); // at once after an acknowledgement, reports of the burst still in flight
                }
                box.start();
                box.unseal();
            }
            // a second appliance on the same data directory would append to the same journal and map the same drop copy
            final ChildProcess second = box.cliExpectingFailure("second-appliance", "run", "--config", box.config.toString());
            assertNotEquals(0, second.await(60), second.output());
            assertTrue(second.output().contains("another appliance is running on"), second.output());

            final java.nio.file.Path dropCopy = java.nio.file.Path.of(ApplianceConfig.load(box.config).orderPath().dropCopyFile());
            assertTrue(java.nio.file.Files.exists(dropCopy), "the drop copy is a file: " + dropCopy);
            box.stop(); // SIGTERM: the shutdown hook drains the drop copy and journals the stop
            assertFalse(java.nio.file.Files.exists(dropCopy.getParent()), "an orderly stop leaves no drop-copy file behind: " + dropCopy);
            final List<Long> venueAcks = venueAckedClOrdIds(box);
            final Set<Long> journaled = new HashSet<>();
            final Set<Long> twice = new TreeSet<>();
            for (final Long venueAck : venueAcks)
            {
                if (!journaled.add(venueAck))
                {
                    twice.add(venueAck);
                }
            }
            final Set<Long> missing = new TreeSet<>(acknowledged);
            missing.removeAll(journaled);
            System.out.println(acknowledged.size() + " orders acknowledged across " + CRASHES + " kills, " + journaled.size() +
                " venue acks in the journal");
            assertEquals(Set.of(), missing, "orders acknowledged to the broker but not in the journal after kill -9 (of " +
                acknowledged.size() + ")");
            assertEquals(Set.of(), twice, "venue acknowledgements journaled twice: a restart journaled again what the journal held");
            final JournalVerifier.Report report = JournalVerifier.verify(box.journal(),
                CheckpointVerifier.fromPem(box.work.resolve("data/custody/journal-signing.pub.pem")),
                WitnessLog.read(box.work.resolve("data/witness/checkpoints.log")), null);
            assertTrue(report.ok(), report.describe());
        }
    }

    private static List<Long> venueAckedClOrdIds(final TestAppliance box) throws Exception
    {
        final List<Long> clOrdIds = new java.util.ArrayList<>();
        try (JournalReader reader = new JournalReader(box.journal()))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                if (reader.kindCode() == RecordKind.LIFECYCLE.code())
                {
                    final String text = new String(reader.payloadCopy(), java.nio.charset.StandardCharsets.UTF_8);
                    if (text.contains("drop-copy") || text.contains("torn"))
                    {
                        System.out.println("journaled at a restart: " + text);
                    }
                }
                // the broker's ACK is sent after the venue's ack is in the drop copy: the last event before the act
                if (reader.kindCode() == RecordKind.ORDER_PATH.code() && reader.subtype() == OrderEvents.VENUE_ACK)
                {
                    final UnsafeBuffer event = new UnsafeBuffer(reader.payloadCopy());
                    clOrdIds.add(event.getLong(OrderEvents.EXEC_CL_ORD_ID_OFFSET, ByteOrder.LITTLE_ENDIAN));
                }
            }
        }
        return clOrdIds;
    }
}
