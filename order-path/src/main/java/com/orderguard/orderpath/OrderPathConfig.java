package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.Ascii8;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order path's settings, read and validated once at start-up from {@link Properties}. A bad
 * setting fails start-up with an {@link IllegalArgumentException} that names the key, the rule and
 * the value. Unknown {@code orderpath.*} keys are refused too: a misspelt risk limit must not
 * silently fall back to a default.
 * <pre>
 * orderpath.gateway.host             default 127.0.0.1
 * orderpath.gateway.port             0 = ephemeral, default 9001
 * orderpath.gateway.maxSessions      client sessions at once, 1..1024, default 16
 * orderpath.cpu                      -1 = any reserved cpu (default), else that cpu
 * orderpath.idle                     busy-spin (default) | yield | backoff
 * orderpath.clients                  comma list of client ids (1..8 printable ASCII) allowed to log on; required
 * orderpath.risk.maxOrderQuantity    &gt; 0; required
 * orderpath.venue.NAME.host          venue NAME (1..8 printable ASCII)
 * orderpath.venue.NAME.port          1..65535
 * orderpath.venue.NAME.client        client id the appliance logs on to the venue with
 * orderpath.venue.reconnectIntervalMs  &gt; 0, default 1000
 * orderpath.route.SYMBOL             = NAME of a configured venue; only routed symbols can trade
 * orderpath.dropCopy.ringBytes       power of two &gt;= 65536, default 1048576
 * orderpath.maxOpenOrders            power of two &gt;= 2, default 65536
 * </pre>
 */
public final class OrderPathConfig
{
    public static final String PREFIX = "orderpath.";
    public static final String GATEWAY_HOST = "orderpath.gateway.host";
    public static final String GATEWAY_PORT = "orderpath.gateway.port";
    public static final String GATEWAY_MAX_SESSIONS = "orderpath.gateway.maxSessions";
    public static final String CPU = "orderpath.cpu";
    public static final String IDLE = "orderpath.idle";
    public static final String CLIENTS = "orderpath.clients";
    public static final String MAX_ORDER_QUANTITY = "orderpath.risk.maxOrderQuantity";
    public static final String VENUE_PREFIX = "orderpath.venue.";
    public static final String VENUE_RECONNECT_INTERVAL_MS = "orderpath.venue.reconnectIntervalMs";
    public static final String ROUTE_PREFIX = "orderpath.route.";
    public static final String DROP_COPY_RING_BYTES = "orderpath.dropCopy.ringBytes";
    public static final String MAX_OPEN_ORDERS = "orderpath.maxOpenOrders";

    public static final String IDLE_BUSY_SPIN = "busy-spin";
    public static final String IDLE_YIELD = "yield";
    public static final String IDLE_BACKOFF = "backoff";

    public static final int MIN_DROP_COPY_RING_BYTES = 64 * 1024;

    /** A venue the appliance logs on to as a client. */
    public record Venue(String name, String host, int port, String clientId)
    {
    }

    private final String gatewayHost;
    private final int gatewayPort;
    private final int maxSessions;
    private final int cpu;
    private final String idle;
    private final List<String> clients;
    private final long maxOrderQuantity;
    private final List<Venue> venues;
    private final long venueReconnectIntervalMs;
    private final Map<String, String> routes;
    private final int dropCopyRingBytes;
    private final int maxOpenOrders;

    private OrderPathConfig(final Properties p)
    {
        gatewayHost = string(p, GATEWAY_HOST, "127.0.0.1");
        gatewayPort = (int)longValue(p, GATEWAY_PORT, 9001, 0, 65535);
        maxSessions = (int)longValue(p, GATEWAY_MAX_SESSIONS, 16, 1, 1024);
        cpu = (int)longValue(p, CPU, -1, -1, 4095);
        idle = string(p, IDLE, IDLE_BUSY_SPIN);
        if (!IDLE_BUSY_SPIN.equals(idle) && !IDLE_YIELD.equals(idle) && !IDLE_BACKOFF.equals(idle))
        {
            throw bad(IDLE, "must be busy-spin, yield or backoff", idle);
        }
        clients = clientIds(p);
        maxOrderQuantity = longValue(p, MAX_ORDER_QUANTITY, Long.MIN_VALUE, 1, Long.MAX_VALUE);
        venueReconnectIntervalMs = longValue(p, VENUE_RECONNECT_INTERVAL_MS, 1000, 1, 3_600_000);
        venues = venues(p);
        routes = routes(p, venues);
        dropCopyRingBytes = (int)powerOfTwo(p, DROP_COPY_RING_BYTES, 1 << 20, MIN_DROP_COPY_RING_BYTES, 1 << 30);
        maxOpenOrders = (int)powerOfTwo(p, MAX_OPEN_ORDERS, 1 << 16, 2, 1 << 24);
        refuseUnknownKeys(p);
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the first bad key, e.g.
     *         "orderpath.risk.maxOrderQuantity must be &gt; 0, was -3".
     */
    public static OrderPathConfig from(final Properties p)
    {
        return new OrderPathConfig(p);
    }

    public String gatewayHost()
    {
        return gatewayHost;
    }

    public int gatewayPort()
    {
        return gatewayPort;
    }

    public int maxSessions()
    {
        return maxSessions;
    }

    public int cpu()
    {
        return cpu;
    }

    public String idle()
    {
        return idle;
    }

    public List<String> clients()
    {
        return clients;
    }

    public long maxOrderQuantity()
    {
        return maxOrderQuantity;
    }

    /** Venues in name order; a venue's index in this list is its id inside the order path. */
    public List<Venue> venues()
    {
        return venues;
    }

    public long venueReconnectIntervalMs()
    {
        return venueReconnectIntervalMs;
    }

    /** Symbol → venue name, in symbol order. */
    public Map<String, String> routes()
    {
        return routes;
    }

    public int dropCopyRingBytes()
    {
        return dropCopyRingBytes;
    }

    public int maxOpenOrders()
    {
        return maxOpenOrders;
    }

    public String toString()
    {
        return "OrderPathConfig{gateway=" + gatewayHost + ":" + gatewayPort + ", maxSessions=" + maxSessions +
            ", cpu=" + cpu + ", idle=" + idle + ", clients=" + clients + ", maxOrderQuantity=" + maxOrderQuantity +
            ", venues=" + venues + ", routes=" + routes + ", dropCopyRingBytes=" + dropCopyRingBytes +
            ", maxOpenOrders=" + maxOpenOrders + "}";
    }

    private static List<String> clientIds(final Properties p)
    {
        final String value = p.getProperty(CLIENTS);
        if (null == value || value.isBlank())
        {
            throw new IllegalArgumentException(CLIENTS + " must list at least one client id, was " +
                (null == value ? "missing" : "\"" + value + "\""));
        }
        final List<String> ids = new ArrayList<>();
        for (final String raw : value.split(",", -1))
        {
            final String id = raw.trim();
            if (!isAscii8(id))
            {
                throw bad(CLIENTS, "must be a comma list of 1 to 8 printable ASCII characters each", value);
            }
            if (ids.contains(id))
            {
                throw bad(CLIENTS, "must not repeat a client id (" + id + ")", value);
            }
            ids.add(id);
        }
        return Collections.unmodifiableList(ids);
    }

    private static List<Venue> venues(final Properties p)
    {
        final TreeSet<String> names = new TreeSet<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(VENUE_PREFIX) && !key.equals(VENUE_RECONNECT_INTERVAL_MS))
            {
                final String rest = key.substring(VENUE_PREFIX.length());
                final int dot = rest.lastIndexOf('.');
                final String field = dot < 0 ? "" : rest.substring(dot + 1);
                final String name = dot < 0 ? rest : rest.substring(0, dot);
                if (!"host".equals(field) && !"port".equals(field) && !"client".equals(field))
                {
                    throw new IllegalArgumentException(key + " is not a setting: a venue takes " +
                        VENUE_PREFIX + "<NAME>.host, .port and .client");
                }
                if (!isAscii8(name))
                {
                    throw new IllegalArgumentException(key + ": the venue name must be 1 to 8 printable ASCII " +
                        "characters without '.', was \"" + name + "\"");
                }
                names.add(name);
            }
        }
        final List<Venue> venues = new ArrayList<>();
        for (final String name : names)
        {
            final String hostKey = VENUE_PREFIX + name + ".host";
            final String portKey = VENUE_PREFIX + name + ".port";
            final String clientKey = VENUE_PREFIX + name + ".client";
            final String host = p.getProperty(hostKey);
            if (null == host || host.isBlank())
            {
                throw bad(hostKey, "must name the venue's host", null == host ? "missing" : "\"" + host + "\"");
            }
            final int port = (int)longValue(p, portKey, Long.MIN_VALUE, 1, 65535);
            final String client = p.getProperty(clientKey);
            if (null == client || !isAscii8(client.trim()))
            {
                throw bad(clientKey, "must be 1 to 8 printable ASCII characters", null == client ? "missing" : client);
            }
            venues.add(new Venue(name, host.trim(), port, client.trim()));
        }
        return Collections.unmodifiableList(venues);
    }

    private static Map<String, String> routes(final Properties p, final List<Venue> venues)
    {
        final TreeMap<String, String> routes = new TreeMap<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(ROUTE_PREFIX))
            {
                final String symbol = key.substring(ROUTE_PREFIX.length());
                if (!isAscii8(symbol))
                {
                    throw new IllegalArgumentException(key + ": the symbol must be 1 to 8 printable ASCII " +
                        "characters, was \"" + symbol + "\"");
                }
                final String venue = p.getProperty(key).trim();
                boolean known = false;
                for (final Venue v : venues)
                {
                    known |= v.name().equals(venue);
                }
                if (!known)
                {
                    throw bad(key, "must name a configured venue (" + VENUE_PREFIX + venue + ".host/.port/.client)",
                        "\"" + venue + "\"");
                }
                routes.put(symbol, venue);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    private static void refuseUnknownKeys(final Properties p)
    {
        for (final String key : new TreeSet<>(p.stringPropertyNames()))
        {
            if (key.startsWith(PREFIX) &&
                !key.equals(GATEWAY_HOST) && !key.equals(GATEWAY_PORT) && !key.equals(GATEWAY_MAX_SESSIONS) &&
                !key.equals(CPU) && !key.equals(IDLE) && !key.equals(CLIENTS) && !key.equals(MAX_ORDER_QUANTITY) &&
                !key.startsWith(VENUE_PREFIX) && !key.startsWith(ROUTE_PREFIX) &&
                !key.equals(DROP_COPY_RING_BYTES) && !key.equals(MAX_OPEN_ORDERS))
            {
                throw new IllegalArgumentException(key + " is not a setting of the order path");
            }
        }
    }

    private static boolean isAscii8(final String text)
    {
        if (text.isEmpty() || text.length() > Ascii8.LENGTH || text.indexOf('.') >= 0 || text.indexOf(',') >= 0)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    private static String string(final Properties p, final String key, final String defaultValue)
    {
        final String value = p.getProperty(key);
        if (null == value)
        {
            return defaultValue;
        }
        if (value.isBlank())
        {
            throw bad(key, "must not be blank", "\"" + value + "\"");
        }
        return value.trim();
    }

    private static long longValue(
        final Properties p, final String key, final long defaultValue, final long min, final long max)
    {
        final String text = p.getProperty(key);
        if (null == text)
        {
            if (Long.MIN_VALUE == defaultValue)
            {
                throw bad(key, "is required", "missing");
            }
            return defaultValue;
        }
        final long value;
        try
        {
            value = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw bad(key, "must be an integer", "\"" + text + "\"");
        }
        if (value < min)
        {
            throw bad(key, 1 == min ? "must be > 0" : "must be >= " + min, text.trim());
        }
        if (value > max)
        {
            throw bad(key, "must be <= " + max, text.trim());
        }
        return value;
    }

    private static long powerOfTwo(
        final Properties p, final String key, final long defaultValue, final long min, final long max)
    {
        final long value = longValue(p, key, defaultValue, min, max);
        if (Long.bitCount(value) != 1)
        {
            throw bad(key, "must be a power of two", Long.toString(value));
        }
        return value;
    }

    private static IllegalArgumentException bad(final String key, final String rule, final String was)
    {
        return new IllegalArgumentException(key + " " + rule + ", was " + was);
    }
}
