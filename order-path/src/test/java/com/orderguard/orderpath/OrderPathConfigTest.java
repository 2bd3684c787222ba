package com.orderguard.orderpath;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

class OrderPathConfigTest
{
    private static Properties minimal()
    {
        final Properties p = new Properties();
        p.setProperty("orderpath.clients", "BROKER1, BROKER2");
        p.setProperty("orderpath.risk.maxOrderQuantity", "500");
        return p;
    }

    private static void assertRefused(final Properties p, final String expectedMessage)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> OrderPathConfig.from(p));
        assertEquals(expectedMessage, ex.getMessage());
    }

    @Test
    void shouldApplyDefaultsToTheOptionalSettings()
    {
        final OrderPathConfig config = OrderPathConfig.from(minimal());
        assertEquals("127.0.0.1", config.gatewayHost());
        assertEquals(9001, config.gatewayPort());
        assertEquals(-1, config.cpu());
        assertEquals("busy-spin", config.idle());
        assertEquals(List.of("BROKER1", "BROKER2"), config.clients());
        assertEquals(500, config.maxOrderQuantity());
        assertEquals(1 << 23, config.dropCopyRingBytes());
        assertTrue(config.venues().isEmpty());
        assertTrue(config.routes().isEmpty());
    }

    @Test
    void shouldEncryptBrokerSessionsUnlessToldPlainAndNameABadGatewaySetting()
    {
        final OrderPathConfig defaults = OrderPathConfig.from(minimal());
        assertTrue(defaults.transitEncrypted(), "transit encryption is the default");
        assertEquals(5_000, defaults.logonTimeoutMs());
        assertEquals(64, defaults.maxPendingConnections());
        assertEquals(100, defaults.refusalEventsPerSecond());

        final Properties plain = minimal();
        plain.setProperty("orderpath.gateway.transit", "plain");
        assertFalse(OrderPathConfig.from(plain).transitEncrypted());
        assertThrows(IllegalArgumentException.class, () -> new OrderPath(OrderPathConfig.from(minimal())),
            "an encrypting gateway without a signer for its key exchange does not start");

        final Properties tls = minimal();
        tls.setProperty("orderpath.gateway.transit", "tls");
        assertRefused(tls, "orderpath.gateway.transit must be encrypted or plain, was tls");
        final Properties noDeadline = minimal();
        noDeadline.setProperty("orderpath.gateway.logonTimeoutMs", "0");
        assertRefused(noDeadline, "orderpath.gateway.logonTimeoutMs must be > 0, was 0");
        final Properties noPending = minimal();
        noPending.setProperty("orderpath.gateway.maxPendingConnections", "0");
        assertRefused(noPending, "orderpath.gateway.maxPendingConnections must be > 0, was 0");
    }

    @Test
    void shouldReadVenuesAndRoutes()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.venue.XNAS.host", "10.0.0.5");
        p.setProperty("orderpath.venue.XNAS.port", "7001");
        p.setProperty("orderpath.venue.XNAS.client", "GUARD1");
        p.setProperty("orderpath.route.AAPL", "XNAS");
        final OrderPathConfig config = OrderPathConfig.from(p);
        assertEquals(List.of(new OrderPathConfig.Venue("XNAS", "10.0.0.5", 7001, "GUARD1")), config.venues());
        assertEquals(Map.of("AAPL", "XNAS"), config.routes());
    }

    @Test
    void shouldRefuseMoreAccountsTimesSymbolsThanPositionSlotsRatherThanOverflow()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.maxAccounts", "65536");
        p.setProperty("orderpath.maxSymbols", "65536"); // 2^32 pairs: an int index would wrap to 0
        assertRefused(p, "orderpath.maxSymbols times orderpath.maxAccounts (65536) must be <= 16777216 " +
            "(a position slot per account and symbol), was 65536");
    }

    @Test
    void shouldNameTheKeyWhenMaxOrderQuantityIsNotPositive()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.risk.maxOrderQuantity", "-3");
        assertRefused(p, "orderpath.risk.maxOrderQuantity must be > 0, was -3");
    }

    @Test
    void shouldRequireMaxOrderQuantity()
    {
        final Properties p = minimal();
        p.remove("orderpath.risk.maxOrderQuantity");
        assertRefused(p, "orderpath.risk.maxOrderQuantity is required, was missing");
    }

    @Test
    void shouldRequireAtLeastOneClient()
    {
        final Properties p = minimal();
        p.remove("orderpath.clients");
        assertRefused(p, "orderpath.clients must list at least one client id, was missing");
    }

    @Test
    void shouldRefuseClientIdsLongerThanEightCharacters()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.clients", "BROKER1,WAYTOOLONG");
        assertRefused(p, "orderpath.clients must be a comma list of 1 to 8 printable ASCII characters each, " +
            "was BROKER1,WAYTOOLONG");
    }

    @Test
    void shouldRefuseARouteToAnUnconfiguredVenue()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.route.AAPL", "DARK");
        assertRefused(p, "orderpath.route.AAPL must name a configured venue " +
            "(orderpath.venue.DARK.host/.port/.client), was \"DARK\"");
    }

    @Test
    void shouldRefuseAVenueWithoutPort()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.venue.XNAS.host", "127.0.0.1");
        p.setProperty("orderpath.venue.XNAS.client", "GUARD1");
        assertRefused(p, "orderpath.venue.XNAS.port is required, was missing");
    }

    @Test
    void shouldRefuseAnUnknownIdleStrategy()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.idle", "sleep");
        assertRefused(p, "orderpath.idle must be busy-spin, yield or backoff, was sleep");
    }

    @Test
    void shouldRefuseADropCopyRingThatIsNotAPowerOfTwo()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.dropCopy.ringBytes", "100000");
        assertRefused(p, "orderpath.dropCopy.ringBytes must be a power of two, was 100000");
    }

    @Test
    void shouldRefuseAMisspeltKeyRatherThanIgnoreIt()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.risk.maxOrderQty", "10");
        assertRefused(p, "orderpath.risk.maxOrderQty is not a setting of the order path");
    }

    @Test
    void shouldRefuseACpuBelowMinusOne()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.cpu", "-2");
        assertRefused(p, "orderpath.cpu must be >= -1, was -2");
    }

    @Test
    void shouldRefuseANonNumericPort()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.gateway.port", "http");
        assertRefused(p, "orderpath.gateway.port must be an integer, was \"http\"");
    }

    @Test
    void shouldReadScopedLimitsAccountsAndTheHoldDefault()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.account.ACC1.firm", "F1");
        p.setProperty("orderpath.risk.maxOrderQuantity.account.ACC1", "100");
        p.setProperty("orderpath.risk.creditLimitCents.firm.F1", "5000000");
        p.setProperty("orderpath.risk.priceCollarBps.symbol.AAPL", "250");
        final OrderPathConfig config = OrderPathConfig.from(p);
        assertEquals(Map.of("ACC1", "F1"), config.accountFirms());
        assertEquals(100L, config.limit(com.orderguard.orderpath.risk.RiskLimit.MAX_ORDER_QUANTITY).accounts().get("ACC1"));
        assertEquals(5_000_000L, config.limit(com.orderguard.orderpath.risk.RiskLimit.CREDIT_LIMIT_CENTS).firms().get("F1"));
        assertEquals(250L, config.limit(com.orderguard.orderpath.risk.RiskLimit.PRICE_COLLAR_BPS).symbols().get("AAPL"));
        assertEquals(100_000_000L, config.limit(com.orderguard.orderpath.risk.RiskLimit.HOLD_NOTIONAL_CENTS).global());
        assertNull(config.limit(com.orderguard.orderpath.risk.RiskLimit.MAX_ORDER_NOTIONAL_CENTS).global(), "unset: unlimited");
    }

    @Test
    void shouldNameEveryBadNewSetting()
    {
        assertRefusedWith("orderpath.risk.maxOrderNotionalCents", "0", "orderpath.risk.maxOrderNotionalCents must be > 0, was 0");
        assertRefusedWith("orderpath.risk.priceCollarBps.desk.X", "5",
            "orderpath.risk.priceCollarBps.desk.X is not a setting: orderpath.risk.priceCollarBps takes .account.ACC, " +
            ".firm.F or .symbol.S (ids of 1 to 8 printable ASCII characters)");
        assertRefusedWith("orderpath.risk.creditLimitCents.symbol.AAPL", "5",
            "orderpath.risk.creditLimitCents.symbol.AAPL is not a setting: orderpath.risk.creditLimitCents takes " +
            ".account.ACC or .firm.F (ids of 1 to 8 printable ASCII characters)");
        assertRefusedWith("orderpath.risk.maxNotional", "5", "orderpath.risk.maxNotional is not a setting of the order path");
        assertRefusedWith("orderpath.risk.allowedOrdTypes", "LIMIT,STOP",
            "orderpath.risk.allowedOrdTypes must be a comma list of LIMIT, MARKET, was \"LIMIT,STOP\"");
        assertRefusedWith("orderpath.throttle.messagesPerSecond", "0", "orderpath.throttle.messagesPerSecond must be > 0, was 0");
        assertRefusedWith("orderpath.hold.timeoutMs", "x", "orderpath.hold.timeoutMs must be an integer, was \"x\"");
        assertRefusedWith("orderpath.dedupe.window", "1000", "orderpath.dedupe.window must be a power of two, was 1000");
        assertRefusedWith("orderpath.symbol.AAPL.volume", "1", "orderpath.symbol.AAPL.volume is not a setting: a symbol takes " +
            "orderpath.symbol.<SYMBOL>.adv");
        assertRefusedWith("orderpath.restricted.desk.X", "AAPL", "orderpath.restricted.desk.X is not a setting of the order " +
            "path (restricted lists are orderpath.restricted.account.ACC and orderpath.restricted.firm.F)");
        assertRefusedWith("orderpath.session.timeoutMs", "500",
            "orderpath.session.timeoutMs must be > orderpath.session.heartbeatIntervalMs (1000), was 500");
        assertRefusedWith("orderpath.shm.producers", "BROKER1", "orderpath.shm.dir is required when orderpath.shm.producers is set, was missing");
        assertRefusedWith("orderpath.client.MALLORY.hmacKey", "00", "orderpath.client.MALLORY.hmacKey is not a setting: a client takes " +
            "orderpath.client.<ID>.hmacKey, for an id listed in orderpath.clients");
    }

    @Test
    void shouldNeverEchoAKeyEvenABadOne()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.client.BROKER1.hmacKey", "deadbeef");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> OrderPathConfig.from(p));
        assertEquals("orderpath.client.BROKER1.hmacKey must be an even number (>= 64) of hex digits (a key of at least " +
            "32 bytes), was 8 characters", ex.getMessage());
        p.setProperty("orderpath.client.BROKER1.hmacKey", "ab".repeat(32));
        assertFalse(OrderPathConfig.from(p).toString().contains("abab"), "toString shows no key");
    }

    @Test
    void shouldRefuseSettingsForAccountsAndFirmsThatAreNotConfigured()
    {
        final Properties p = minimal();
        p.setProperty("orderpath.account.ACC1.firm", "F1");
        p.setProperty("orderpath.restricted.account.GHOST", "AAPL");
        assertRefused(p, "orderpath.restricted.account.GHOST names account GHOST, which is not configured " +
            "(orderpath.account.GHOST.firm)");
        final Properties q = minimal();
        q.setProperty("orderpath.risk.creditLimitCents.firm.NOBODY", "100");
        assertRefused(q, "orderpath.risk.creditLimitCents.firm.NOBODY names firm NOBODY, but no account belongs to it " +
            "(orderpath.account.<ACCOUNT>.firm=NOBODY)");
    }

    private static void assertRefusedWith(final String key, final String value, final String message)
    {
        final Properties p = minimal();
        p.setProperty(key, value);
        assertRefused(p, message);
    }
}
