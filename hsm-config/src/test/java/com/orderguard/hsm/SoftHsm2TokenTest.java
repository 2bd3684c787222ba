package com.orderguard.hsm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Against real SoftHSM2 tokens, all in this JVM's one token directory ({@link ProcessTokenDirectory}).
 */
class SoftHsm2TokenTest
{
    private static final char[] SO_PIN = "so-pin-for-test".toCharArray();
    private static final char[] USER_PIN = "user-pin-for-test".toCharArray();

    @Test
    void shouldCreateTokenWhoseUserPinLogsInThroughSunPkcs11() throws Exception
    {
        final SoftHsm2Token token =
            SoftHsm2Token.create(ProcessTokenDirectory.get(), ProcessTokenDirectory.uniqueLabel("login"), SO_PIN, USER_PIN);

        final KeyStore keyStore = KeyStore.getInstance("PKCS11", token.newProvider());
        keyStore.load(null, USER_PIN);

        assertEquals(List.of(), Collections.list(keyStore.aliases()));
        assertTrue(Files.readString(token.providerConfigFile()).contains("\nslot = " + token.slotId() + "\n"));
        assertEquals(ProcessTokenDirectory.get().resolve("softhsm2.conf"), token.softHsmConfigFile());
        assertEquals(0, InitSoftHsmTokenScriptTest.pkcs11ToolSoLogin(token.directory(), token.slotId(), new String(SO_PIN)));
    }

    @Test
    void shouldSeeTokenCreatedInThisJvmAfterSoftHsmWasInitialisedHere() throws Exception
    {
        final Path dir = ProcessTokenDirectory.get();
        final SoftHsm2Token first = SoftHsm2Token.create(dir, ProcessTokenDirectory.uniqueLabel("first"), SO_PIN, USER_PIN);
        KeyStore.getInstance("PKCS11", first.newProvider()).load(null, USER_PIN);   // SoftHSM now initialised

        final SoftHsm2Token later = SoftHsm2Token.create(dir, ProcessTokenDirectory.uniqueLabel("later"), SO_PIN, USER_PIN);

        final KeyStore keyStore = KeyStore.getInstance("PKCS11", later.newProvider());
        keyStore.load(null, USER_PIN);
        assertEquals(List.of(), Collections.list(keyStore.aliases()));
    }

    @Test
    void shouldNotSeeTokenCreatedByAnotherProcessAfterSoftHsmWasInitialisedHere() throws Exception
    {
        final Path dir = ProcessTokenDirectory.get();
        final SoftHsm2Token first = SoftHsm2Token.create(dir, ProcessTokenDirectory.uniqueLabel("here"), SO_PIN, USER_PIN);
        KeyStore.getInstance("PKCS11", first.newProvider()).load(null, USER_PIN);   // SoftHSM now initialised
        final String label = ProcessTokenDirectory.uniqueLabel("elsewhere");
        assertEquals(0, InitSoftHsmTokenScriptTest.run(dir, label, "other-so-pin\nother-user-pin\n").exitCode());

        final SoftHsm2Token madeElsewhere = SoftHsm2Token.open(dir, label);   // a fresh process sees it...

        // ...SunPKCS11 on its own does not: SoftHSM built its slot list when it was initialised
        final ProviderException unseen = assertThrows(ProviderException.class,
            () -> Security.getProvider("SunPKCS11").configure(madeElsewhere.providerConfigFile().toString()));
        assertTrue(String.valueOf(rootCause(unseen).getMessage()).contains("CKR_SLOT_ID_INVALID"), unseen.toString());
        // ...nor does C_GetSlotList (newProvider lists the slots): SoftHSM 2.6 never rescans
        final IllegalStateException ex = assertThrows(IllegalStateException.class, madeElsewhere::newProvider);
        assertTrue(ex.getMessage().startsWith("token '" + label + "' of " + dir + " is not visible to SoftHSM in this JVM"),
            ex.getMessage());
    }

    @Test
    void shouldGiveTokenMadeHereTheSlotLaterProcessesSee() throws Exception
    {
        final SoftHsm2Token created =
            SoftHsm2Token.create(ProcessTokenDirectory.get(), ProcessTokenDirectory.uniqueLabel("slot"), SO_PIN, USER_PIN);

        final SoftHsm2Token seenByFreshProcess = SoftHsm2Token.open(ProcessTokenDirectory.get(), created.label());

        assertEquals(seenByFreshProcess.slotId(), created.slotId());
    }

    @Test
    void shouldRefuseSecondTokenWithTheSameLabelInOneDirectory() throws Exception
    {
        final String label = ProcessTokenDirectory.uniqueLabel("twice");
        SoftHsm2Token.create(ProcessTokenDirectory.get(), label, SO_PIN, USER_PIN);

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> SoftHsm2Token.create(ProcessTokenDirectory.get(), label, SO_PIN, USER_PIN));

        assertTrue(ex.getMessage().contains("already has a token labelled '" + label + "'"), ex.getMessage());
    }

    @Test
    void shouldOpenExistingTokenAtTheSlotItWasCreatedIn() throws Exception
    {
        final SoftHsm2Token created =
            SoftHsm2Token.create(ProcessTokenDirectory.get(), ProcessTokenDirectory.uniqueLabel("open"), SO_PIN, USER_PIN);

        final SoftHsm2Token opened = SoftHsm2Token.open(ProcessTokenDirectory.get(), created.label());

        assertEquals(created.slotId(), opened.slotId());
        assertEquals(created.providerConfigFile(), opened.providerConfigFile());
        assertEquals(SoftHsm2Token.DEFAULT_LIBRARY_PATH, opened.libraryPath());
    }

    @Test
    void shouldFailToOpenLabelTheDirectoryDoesNotHave()
    {
        final java.io.IOException ex = assertThrows(java.io.IOException.class,
            () -> SoftHsm2Token.open(ProcessTokenDirectory.get(), "no-such-token"));

        assertTrue(ex.getMessage().endsWith("has no token labelled 'no-such-token'"), ex.getMessage());
    }

    @Test
    void shouldKeepGeneratedKeysInsideTheToken() throws Exception
    {
        final SoftHsm2Token token =
            SoftHsm2Token.create(ProcessTokenDirectory.get(), ProcessTokenDirectory.uniqueLabel("keys"), SO_PIN, USER_PIN);
        final Provider provider = token.newProvider();
        KeyStore.getInstance("PKCS11", provider).load(null, USER_PIN);

        final KeyGenerator aes = KeyGenerator.getInstance("AES", provider);
        aes.init(256);
        final SecretKey secretKey = aes.generateKey();
        final KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", provider);
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair keyPair = ec.generateKeyPair();

        assertNull(secretKey.getEncoded(), "secret key left the token");
        assertNull(keyPair.getPrivate().getEncoded(), "private key left the token");
        assertTrue(keyPair.getPublic().getEncoded().length > 0, "public key is meant to be exported");
    }

    @Test
    void shouldRefuseASecondDifferentSoftHsmConfigurationInOneJvm(@TempDir final Path other) throws Exception
    {
        final Path inUse = ProcessTokenDirectory.get().resolve("softhsm2.conf").toRealPath();
        final Path otherConf = SoftHsm2Token.prepareDirectory(other);

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> SoftHsm2Token.useInThisProcess(otherConf));

        assertTrue(ex.getMessage().startsWith("SoftHSM in this JVM already uses " + inUse + ";"), ex.getMessage());
        assertEquals(inUse, SoftHsm2Token.confInThisProcess());
        assertEquals(inUse.toString(), NativeEnvironment.get("SOFTHSM2_CONF"));
        SoftHsm2Token.useInThisProcess(inUse);   // the same one again is fine
    }

    @Test
    void shouldRefuseToCreateTokenInADirectoryThisJvmDoesNotUse(@TempDir final Path other)
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> SoftHsm2Token.create(other, "elsewhere", SO_PIN, USER_PIN));

        assertTrue(ex.getMessage().startsWith("SoftHSM in this JVM already uses "), ex.getMessage());
    }

    static Throwable rootCause(final Throwable throwable)
    {
        Throwable cause = throwable;
        while (null != cause.getCause())
        {
            cause = cause.getCause();
        }

        return cause;
    }
}
