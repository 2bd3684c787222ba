package com.orderguard.orderpath.command;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Commands from control threads (any number: control plane, quorum) to the order-path thread,
 * which applies each one whole between two orders, never in the middle of one: it drains the
 * ring only at the top of its duty cycle, before it reads any order. The order-path thread is the
 * only writer of order state, so commands are requests, applied in ring order, without locks on
 * the hot path.
 * <p>
 * Every command gets a sequence number, 1, 2, 3..., assigned under a lock together with its place
 * in the ring, so ring order is sequence order. After applying a command the order-path thread
 * publishes its number ({@link #appliedSeq()}) and records a COMMAND_APPLIED drop-copy event with
 * its result: a caller learns its command took effect once {@code appliedSeq() >= seq}.
 * <p>
 * Payload (32 bytes): 0 int64 seq, 8 int64 arg1, 16 int64 arg2, 24 int64 arg3; the type is the
 * ring's msgTypeId. Args per type are documented on the constants.
 */
public final class CommandRing
{
    /** Open intake. */
    public static final int OPEN = 1;
    /** Close intake; arg1 = reason code. */
    public static final int SEAL = 2;
    /** arg1 = (RiskLimit &lt;&lt; 32) | Scope, arg2 = packed id (0 for GLOBAL), arg3 = value (RiskLimit.UNLIMITED lifts it). */
    public static final int SET_LIMIT = 3;
    /** Add or change an approved route: arg1 = packed symbol, arg2 = packed venue name (a configured venue). */
    public static final int SET_ROUTE = 4;
    /** Remove a route: arg1 = packed symbol. Open orders stay; new orders get NO_ROUTE. */
    public static final int REMOVE_ROUTE = 5;
    /** arg1 = packed symbol. */
    public static final int HALT_SYMBOL = 6;
    /** arg1 = packed symbol. */
    public static final int RESUME_SYMBOL = 7;
    /** arg1 = Scope (GLOBAL, ACCOUNT, FIRM), arg2 = packed id: no new orders, open orders cancelled. */
    public static final int KILL = 8;
    /** arg1 = Scope, arg2 = packed id: lifts a kill. */
    public static final int REVIVE = 9;
    /** Reject every new order and cancel every open order at every venue; count = orders cancelled. */
    public static final int HALT_ALL = 10;
    /** Lift HALT_ALL. */
    public static final int RESUME = 11;
    /** arg1 = order id of a held order: route it (after checking again what can have changed). */
    public static final int RELEASE_HELD = 12;
    /** arg1 = order id of a held order: reject it HOLD_REJECTED. */
    public static final int REJECT_HELD = 13;

    public static final int SEQ_OFFSET = 0;
    public static final int ARG1_OFFSET = 8;
    public static final int ARG2_OFFSET = 16;
    public static final int ARG3_OFFSET = 24;
    public static final int LENGTH = 32;

    public static final int RESULT_APPLIED = 0;
    public static final int RESULT_UNKNOWN_VENUE = 1;
    public static final int RESULT_UNKNOWN_ID = 2;
    public static final int RESULT_TABLE_FULL = 3;
    public static final int RESULT_BAD_ARGUMENT = 4;
    public static final int RESULT_UNKNOWN_ORDER = 5;

    private static final int CAPACITY_BYTES = 64 * 1024;

    private final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(
        new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    private static final int RESULTS = 1024;

    private final AtomicLong applied = new AtomicLong();
    /** (seq &lt;&lt; 8 | result) of the last RESULTS commands, by seq modulo RESULTS. */
    private final java.util.concurrent.atomic.AtomicLongArray results = new java.util.concurrent.atomic.AtomicLongArray(RESULTS);
    private long lastSeq;
    private volatile long lastOfferedSeq;

    /** Any thread: request that intake opens. False when the ring is full. */
    public boolean open()
    {
        return offer(OPEN, 0, 0, 0);
    }

    /** Any thread: request that intake seals, for {@code reasonCode}. False when the ring is full. */
    public boolean seal(final int reasonCode)
    {
        return offer(SEAL, reasonCode, 0, 0);
    }

    /**
     * Any thread: offers a command.
     *
     * @return false when the ring is full (nothing was offered: retry).
     */
    public synchronized boolean offer(final int type, final long arg1, final long arg2, final long arg3)
    {
        final int index = ring.tryClaim(type, LENGTH);
        if (RingBuffer.INSUFFICIENT_CAPACITY == index)
        {
            return false;
        }
        final long seq = ++lastSeq;
        final AtomicBuffer buffer = ring.buffer();
        buffer.putLong(index + SEQ_OFFSET, seq);
        buffer.putLong(index + ARG1_OFFSET, arg1);
        buffer.putLong(index + ARG2_OFFSET, arg2);
        buffer.putLong(index + ARG3_OFFSET, arg3);
        ring.commit(index);
        lastOfferedSeq = seq;
        return true;
    }

    /** The sequence number of the most recent command accepted into the ring, by any thread. */
    public long lastOfferedSeq()
    {
        return lastOfferedSeq;
    }

    /** The sequence number of the last command the order-path thread applied. */
    public long appliedSeq()
    {
        return applied.get();
    }

    /** Order-path thread: publishes that command {@code seq} has been applied, with its result (RESULT_*). */
    public void markApplied(final long seq, final int result)
    {
        results.lazySet((int)(seq & (RESULTS - 1)), (seq << 8) | (result & 0xFF));
        applied.lazySet(seq);
    }

    /**
     * The result (RESULT_*) of applied command {@code seq}, or -1 when it has not been applied yet or
     * is more than 1024 commands old. Any thread.
     */
    public int result(final long seq)
    {
        final long value = results.get((int)(seq & (RESULTS - 1)));
        return (value >>> 8) == seq ? (int)(value & 0xFF) : -1;
    }

    /**
     * Order-path thread only. A handler returning ABORT leaves that command in the ring to be
     * applied again on the next drain (e.g. until its event can be recorded).
     */
    public int drain(final ControlledMessageHandler handler, final int limit)
    {
        return ring.controlledRead(handler, limit);
    }

    public static String name(final int type)
    {
        switch (type)
        {
            case OPEN: return "OPEN";
            case SEAL: return "SEAL";
            case SET_LIMIT: return "SET_LIMIT";
            case SET_ROUTE: return "SET_ROUTE";
            case REMOVE_ROUTE: return "REMOVE_ROUTE";
            case HALT_SYMBOL: return "HALT_SYMBOL";
            case RESUME_SYMBOL: return "RESUME_SYMBOL";
            case KILL: return "KILL";
            case REVIVE: return "REVIVE";
            case HALT_ALL: return "HALT_ALL";
            case RESUME: return "RESUME";
            case RELEASE_HELD: return "RELEASE_HELD";
            case REJECT_HELD: return "REJECT_HELD";
            default: return "UNKNOWN";
        }
    }

    public static String resultName(final int result)
    {
        switch (result)
        {
            case RESULT_APPLIED: return "APPLIED";
            case RESULT_UNKNOWN_VENUE: return "UNKNOWN_VENUE";
            case RESULT_UNKNOWN_ID: return "UNKNOWN_ID";
            case RESULT_TABLE_FULL: return "TABLE_FULL";
            case RESULT_BAD_ARGUMENT: return "BAD_ARGUMENT";
            case RESULT_UNKNOWN_ORDER: return "UNKNOWN_ORDER";
            default: return "UNKNOWN";
        }
    }
}
