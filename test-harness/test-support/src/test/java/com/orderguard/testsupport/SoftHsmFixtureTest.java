package com.orderguard.testsupport;

import com.orderguard.hsm.SoftHsm2Token;
import org.junit.jupiter.api.Test;

import javax.crypto.KeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftHsmFixtureTest
{
    private static final char[] SO_PIN = "fixture-so-pin".toCharArray();
    private static final char[] USER_PIN = "fixture-user-pin".toCharArray();

    @Test
    void shouldGiveEachTestAFreshEmptyTokenUsableAfterOthersWereUsed() throws Exception
    {
        final SoftHsm2Token first = SoftHsmFixture.newToken("fixture", SO_PIN, USER_PIN);
        final Provider firstProvider = first.newProvider();
        final KeyStore firstStore = KeyStore.getInstance("PKCS11", firstProvider);
        firstStore.load(null, USER_PIN);
        final KeyGenerator aes = KeyGenerator.getInstance("AES", firstProvider);
        aes.init(256);
        firstStore.setKeyEntry("left-behind", aes.generateKey(), null, null);

        final SoftHsm2Token second = SoftHsmFixture.newToken("fixture", SO_PIN, USER_PIN);
        final KeyStore secondStore = KeyStore.getInstance("PKCS11", second.newProvider());
        secondStore.load(null, USER_PIN);

        assertNotEquals(first.label(), second.label());
        assertEquals(List.of("left-behind"), Collections.list(firstStore.aliases()));
        assertEquals(List.of(), Collections.list(secondStore.aliases()));
    }

    @Test
    void shouldKeepOneTokenDirectoryPerJvm() throws Exception
    {
        final SoftHsm2Token token = SoftHsmFixture.newToken("same-dir", SO_PIN, USER_PIN);

        assertEquals(SoftHsmFixture.tokenDirectory(), token.directory());
        assertEquals(SoftHsmFixture.tokenDirectory().resolve("softhsm2.conf").toRealPath(),
            SoftHsm2Token.confInThisProcess());
    }

    @Test
    void shouldMakeLabelsThatFitThePkcs11Field()
    {
        final String label = SoftHsmFixture.uniqueLabel("a-very-long-prefix-that-goes-on-and-on");

        assertTrue(label.length() <= 32, label);
        assertTrue(label.startsWith("a-very-long-prefix-that-goe-"), label);
    }

    @Test
    void shouldMakeFreshTempDirectories()
    {
        final Path one = SoftHsmFixture.freshTempDir("fixture");
        final Path two = SoftHsmFixture.freshTempDir("fixture");

        assertNotEquals(one, two);
        assertTrue(Files.isDirectory(one) && Files.isDirectory(two));
        assertTrue(one.getFileName().toString().startsWith("orderguard-fixture-"));
    }

    @Test
    void shouldDeleteADirectoryTreeOnRequest() throws Exception
    {
        final Path dir = SoftHsmFixture.freshTempDir("delete");
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/c.txt"), "x");

        SoftHsmFixture.deleteRecursively(dir);

        assertTrue(Files.notExists(dir));
    }
}
