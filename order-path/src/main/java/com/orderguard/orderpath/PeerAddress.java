package com.orderguard.orderpath;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * A broker connection's source address as the drop copy carries it: 16 bytes of IPv6 address (an
 * IPv4 address in its IPv4-mapped form, ::ffff:a.b.c.d) in two big-endian longs, and the port. All
 * zero when there is none (a shared-memory producer). The establisher turns a socket's remote address
 * into these primitives once, off the order-path thread; the order-path thread only copies them.
 */
public final class PeerAddress
{
    private PeerAddress()
    {
    }

    /** The address's first eight bytes (0 for no address). */
    public static long high(final SocketAddress address)
    {
        final byte[] bytes = bytes(address);
        return null == bytes ? 0 : word(bytes, 0);
    }

    /** The address's last eight bytes (0 for no address). */
    public static long low(final SocketAddress address)
    {
        final byte[] bytes = bytes(address);
        return null == bytes ? 0 : word(bytes, 8);
    }

    public static int port(final SocketAddress address)
    {
        return address instanceof InetSocketAddress inet ? inet.getPort() : 0;
    }

    /** "a.b.c.d:port", "[v6]:port", or null when there is no address. Off the hot path (allocates). */
    public static String format(final long high, final long low, final int port)
    {
        if (0 == high && 0 == low)
        {
            return null;
        }
        final byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(high >>> (56 - 8 * i));
            bytes[8 + i] = (byte)(low >>> (56 - 8 * i));
        }
        try
        {
            final InetAddress address = InetAddress.getByAddress(bytes); // an IPv4-mapped address comes back as Inet4Address
            return address instanceof Inet4Address ?
                address.getHostAddress() + ":" + port : "[" + address.getHostAddress() + "]:" + port;
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalStateException("16 bytes are always an address", ex);
        }
    }

    private static byte[] bytes(final SocketAddress address)
    {
        if (!(address instanceof InetSocketAddress inet) || null == inet.getAddress())
        {
            return null;
        }
        final byte[] raw = inet.getAddress().getAddress();
        if (16 == raw.length)
        {
            return raw;
        }
        final byte[] mapped = new byte[16];
        mapped[10] = (byte)0xFF;
        mapped[11] = (byte)0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    private static long word(final byte[] bytes, final int at)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (bytes[at + i] & 0xFFL);
        }
        return value;
    }
}
