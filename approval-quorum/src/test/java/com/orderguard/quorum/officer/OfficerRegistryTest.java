package com.orderguard.quorum.officer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OfficerRegistryTest
{
    private static KeyPair ec(final String curve) throws Exception
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static Officer officer(final String id) throws Exception
    {
        return Officer.active(id, "Officer " + id, Set.of("security-officer"), ec("secp256r1").getPublic());
    }

    @Test
    void shouldRejectKeysNotOnP256AtRegistration() throws Exception
    {
        final KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);

        final IllegalArgumentException p384 = assertThrows(IllegalArgumentException.class,
            () -> Officer.active("zoe", "Zoe", Set.of(), ec("secp384r1").getPublic()));
        final IllegalArgumentException rsaKey = assertThrows(IllegalArgumentException.class,
            () -> Officer.active("zoe", "Zoe", Set.of(), rsa.generateKeyPair().getPublic()));

        assertTrue(p384.getMessage().contains("P-256") && p384.getMessage().contains("384"), p384.getMessage());
        assertTrue(rsaKey.getMessage().contains("RSA"), rsaKey.getMessage());
    }

    @Test
    void shouldGiveEveryChangeANewImmutableVersion() throws Exception
    {
        final OfficerRegistry empty = OfficerRegistry.empty();
        final OfficerRegistry one = empty.register(officer("alice"));
        final OfficerRegistry two = one.register(officer("bob"));
        final OfficerRegistry revoked = two.revoke("alice");

        assertEquals(0, empty.version());
        assertEquals(3, revoked.version());
        assertNull(empty.find("alice"));
        assertTrue(two.find("alice").isActive(), "an older snapshot never changes");
        assertFalse(revoked.find("alice").isActive());
        assertEquals(1, revoked.activeCount());
    }

    @Test
    void shouldNeverReuseAnOfficerId() throws Exception
    {
        final OfficerRegistry revoked = OfficerRegistry.empty().register(officer("alice")).revoke("alice");

        assertThrows(IllegalArgumentException.class, () -> revoked.register(officer("alice")));
        assertThrows(IllegalArgumentException.class, () -> revoked.revoke("alice"));
        assertThrows(IllegalArgumentException.class, () -> revoked.revoke("nobody"));
    }

    @Test
    void shouldRefuseOneKeyForTwoOfficers() throws Exception
    {
        final KeyPair shared = ec("secp256r1");
        final OfficerRegistry registry = OfficerRegistry.empty()
            .register(Officer.active("alice", "Alice", Set.of("security-officer"), shared.getPublic()));

        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> registry.register(Officer.active("alice2", "Alice again", Set.of("security-officer"), shared.getPublic())));

        assertTrue(error.getMessage().contains("alice"), error.getMessage());
    }

    @Test
    void shouldRefuseLookAlikeOrInvisibleNames() throws Exception
    {
        final KeyPair pair = ec("secp256r1");

        assertThrows(IllegalArgumentException.class, () -> Officer.active("\u0430lice", "Alice", Set.of(), pair.getPublic()));
        assertThrows(IllegalArgumentException.class, () -> Officer.active("Alice", "Alice", Set.of(), pair.getPublic()));
        assertThrows(IllegalArgumentException.class, () -> Officer.active("alice", "Ali\u200bce", Set.of(), pair.getPublic()));
        assertThrows(IllegalArgumentException.class, () -> Officer.active("alice", "Alice", Set.of("Admin"), pair.getPublic()));
    }

    @Test
    void shouldRoundTripPublicKeyThroughPemAndShowItsFingerprint() throws Exception
    {
        final Officer alice = officer("alice");

        final String pem = P256.toPem(alice.publicKey());

        assertEquals(alice.publicKey(), P256.decodePem(pem, "alice"));
        assertEquals(64, alice.keyFingerprint().length());
        assertEquals(alice.keyFingerprint(), P256.fingerprint(P256.decodePem(pem, "alice")));
    }

    @Test
    void shouldRefuseMalformedSignatureShapesBeforeAnyMaths()
    {
        assertTrue(P256.checkSignatureShape(new byte[]{0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00}) != null, "r = s = 0");
        assertTrue(P256.checkSignatureShape(new byte[]{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00}) != null,
            "trailing byte");
        assertTrue(P256.checkSignatureShape(new byte[]{0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01}) != null,
            "non-minimal integer");
        assertNull(P256.checkSignatureShape(new byte[]{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}), "r = s = 1 is well formed");
    }
}
