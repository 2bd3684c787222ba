package com.orderguard.quorum;

import java.util.ArrayList;
import java.util.List;

/** Keeps every event, as the journal would, and can hand them back as their JSON round trip. */
final class RecordingSink implements QuorumEventSink
{
    private final List<QuorumEvent> events = new ArrayList<>();

    @Override
    public synchronized void append(final QuorumEvent event)
    {
        events.add(event);
    }

    synchronized List<QuorumEvent> events()
    {
        return new ArrayList<>(events);
    }

    synchronized int size()
    {
        return events.size();
    }

    synchronized List<QuorumEvent.Kind> kinds()
    {
        final List<QuorumEvent.Kind> kinds = new ArrayList<>();
        for (final QuorumEvent event : events)
        {
            kinds.add(event.kind());
        }
        return kinds;
    }

    /** The events as the journal would give them back after a restart: written as JSON, parsed again. */
    synchronized List<QuorumEvent> viaJson()
    {
        final List<QuorumEvent> copies = new ArrayList<>();
        for (final QuorumEvent event : events)
        {
            copies.add(QuorumEvent.fromJson(event.toJson()));
        }
        return copies;
    }
}
