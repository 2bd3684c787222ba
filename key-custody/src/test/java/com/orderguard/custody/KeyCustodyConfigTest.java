package com.orderguard.custody;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeyCustodyConfigTest
{
    @Test
    void shouldDefaultToFiveSharesThresholdThreeAndTheTokenInTheCustodyDirectory()
    {
        final KeyCustodyConfig config = KeyCustodyConfig.from(properties("custody.dir=/var/lib/og/custody"));

        assertEquals(Path.of("/var/lib/og/custody"), config.dir());
        assertEquals(Path.of("/var/lib/og/custody/token"), config.tokenDir());
        assertEquals(Path.of("/var/lib/og/custody/seal.properties"), config.sealFile());
        assertEquals(Path.of("/var/lib/og/custody/journal-signing.pub.pem"), config.journalPublicKeyFile());
        assertEquals("/usr/lib/softhsm/libsofthsm2.so", config.pkcs11Library());
        assertEquals("orderguard", config.tokenLabel());
        assertEquals(1L << 24, config.envelopeMaxRecordsPerDataKey());
        assertEquals(3600, config.envelopeMaxDataKeyAgeSeconds());
        assertEquals(14, config.rotationNoticeDays());
        assertEquals(Path.of("/var/lib/og/custody/key-inventory.properties"), config.inventoryFile());
        assertEquals(Path.of("/var/lib/og/custody/data-keys.properties"), config.dataKeyFile());
        assertEquals(5, config.shares());
        assertEquals(3, config.threshold());
    }

    @Test
    void shouldRequireTheCustodyDirectory()
    {
        assertEquals("custody.dir is required: the directory for the seal file, the journal public key and the token",
            refusal(properties()));
    }

    @Test
    void shouldNameTheBadSettingAndItsValue()
    {
        assertEquals("custody.seal.shares must be between 2 and 16, was 17",
            refusal(properties("custody.dir=/c", "custody.seal.shares=17")));
        assertEquals("custody.seal.threshold must be between 2 and custody.seal.shares (4), was 5",
            refusal(properties("custody.dir=/c", "custody.seal.shares=4", "custody.seal.threshold=5")));
        assertEquals("custody.seal.threshold must be between 2 and custody.seal.shares (5), was 1",
            refusal(properties("custody.dir=/c", "custody.seal.threshold=1")));
        assertEquals("custody.seal.shares must be an integer, was 'five'",
            refusal(properties("custody.dir=/c", "custody.seal.shares=five")));
        assertEquals("custody.pkcs11.library must be an absolute path, was 'libsofthsm2.so'",
            refusal(properties("custody.dir=/c", "custody.pkcs11.library=libsofthsm2.so")));
        assertEquals("custody.token.label must be 1 to 32 letters, digits and (not first) '-', '_', '.', was 'a b'",
            refusal(properties("custody.dir=/c", "custody.token.label=a b")));
    }

    @Test
    void shouldRefuseAMisspeltCustodySettingRatherThanIgnoreIt()
    {
        assertEquals("custody.seal.treshold is not a key custody setting (known: custody.dir, custody.token.dir, " +
                "custody.pkcs11.library, custody.token.label, custody.seal.shares, custody.seal.threshold, " +
                "custody.envelope.maxRecordsPerDataKey, custody.envelope.maxDataKeyAgeSeconds, custody.rotation.noticeDays)",
            refusal(properties("custody.dir=/c", "custody.seal.treshold=2")));
    }

    @Test
    void shouldRefuseEnvelopeAndRotationSettingsOutOfRangeNamingThem()
    {
        assertEquals("custody.envelope.maxRecordsPerDataKey must be between 1 and 2^32 (GCM counter IVs), was 0",
            refusal(properties("custody.dir=/c", "custody.envelope.maxRecordsPerDataKey=0")));
        assertEquals("custody.envelope.maxDataKeyAgeSeconds must be an integer, was 'soon'",
            refusal(properties("custody.dir=/c", "custody.envelope.maxDataKeyAgeSeconds=soon")));
        assertEquals("custody.rotation.noticeDays must be between 0 and 365, was 400",
            refusal(properties("custody.dir=/c", "custody.rotation.noticeDays=400")));
    }

    @Test
    void shouldLeaveOtherModulesSettingsAlone()
    {
        final KeyCustodyConfig config =
            KeyCustodyConfig.from(properties("custody.dir=/c", "custody.token.dir=/t", "orderpath.cpu=1"));

        assertEquals(Path.of("/t"), config.tokenDir());
    }

    private static String refusal(final Properties p)
    {
        return assertThrows(IllegalArgumentException.class, () -> KeyCustodyConfig.from(p)).getMessage();
    }

    private static Properties properties(final String... lines)
    {
        final Properties p = new Properties();
        for (final String line : lines)
        {
            final int eq = line.indexOf('=');
            p.setProperty(line.substring(0, eq), line.substring(eq + 1));
        }
        return p;
    }
}
