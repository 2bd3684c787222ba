package com.orderguard.hsm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code softhsm2-util --show-slots} as a child process, with {@code SOFTHSM2_CONF} in the child's
 * environment only. A fresh process sees every token in the directory, whatever this JVM's SoftHSM
 * instance saw when it was initialised, and shows each in the slot every later process will use.
 */
final class SoftHsm2Util
{
    static final String SOFTHSM2_UTIL = "softhsm2-util";
    private static final long TIMEOUT_MS = 30_000;

    /** One slot as {@code softhsm2-util --show-slots} lists it. */
    record Slot(long slotId, boolean initialised, String label)
    {
    }

    private SoftHsm2Util()
    {
    }

    static List<Slot> showSlots(final Path softHsmConf) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(SOFTHSM2_UTIL, "--show-slots").redirectErrorStream(true);
        builder.environment().put(SoftHsm2Token.ENV_SOFTHSM2_CONF, softHsmConf.toString());
        final Process process;
        try
        {
            process = builder.start();
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot run " + SOFTHSM2_UTIL + " (package softhsm2): " + ex.getMessage(), ex);
        }

        try
        {
            process.getOutputStream().close();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                throw new IOException(SOFTHSM2_UTIL + " --show-slots did not finish within " + TIMEOUT_MS + " ms");
            }

            if (process.exitValue() != 0)
            {
                throw new IOException(SOFTHSM2_UTIL + " --show-slots failed with exit code " + process.exitValue() +
                    " (SOFTHSM2_CONF=" + softHsmConf + "): " + output.strip());
            }

            return parseSlots(output);
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            final InterruptedIOException interrupted = new InterruptedIOException("interrupted waiting for " + SOFTHSM2_UTIL);
            interrupted.initCause(ex);
            throw interrupted;
        }
    }

    static List<Slot> parseSlots(final String showSlotsOutput)
    {
        final List<Slot> slots = new ArrayList<>();
        long slotId = -1;
        boolean initialised = false;
        String label = "";
        for (final String rawLine : showSlotsOutput.split("\r?\n"))
        {
            final String line = rawLine.strip();
            if (line.matches("Slot [0-9]+"))
            {
                if (slotId >= 0)
                {
                    slots.add(new Slot(slotId, initialised, label));
                }
                slotId = Long.parseLong(line.substring("Slot ".length()));
                initialised = false;
                label = "";
            }
            else if (line.startsWith("Initialized:"))
            {
                initialised = line.substring("Initialized:".length()).strip().equals("yes");
            }
            else if (line.startsWith("Label:"))
            {
                label = line.substring("Label:".length()).strip();
            }
        }

        if (slotId >= 0)
        {
            slots.add(new Slot(slotId, initialised, label));
        }

        return slots;
    }
}
