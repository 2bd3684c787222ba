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
        assertEquals(1 << 20, config.dropCopyRingBytes());
        assertTrue(config.venues().isEmpty());
        assertTrue(config.routes().isEmpty());
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
}
