package com.orderguard.orderpath;

import java.util.Properties;

/** Settings for a loopback order path with one venue, SIM, routing AAPL and MSFT. */
final class OrderPathFixture
{
    static final String CLIENT = "BROKER1";
    static final String OTHER_CLIENT = "BROKER2";
    static final long MAX_QUANTITY = 1_000;
    /** Logon keys made fresh for this JVM: tests never carry a committed secret. */
    static final byte[] CLIENT_KEY = randomKey();
    static final byte[] OTHER_CLIENT_KEY = randomKey();

    private static byte[] randomKey()
    {
        final byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return key;
    }

    static String hex(final byte[] bytes)
    {
        final StringBuilder out = new StringBuilder();
        for (final byte b : bytes)
        {
            out.append(String.format("%02x", b & 0xFF));
        }
        return out.toString();
    }

    static byte[] keyOf(final String clientId)
    {
        return OTHER_CLIENT.equals(clientId) ? OTHER_CLIENT_KEY : CLIENT_KEY;
    }

    private OrderPathFixture()
    {
    }

    static Properties properties(final int venuePort)
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.gateway.host", "127.0.0.1");
        p.setProperty("orderpath.gateway.port", "0");
        p.setProperty("orderpath.idle", "backoff");
        p.setProperty("orderpath.gateway.transit", "plain"); // EncryptedSessionTest runs the encrypted gateway
        p.setProperty("orderpath.clients", CLIENT + "," + OTHER_CLIENT);
        p.setProperty("orderpath.client." + CLIENT + ".hmacKey", hex(CLIENT_KEY));
        p.setProperty("orderpath.client." + OTHER_CLIENT + ".hmacKey", hex(OTHER_CLIENT_KEY));
        p.setProperty("orderpath.risk.maxOrderQuantity", Long.toString(MAX_QUANTITY));
        p.setProperty("orderpath.venue.SIM.host", "127.0.0.1");
        p.setProperty("orderpath.venue.SIM.port", Integer.toString(venuePort));
        p.setProperty("orderpath.venue.SIM.client", "GUARD1");
        p.setProperty("orderpath.venue.reconnectIntervalMs", "20");
        p.setProperty("orderpath.route.AAPL", "SIM");
        p.setProperty("orderpath.route.MSFT", "SIM");
        p.setProperty("orderpath.dropCopy.ringBytes", Integer.toString(1 << 20));
        p.setProperty("orderpath.maxOpenOrders", "4096");
        p.setProperty("orderpath.throttle.repeatedOrders.max", "0"); // its own test turns it on
        return p;
    }

    /** Adds {@code key=value} settings to {@code p}; returns it. */
    static Properties with(final Properties p, final String... settings)
    {
        for (final String setting : settings)
        {
            final int eq = setting.indexOf('=');
            p.setProperty(setting.substring(0, eq), setting.substring(eq + 1));
        }
        return p;
    }

    static OrderPath startOpen(final Properties p) throws InterruptedException
    {
        return startOpen(new OrderPath(OrderPathConfig.from(p)));
    }

    /** Starts {@code orderPath}, waits for its venues, opens intake; closes it if any step fails. */
    static OrderPath startOpen(final OrderPath orderPath) throws InterruptedException
    {
        orderPath.start();
        try
        {
            awaitVenuesUp(orderPath, 1);
            if (!orderPath.open())
            {
                throw new IllegalStateException("command ring full");
            }
            awaitOpen(orderPath, true);
            return orderPath;
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            orderPath.close();
            throw ex;
        }
    }

    static void awaitVenuesUp(final OrderPath orderPath, final long venues) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (orderPath.metrics().venuesUp() != venues)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("venues up " + orderPath.metrics().venuesUp() + ", wanted " + venues);
            }
            Thread.sleep(2);
        }
    }

    static void awaitOpen(final OrderPath orderPath, final boolean open) throws InterruptedException
    {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (orderPath.isOpen() != open)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("intake still " + (open ? "sealed" : "open"));
            }
            Thread.sleep(1);
        }
    }
}
