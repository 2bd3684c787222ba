package com.orderguard.quorum;

/**
 * Where the book writes every state change, before it applies it in memory (write-ahead): the
 * appliance appends each event to the audit journal, and on restart hands the same events back
 * to {@link QuorumBook#replay}. Called under the book's lock, in order, one event at a time.
 * <p>
 * What must hold: when {@link #append} returns, the event is durable. If it throws, the
 * operation fails with that exception and the book does not apply the event, so memory never
 * runs ahead of the journal.
 */
@FunctionalInterface
public interface QuorumEventSink
{
    void append(QuorumEvent event);
}
