package com.orderguard.core.audit;

import java.util.function.Consumer;

/**
 * When and how the journal signs and publishes checkpoints: every {@code everyRecords} records or
 * every {@code everyNanos} nanoseconds, whichever comes first (and at a clean close), signed by
 * {@code signer}, appended to {@code witness} (may be null) and handed to {@code listener} (may be
 * null; called on the journal thread once the checkpoint is durable, so it must only hand the
 * checkpoint off, e.g. to the control plane's HTTP publisher; if it throws, the journal fails closed).
 */
public record CheckpointPolicy(
    CheckpointSigner signer, long everyRecords, long everyNanos, WitnessLog witness, Consumer<Checkpoint> listener)
{
    public static final long DEFAULT_EVERY_RECORDS = 100_000;
    public static final long DEFAULT_EVERY_NANOS = 1_000_000_000L;

    public CheckpointPolicy
    {
        if (signer == null)
        {
            throw new IllegalArgumentException("a checkpoint policy needs a signer");
        }
        if (everyRecords < 1)
        {
            throw new IllegalArgumentException("journal.checkpoint.everyRecords must be >= 1, was " + everyRecords);
        }
        if (everyNanos < 1_000_000)
        {
            throw new IllegalArgumentException("journal.checkpoint.everyMs must be >= 1, was " + everyNanos / 1_000_000.0);
        }
    }
}
