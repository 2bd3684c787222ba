package com.orderguard.core.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * What to look for: a time range (epoch nanoseconds, inclusive; null for open), record kinds (empty
 * for all), and exact matches on actor, order id (the appliance's order id or the client order
 * id), account and symbol (null for any). Validates itself.
 */
public record JournalQuery(
    Long fromEpochNanos, Long toEpochNanos, Set<RecordKind> kinds, String actor, String orderId, String account, String symbol)
{
    public static final JournalQuery ALL = new JournalQuery(null, null, Set.of(), null, null, null, null);

    public JournalQuery
    {
        kinds = kinds == null ? Set.of() : Set.copyOf(kinds);
        if (fromEpochNanos != null && toEpochNanos != null && fromEpochNanos > toEpochNanos)
        {
            throw new IllegalArgumentException("search: from " + fromEpochNanos + " is after to " + toEpochNanos);
        }
    }

    /**
     * A query as people give it: instants (inclusive) or one UTC day (which wins over them), null for
     * any. What the CLI's and the control plane's filters both build.
     */
    public static JournalQuery of(
        final Instant from, final Instant to, final LocalDate day, final Set<RecordKind> kinds, final String actor, final String orderId,
        final String account, final String symbol)
    {
        Long fromNanos = from == null ? null : epochNanos(from);
        Long toNanos = to == null ? null : epochNanos(to);
        if (day != null)
        {
            fromNanos = epochNanos(day.atStartOfDay().toInstant(ZoneOffset.UTC));
            toNanos = epochNanos(day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)) - 1;
        }
        return new JournalQuery(fromNanos, toNanos, kinds, actor, orderId, account, symbol);
    }

    public static long epochNanos(final Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    public boolean matches(final RecordView record)
    {
        return (fromEpochNanos == null || record.epochNanos() >= fromEpochNanos) &&
            (toEpochNanos == null || record.epochNanos() <= toEpochNanos) &&
            (kinds.isEmpty() || kinds.contains(record.kind())) &&
            (actor == null || actor.equals(record.actor())) &&
            (orderId == null || orderId.equals(record.orderId()) || orderId.equals(record.clOrdId())) &&
            (account == null || account.equals(record.account())) &&
            (symbol == null || symbol.equals(record.symbol()));
    }
}
