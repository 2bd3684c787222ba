package com.orderguard.custody.inventory;

import com.orderguard.testsupport.SoftHsmFixture;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyInventoryTest
{
    private static final Instant T0 = Instant.parse("2026-11-22T06:00:00Z");
    /** Stands in for the token's journal key: this test is about the file, not the HSM. */
    private static final java.security.KeyPair JOURNAL = ecKeyPair();
    private static final java.util.function.Function<byte[], byte[]> SIGNER = body ->
    {
        try
        {
            final java.security.Signature signature = java.security.Signature.getInstance("SHA256withECDSA");
            signature.initSign(JOURNAL.getPrivate());
            signature.update(body);
            return signature.sign();
        }
        catch (final java.security.GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    };

    @Test
    void shouldPersistEveryRecordAndPolicyAndReadThemBackUnchanged() throws Exception
    {
        final Path file = SoftHsmFixture.freshTempDir("inventory").resolve(KeyInventory.FILE);
        final KeyInventory inventory = KeyInventory.create(file);
        inventory.put(active(KeyPurpose.ORDER_FLOW_KEK, 1, T0));
        inventory.put(preActive(KeyPurpose.JOURNAL_SIGNING, 1).moveTo(KeyState.ACTIVE, T0, T0.plus(Duration.ofDays(90)))
            .moveTo(KeyState.DEACTIVATED, T0.plusSeconds(60), null));
        inventory.rotationPeriod(KeyPurpose.TLS_SERVER, Duration.ofDays(30));
        inventory.write(SIGNER);

        final KeyInventory read = KeyInventory.read(file);

        assertEquals(inventory.list(), read.list());
        assertEquals(Duration.ofDays(30), read.rotationPeriod(KeyPurpose.TLS_SERVER));
        assertEquals(Duration.ofDays(90), read.rotationPeriod(KeyPurpose.ORDER_FLOW_KEK));
        assertEquals("order-flow-kek.v1", read.active(KeyPurpose.ORDER_FLOW_KEK).alias());
        assertNull(read.active(KeyPurpose.JOURNAL_SIGNING));
        assertEquals(2, read.nextVersion(KeyPurpose.JOURNAL_SIGNING));
        final String text = Files.readString(file);
        assertTrue(text.contains("key.order-flow-kek.v1.state=ACTIVE"), text);
        assertTrue(text.contains("key.order-flow-kek.v1.expires=2027-02-20T06\\:00\\:00Z"), text);
    }

    @Test
    void shouldKeepItsInvariantsThroughARandomWalkOfLifecycleStepsAndPersistEachStateExactly() throws Exception
    {
        final Path file = SoftHsmFixture.freshTempDir("inventory").resolve(KeyInventory.FILE);
        final KeyInventory inventory = KeyInventory.create(file);
        final java.util.Random random = new java.util.Random(0x57a7e);
        final KeyState[] states = KeyState.values();
        Instant now = T0;

        for (int step = 0; step < 400; step++)
        {
            now = now.plusSeconds(1 + random.nextInt(86_400));
            final KeyPurpose purpose = KeyPurpose.values()[random.nextInt(KeyPurpose.values().length)];
            final List<KeyRecord> mine = inventory.list().stream().filter(k -> k.purpose() == purpose).toList();
            if (mine.isEmpty() || random.nextInt(4) == 0)
            {
                inventory.put(new KeyRecord(purpose, inventory.nextVersion(purpose), purpose.algorithm(), KeyState.PRE_ACTIVE, now,
                    null, null, null, null, "sha256:" + step));
            }
            else
            {
                final KeyRecord key = mine.get(random.nextInt(mine.size()));
                final KeyState next = states[random.nextInt(states.length)];
                if (key.state().canBecome(next))
                {
                    final KeyRecord active = inventory.active(purpose);
                    if (next == KeyState.ACTIVE && null != active)
                    {
                        inventory.put(active.moveTo(KeyState.DEACTIVATED, now, null));
                    }
                    inventory.put(key.moveTo(next, now, now.plus(inventory.rotationPeriod(purpose))));
                }
                else
                {
                    final Instant at = now;
                    assertThrows(IllegalStateException.class, () -> key.moveTo(next, at, null), key.state() + " -> " + next);
                }
            }

            for (final KeyPurpose p : KeyPurpose.values())
            {
                assertTrue(inventory.list().stream().filter(k -> k.purpose() == p && k.state() == KeyState.ACTIVE).count() <= 1);
            }
            if (step % 50 == 0)
            {
                inventory.write(SIGNER);
                assertEquals(inventory.list(), KeyInventory.read(file).list(), "step " + step);
            }
        }
        for (final KeyRecord key : inventory.list())
        {
            assertEquals(key.state() == KeyState.DESTROYED, null != key.destroyedAt(), key.toString());
            assertEquals(key.state() == KeyState.DEACTIVATED, null != key.deactivatedAt() && key.state() != KeyState.COMPROMISED &&
                key.state() != KeyState.DESTROYED, key.toString());
        }
    }

    @Test
    void shouldRefuseASecondActiveKeyForOnePurpose()
    {
        final KeyInventory inventory = KeyInventory.create(Path.of("/nonexistent/" + KeyInventory.FILE));
        inventory.put(active(KeyPurpose.ORDER_FLOW_KEK, 1, T0));

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> inventory.put(active(KeyPurpose.ORDER_FLOW_KEK, 2, T0)));

        assertEquals("two ACTIVE keys for order-flow-kek: order-flow-kek.v1 and order-flow-kek.v2", ex.getMessage());
    }

    @Test
    void shouldFollowSp80057TransitionsOnlyAndDateEachStep()
    {
        final KeyRecord pre = preActive(KeyPurpose.CONTROL_TOKEN_SIGNING, 3);
        final KeyRecord activeRecord = pre.moveTo(KeyState.ACTIVE, T0, T0.plus(Duration.ofDays(90)));
        final KeyRecord deactivated = activeRecord.moveTo(KeyState.DEACTIVATED, T0.plusSeconds(5), null);
        final KeyRecord destroyed = deactivated.moveTo(KeyState.DESTROYED, T0.plusSeconds(9), null);

        assertEquals(T0, activeRecord.activatedAt());
        assertEquals(T0.plusSeconds(5), deactivated.deactivatedAt());
        assertEquals(T0.plusSeconds(9), destroyed.destroyedAt());
        assertThrows(IllegalStateException.class, () -> activeRecord.moveTo(KeyState.DESTROYED, T0, null),
            "an active key is deactivated before it is destroyed");
        assertThrows(IllegalStateException.class, () -> destroyed.moveTo(KeyState.ACTIVE, T0, null));
        assertThrows(IllegalStateException.class, () -> deactivated.moveTo(KeyState.ACTIVE, T0, null));
        assertTrue(KeyState.DEACTIVATED.processes());
        assertFalse(KeyState.DEACTIVATED.protects());
        assertFalse(KeyState.COMPROMISED.processes());
    }

    @Test
    void shouldReportActiveKeysDueWithinTheNoticeSoonestFirstAndMoveExpiryWithThePolicy()
    {
        final KeyInventory inventory = KeyInventory.create(Path.of("/nonexistent/" + KeyInventory.FILE));
        inventory.put(active(KeyPurpose.ORDER_FLOW_KEK, 1, T0));
        inventory.put(active(KeyPurpose.JOURNAL_SIGNING, 1, T0.plus(Duration.ofDays(10))));

        assertEquals(List.of(), inventory.dueForRotation(T0.plus(Duration.ofDays(75)), Duration.ofDays(14)));
        assertEquals(List.of("order-flow-kek.v1"),
            aliases(inventory.dueForRotation(T0.plus(Duration.ofDays(76)), Duration.ofDays(14))));
        assertEquals(List.of("order-flow-kek.v1", "journal-signing.v1"),
            aliases(inventory.dueForRotation(T0.plus(Duration.ofDays(100)), Duration.ZERO)));

        inventory.rotationPeriod(KeyPurpose.JOURNAL_SIGNING, Duration.ofDays(30));
        assertEquals(T0.plus(Duration.ofDays(40)), inventory.active(KeyPurpose.JOURNAL_SIGNING).expiresAt());
        assertThrows(IllegalArgumentException.class, () -> inventory.rotationPeriod(KeyPurpose.TLS_SERVER, Duration.ofHours(3)));
    }

    @Test
    void shouldRefuseAnInventoryFileWithAnUnknownPurposeNamingIt() throws Exception
    {
        final Path file = SoftHsmFixture.freshTempDir("inventory").resolve(KeyInventory.FILE);
        Files.writeString(file, "format=orderguard-key-inventory-v1\nkey.payroll-key.v1.state=ACTIVE\n");

        final java.io.IOException ex = assertThrows(java.io.IOException.class, () -> KeyInventory.read(file));

        assertTrue(ex.getMessage().endsWith("key payroll-key.v1 names no key purpose"), ex.getMessage());
    }

    @Test
    void shouldCarryASignatureOverEveryByteBeforeItThatAnyEditBreaks() throws Exception
    {
        final Path file = SoftHsmFixture.freshTempDir("inventory").resolve(KeyInventory.FILE);
        final KeyInventory inventory = KeyInventory.create(file);
        inventory.put(active(KeyPurpose.ORDER_FLOW_KEK, 1, T0));
        inventory.write(SIGNER);

        assertTrue(KeyInventory.read(file).signatureVerifies(JOURNAL.getPublic(), "SHA256withECDSA"));
        final String text = Files.readString(file);
        assertTrue(text.matches("(?s).*\\nsignature=[A-Za-z0-9+/=]+\\n"), text);
        Files.writeString(file, text.replace("state=ACTIVE", "state=DEACTIVATED"));
        assertFalse(KeyInventory.read(file).signatureVerifies(JOURNAL.getPublic(), "SHA256withECDSA"));
        Files.writeString(file, text.substring(0, text.indexOf("signature=")));
        assertFalse(KeyInventory.read(file).signatureVerifies(JOURNAL.getPublic(), "SHA256withECDSA"), "unsigned");
        Files.writeString(file, text);
        assertFalse(KeyInventory.read(file).signatureVerifies(ecKeyPair().getPublic(), "SHA256withECDSA"), "another key");
    }

    private static java.security.KeyPair ecKeyPair()
    {
        try
        {
            final java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
            ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return ec.generateKeyPair();
        }
        catch (final java.security.GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static List<String> aliases(final List<KeyRecord> records)
    {
        return records.stream().map(KeyRecord::alias).toList();
    }

    private static KeyRecord preActive(final KeyPurpose purpose, final int version)
    {
        return new KeyRecord(purpose, version, purpose.algorithm(), KeyState.PRE_ACTIVE, T0, null, null, null, null,
            "sha256:00");
    }

    private static KeyRecord active(final KeyPurpose purpose, final int version, final Instant at)
    {
        return preActive(purpose, version).moveTo(KeyState.ACTIVE, at, at.plus(KeyInventory.DEFAULT_ROTATION));
    }
}
