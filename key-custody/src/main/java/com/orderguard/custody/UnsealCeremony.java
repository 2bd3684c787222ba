package com.orderguard.custody;

import com.codahale.shamir.Scheme;
import com.orderguard.custody.seal.ShareText;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The authenticated shares given so far in one unseal ceremony, by share number. Holds copies of the
 * share bytes until {@link #combine()} or {@link #reset()}, which wipe them. Not thread-safe.
 */
final class UnsealCeremony
{
    private final int shares;
    private final int threshold;
    private final byte[][] given;
    private int count;

    UnsealCeremony(final int shares, final int threshold)
    {
        this.shares = shares;
        this.threshold = threshold;
        this.given = new byte[shares + 1][];
    }

    boolean has(final int index)
    {
        return null != given[index];
    }

    /** Keeps a copy of an authenticated share; returns how many are given now. */
    int add(final ShareText share)
    {
        given[share.index()] = share.bytes().clone();
        return ++count;
    }

    int count()
    {
        return count;
    }

    boolean complete()
    {
        return count >= threshold;
    }

    /** The seal secret from the shares given (at least k), then {@link #reset()}. The caller wipes the result. */
    byte[] combine()
    {
        final Map<Integer, byte[]> parts = new HashMap<>();
        for (int i = 1; i <= shares; i++)
        {
            if (null != given[i])
            {
                parts.put(i, given[i]);
            }
        }

        try
        {
            // join() never draws randomness; the Scheme only needs n and k to be valid.
            return new Scheme(new SecureRandom(), shares, threshold).join(parts);
        }
        finally
        {
            reset();
        }
    }

    void reset()
    {
        for (int i = 0; i < given.length; i++)
        {
            if (null != given[i])
            {
                Arrays.fill(given[i], (byte)0);
                given[i] = null;
            }
        }
        count = 0;
    }
}
