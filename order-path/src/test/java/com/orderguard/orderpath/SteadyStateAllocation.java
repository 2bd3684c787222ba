package com.orderguard.orderpath;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The one rule every allocation test of the order path applies after warm-up (on the order-path
 * thread, or on the test's own thread for a hot-path primitive such as a cipher): measured
 * windows of thousands of orders each, at least {@link #MIN_WINDOWS} and at most
 * {@link #MAX_WINDOWS}, taken until two in a row allocate exactly 0 bytes; every window is held to
 * {@link #JIT_NOISE_BYTES}, and the last two must read 0.
 * <p>
 * Why a window may show a few hundred bytes at all: the JIT, not the order path. Traced on this box
 * (JFR with TLABs off, then async-profiler on {@code AllocTracer::send_allocation_outside_tlab}
 * with VM frames): when the order-path thread's invocation counter asks for a method to be
 * compiled, or recompiled after an "unstable if" deoptimisation, {@code CompileBroker::compile_method}
 * first resolves the string constants of the method's class in the asking thread, so every literal
 * the interpreter never reached (an exception message on an error path) is interned there: a
 * String and its byte[], 48 bytes for a short one, charged to the order-path thread. Each literal
 * is interned once, so this fades as C2 settles; on a slow, shared 2-core CI box it can last past
 * the warm-up into three consecutive windows (a clean-clone CI run saw [64, 248, 192] over 10,000
 * shared-memory orders each). A deoptimisation also re-materialises objects escape analysis had
 * removed. Measured: 0 to about 1 KB per window, 4.3 KB once in the first window after warm-up over
 * an encrypted session, 12.8 KB once with a whole CI build running beside the test.
 * <p>
 * Why that cannot hide a real allocation: the proof is the two windows at exactly 0, not the bound.
 * An allocation every N orders, N at most a window (5,000 orders, or 100,000 calls of a primitive),
 * shows in every window however many are taken; one made now and then (per heartbeat, say, or every
 * 15,000 orders) shows in one of any two consecutive windows as long as its period is at most two
 * windows long. {@link #JIT_NOISE_BYTES} only caps what one-off JIT work a window may show, so that a
 * rare large allocation (a buffer, a table) is caught even when it falls outside the last two.
 */
public final class SteadyStateAllocation
{
    public static final long JIT_NOISE_BYTES = 64 * 1024;
    public static final int MIN_WINDOWS = 3;
    public static final int MAX_WINDOWS = 8;

    /** One measured stretch of orders, with every report awaited before it returns. */
    @FunctionalInterface
    public interface Window
    {
        void run() throws Exception;
    }

    private SteadyStateAllocation()
    {
    }

    /**
     * Runs windows until two in a row allocate nothing on {@code threadId} (within the bounds above),
     * asserts the rule and returns every window's bytes, so a caller can check what the windows did.
     */
    public static long[] measure(
        final com.sun.management.ThreadMXBean threads,
        final long threadId,
        final Window window,
        final String what) throws Exception
    {
        final long[] all = new long[MAX_WINDOWS]; // allocated up front: a window may measure this very thread
        int taken = 0;
        while (taken < MIN_WINDOWS || (taken < MAX_WINDOWS && (0 != all[taken - 1] || 0 != all[taken - 2])))
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            window.run();
            all[taken] = threads.getThreadAllocatedBytes(threadId) - before;
            taken++;
        }
        final long[] windows = Arrays.copyOf(all, taken);
        assertNoneInAnyWindow(windows, what);
        assertTrue(0 == windows[taken - 1] && 0 == windows[taken - 2],
            what + ", never two windows in a row at 0 (something allocates now and then): " + Arrays.toString(windows));
        return windows;
    }

    public static void assertNoneInAnyWindow(final long[] windows, final String what)
    {
        assertTrue(windows.length >= MIN_WINDOWS, "at least " + MIN_WINDOWS + " windows");
        boolean anyZero = false;
        for (final long bytes : windows)
        {
            assertTrue(bytes <= JIT_NOISE_BYTES, what + ", a window past the JIT-noise bound: " + Arrays.toString(windows));
            anyZero |= 0 == bytes;
        }
        assertTrue(anyZero, what + ", no window at 0 (something allocates steadily): " + Arrays.toString(windows));
    }
}
