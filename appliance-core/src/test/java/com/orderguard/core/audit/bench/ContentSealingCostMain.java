package com.orderguard.core.audit.bench;

import java.nio.file.Path;


import org.agrona.concurrent.UnsafeBuffer;

import com.orderguard.core.audit.JournalContentSealer;
import com.orderguard.core.audit.SealedOrderRecord;
import com.orderguard.core.audit.SoftwareEnvelope;
import com.orderguard.orderpath.OrderEvents;

/**
 * What sealing order content costs the journal thread: {@code takeKeyRecord(epochNanos)} + encoding an 80-byte
 * order event as the journal does ({@link SealedOrderRecord.Encoder}: metadata out, the event sealed
 * with the metadata as AAD, nothing allocated), and a content-key rotation when the next key was made
 * ahead versus made inline. The envelope (which only seals the pair's private key, once) is
 * an in-memory stand-in here: it is not on the per-event path.
 */
public final class ContentSealingCostMain
{
    private ContentSealingCostMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final JournalContentSealer sealer = new JournalContentSealer(new SoftwareEnvelope(), Path.of("unused"));
        sealer.use(sealer.newPair());
        final SealedOrderRecord.Encoder encoder = new SealedOrderRecord.Encoder(sealer);
        final UnsafeBuffer event = new UnsafeBuffer(new byte[OrderEvents.ORDER_LENGTH]);
        final int events = 2_000_000;
        for (int round = 0; round < 5; round++)
        {
            final long start = System.nanoTime();
            final long epochNanos = System.currentTimeMillis() * 1_000_000L;
            for (int i = 0; i < events; i++)
            {
                sealer.takeKeyRecord(epochNanos + i); // the journal passes each event's own timestamp
                event.putLong(OrderEvents.ORDER_ORDER_ID_OFFSET, i);
                encoder.encode(OrderEvents.ORDER_ROUTED, event, 0, OrderEvents.ORDER_LENGTH);
            }
            final long ns = System.nanoTime() - start;
            System.out.printf("round %d: %,.0f ns per event, %,.0f events/s%n", round, (double)ns / events, events * 1e9 / ns);
        }
        final int rotations = 20;
        long ahead = 0;
        long inline = 0;
        for (int i = 0; i < rotations; i++)
        {
            Thread.sleep(300); // time for the preparer to make the next key
            sealer.rotateContentKey();
            long start = System.nanoTime();
            sealer.takeKeyRecord();
            ahead += System.nanoTime() - start;
            sealer.rotateContentKey();
            start = System.nanoTime();
            sealer.takeKeyRecord(); // the next one is not ready yet: made inline
            inline += System.nanoTime() - start;
        }
        System.out.printf("content-key rotation on the journal thread: %,.0f us made ahead, %,.0f us made inline (means of %d)%n",
            ahead / 1e3 / rotations, inline / 1e3 / rotations, rotations);
    }
}
