package com.orderguard.quorum;

import java.util.Properties;

/**
 * The book's settings, validated once at start-up; a bad one is named with its value.
 * <ul>
 *   <li>{@code quorum.maxOpenRequests} (default 64, 1..10000): open requests the book holds at
 *       once; bounds memory against a flood of submissions.</li>
 *   <li>{@code quorum.maxClockSkewMs} (default 30000, 0..600000): how far a request's creation
 *       time may differ from the appliance clock, and how far in the future a statement may be
 *       dated, since officers sign on their own machines.</li>
 *   <li>{@code quorum.maxParametersChars} (default 65536, 2..1048576): the size of a request's
 *       canonical parameters; what an officer must read has to stay readable.</li>
 * </ul>
 */
public final class QuorumConfig
{
    private final int maxOpenRequests;
    private final long maxClockSkewMs;
    private final int maxParametersChars;

    private QuorumConfig(final int maxOpenRequests, final long maxClockSkewMs, final int maxParametersChars)
    {
        this.maxOpenRequests = maxOpenRequests;
        this.maxClockSkewMs = maxClockSkewMs;
        this.maxParametersChars = maxParametersChars;
    }

    /** @throws IllegalArgumentException naming the bad setting and its value */
    public static QuorumConfig from(final Properties properties)
    {
        return new QuorumConfig(
            (int)setting(properties, "quorum.maxOpenRequests", 64, 1, 10_000),
            setting(properties, "quorum.maxClockSkewMs", 30_000, 0, 600_000),
            (int)setting(properties, "quorum.maxParametersChars", 65_536, 2, 1 << 20));
    }

    /** All defaults. */
    public static QuorumConfig defaults()
    {
        return from(new Properties());
    }

    public int maxOpenRequests()
    {
        return maxOpenRequests;
    }

    public long maxClockSkewMs()
    {
        return maxClockSkewMs;
    }

    public int maxParametersChars()
    {
        return maxParametersChars;
    }

    private static long setting(
        final Properties properties, final String key, final long defaultValue, final long min, final long max)
    {
        final String text = properties.getProperty(key);
        if (text == null || text.isBlank())
        {
            return defaultValue;
        }
        final long value;
        try
        {
            value = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + text + "'", ex);
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    @Override
    public String toString()
    {
        return "QuorumConfig{maxOpenRequests=" + maxOpenRequests + ", maxClockSkewMs=" + maxClockSkewMs +
            ", maxParametersChars=" + maxParametersChars + "}";
    }
}
