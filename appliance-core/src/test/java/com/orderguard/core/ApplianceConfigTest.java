package com.orderguard.core;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** The appliance's own settings: order content sealed unless the benchmark's plain mode is asked for, session lifetime bounded. */
class ApplianceConfigTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSealOrderContentByDefaultAndAcceptPlainOnlyByName() throws Exception
    {
        assertTrue(load("").orderContentSealed());
        assertEquals(900, load("").sessionTtlSeconds());
        assertFalse(load("journal.orderContent=plain").orderContentSealed());
        assertEquals(60, load("control.session.ttlSeconds=60").sessionTtlSeconds());
    }

    @Test
    void shouldNameABadOrderContentModeOrSessionLifetime()
    {
        final IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> load("journal.orderContent=clear"));
        assertTrue(mode.getMessage().contains("journal.orderContent"), mode.getMessage());
        final IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class, () -> load("control.session.ttlSeconds=0"));
        assertTrue(ttl.getMessage().contains("control.session.ttlSeconds"), ttl.getMessage());
    }

    /** The sample configuration (what 'appliance sample-config' prints), without its order-content and session lines, plus {@code extra}. */
    private ApplianceConfig load(final String extra) throws Exception
    {
        final String template;
        try (var in = ApplianceConfigTest.class.getResourceAsStream("/com/orderguard/core/sample.properties"))
        {
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final String text = template.replace("${dataDir}", "data").replace("${controlPort}", "8443").replace("${gatewayPort}", "9001")
            .replace("${venuePort}", "9101").replace("${idle}", "backoff")
            .replace("${hmacKey.BROKER1}", "00".repeat(32)).replace("${hmacKey.BROKER2}", "11".repeat(32))
            .replaceAll("(?m)^(journal\\.orderContent|control\\.session\\.ttlSeconds)=.*$", "");
        final Path file = dir.resolve("appliance.properties");
        Files.writeString(file, text + "\n" + extra + "\n");
        return ApplianceConfig.load(file);
    }
}
