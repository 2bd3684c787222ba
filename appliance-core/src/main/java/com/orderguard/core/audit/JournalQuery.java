package com.orderguard.core.audit;

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
