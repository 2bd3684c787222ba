package com.orderguard.custody;

import com.codahale.shamir.Scheme;
import com.orderguard.custody.seal.PinDerivation;
import com.orderguard.custody.seal.ShareText;
import com.orderguard.hsm.SoftHsm2Token;
import com.orderguard.testsupport.SoftHsmFixture;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key custody against real SoftHSM2 tokens: each test initialises its own custody directory and token
 * (in this JVM's one token directory, see SoftHsmFixture).
 */
class KeyCustodyTest
{
    private static final byte[] JOURNAL_RECORD = "checkpoint 42: sha256=...".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldStaySealedWithOneShareFewerThanTheThreshold() throws Exception
    {
        final Initialised custody = initialise(5, 3);

        final ShareOutcome first = custody.keyCustody.offerShare(custody.share(1));
        final ShareOutcome second = custody.keyCustody.offerShare(custody.share(4));

        assertEquals(new ShareOutcome(ShareOutcome.Status.ACCEPTED, 1, 1, 3, "share 1 accepted: 1 of 3 given"), first);
        assertEquals(new ShareOutcome(ShareOutcome.Status.ACCEPTED, 4, 2, 3, "share 4 accepted: 2 of 3 given"), second);
        assertTrue(custody.keyCustody.isSealed());
        assertEquals(2, custody.keyCustody.sharesGiven());
        assertThrows(IllegalStateException.class, () -> custody.keyCustody.signJournal(JOURNAL_RECORD));
    }

    @Test
    void shouldUnsealWithThresholdSharesAndSignJournalVerifiablyWithThePublishedKey() throws Exception
    {
        final Initialised custody = initialise(5, 3);
        custody.keyCustody.offerShare(custody.share(5));
        custody.keyCustody.offerShare(custody.share(2));

        final ShareOutcome third = custody.keyCustody.offerShare(custody.share(3));
        final byte[] signature = custody.keyCustody.signJournal(JOURNAL_RECORD);

        assertEquals(ShareOutcome.Status.UNSEALED, third.status(), third.message());
        assertEquals(3, third.shareIndex());
        assertFalse(third.refused());
        assertFalse(custody.keyCustody.isSealed());
        assertEquals(0, custody.keyCustody.sharesGiven());
        assertTrue(verifies(custody.keyCustody.journalPublicKey(), signature));
        assertEquals(0x30, signature[0] & 0xff, "DER SEQUENCE");
    }

    @Test
    void shouldRefuseATamperedShareByItsNumberBeforeTheThreshold() throws Exception
    {
        final Initialised custody = initialise(5, 3);
        custody.keyCustody.offerShare(custody.share(1));
        final String tampered = changeLastHexDigit(custody.share(2));

        final ShareOutcome outcome = custody.keyCustody.offerShare(tampered);

        assertEquals(ShareOutcome.Status.REFUSED_TAMPERED, outcome.status());
        assertEquals(2, outcome.shareIndex());
        assertEquals(1, outcome.given());
        assertTrue(outcome.refused());
        assertEquals("share 2 is not the share 2 issued for seal set " + custody.initialisation.sealSetId() +
            ": its digits were altered or mistyped", outcome.message());
        assertEquals(ShareOutcome.Status.ACCEPTED, custody.keyCustody.offerShare(custody.share(2)).status());
        assertEquals(ShareOutcome.Status.UNSEALED, custody.keyCustody.offerShare(custody.share(3)).status());
    }

    @Test
    void shouldRefuseAShareGivenTwiceInOneCeremony() throws Exception
    {
        final Initialised custody = initialise(5, 3);
        custody.keyCustody.offerShare(custody.share(4));

        final ShareOutcome again = custody.keyCustody.offerShare(" " + custody.share(4).toUpperCase() + "\n");

        assertEquals(new ShareOutcome(ShareOutcome.Status.REFUSED_REPEATED, 4, 1, 3,
            "share 4 was already given in this ceremony (1 of 3 given)"), again);
        assertTrue(custody.keyCustody.isSealed());
    }

    @Test
    void shouldRefuseAShareOfAnotherSealSet() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        final Initialised other = initialise(3, 2);

        final ShareOutcome outcome = custody.keyCustody.offerShare(other.share(1));

        assertEquals(ShareOutcome.Status.REFUSED_OTHER_SET, outcome.status());
        assertEquals(1, outcome.shareIndex());
        assertEquals(0, outcome.given());
        assertEquals("share 1 belongs to seal set " + other.initialisation.sealSetId() + ", not to this appliance's seal set " +
            custody.initialisation.sealSetId() + " (or its seal-set part was mistyped)", outcome.message());
        assertEquals(ShareOutcome.Status.REFUSED_OTHER_SET, custody.keyCustody.checkShare(other.share(2)).status());
    }

    @Test
    void shouldRefuseGarbageAsMalformedAndAShareNumberTheSetDoesNotHave() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        final String share3 = custody.share(3);

        final ShareOutcome garbage = custody.keyCustody.offerShare("let me in");
        final ShareOutcome noSuchIndex = custody.keyCustody.offerShare(share3.replace("-3-", "-9-"));

        assertEquals(ShareOutcome.Status.REFUSED_MALFORMED, garbage.status());
        assertEquals(-1, garbage.shareIndex());
        assertEquals(ShareOutcome.Status.REFUSED_NO_INDEX, noSuchIndex.status());
        assertEquals(9, noSuchIndex.shareIndex());
        assertEquals("seal set " + custody.initialisation.sealSetId() + " has shares 1 to 3: there is no share 9",
            noSuchIndex.message());
        assertEquals(0, custody.keyCustody.sharesGiven());
    }

    @Test
    void shouldMakeSignJournalThrowAfterSealAndNeedAWholeNewCeremony() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        custody.unseal(1, 2);

        custody.keyCustody.seal();

        assertTrue(custody.keyCustody.isSealed());
        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> custody.keyCustody.signJournal(JOURNAL_RECORD));
        assertEquals("key custody is sealed: the journal cannot be signed until officers unseal", ex.getMessage());
        assertNull(custody.keyCustody.tokenKey("journal-signing.v1"));
        assertEquals(ShareOutcome.Status.ACCEPTED, custody.keyCustody.offerShare(custody.share(3)).status());
        assertThrows(IllegalStateException.class, () -> custody.keyCustody.signJournal(JOURNAL_RECORD));
        assertEquals(ShareOutcome.Status.UNSEALED, custody.keyCustody.offerShare(custody.share(1)).status());
        assertTrue(verifies(custody.keyCustody.journalPublicKey(), custody.keyCustody.signJournal(JOURNAL_RECORD)));
    }

    @Test
    void shouldForgetAHalfDoneCeremonyOnSeal() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        custody.keyCustody.offerShare(custody.share(1));

        custody.keyCustody.seal();

        assertEquals(0, custody.keyCustody.sharesGiven());
        assertEquals(ShareOutcome.Status.ACCEPTED, custody.keyCustody.offerShare(custody.share(2)).status());
    }

    @Test
    void shouldRefuseSharesOnceUnsealedButStillAuthenticateThem() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        custody.unseal(1, 2);

        final ShareOutcome offered = custody.keyCustody.offerShare(custody.share(3));
        final ShareOutcome checked = custody.keyCustody.checkShare(custody.share(3));

        assertEquals(new ShareOutcome(ShareOutcome.Status.REFUSED_ALREADY_UNSEALED, 3, 0, 2,
            "already unsealed: share 3 is not needed"), offered);
        assertEquals(new ShareOutcome(ShareOutcome.Status.ACCEPTED, 3, 0, 2,
            "share 3 is an authentic share of seal set " + custody.initialisation.sealSetId()), checked);
    }

    @Test
    void shouldCheckAShareWithoutCountingIt() throws Exception
    {
        final Initialised custody = initialise(3, 2);

        assertEquals(ShareOutcome.Status.ACCEPTED, custody.keyCustody.checkShare(custody.share(1)).status());
        assertEquals(ShareOutcome.Status.ACCEPTED, custody.keyCustody.checkShare(custody.share(1)).status());
        assertEquals(ShareOutcome.Status.REFUSED_TAMPERED,
            custody.keyCustody.checkShare(changeLastHexDigit(custody.share(2))).status());
        assertEquals(0, custody.keyCustody.sharesGiven());
        assertTrue(custody.keyCustody.isSealed());
    }

    @Test
    void shouldReportFailedLoginAndStartAgainWhenTheTokenRefusesTheDerivedPin() throws Exception
    {
        // A seal file and shares of another seal set, made for this token's label: the shares
        // authenticate, but the PIN they give is not this token's.
        final Initialised custody = initialise(3, 2);
        final Initialised other = initialise(3, 2);
        Files.writeString(custody.config.sealFile(), Files.readString(other.config.sealFile())
            .replace("token.label=" + other.config.tokenLabel() + "\n", "token.label=" + custody.config.tokenLabel() + "\n"));
        Files.copy(other.config.journalPublicKeyFile(), custody.config.journalPublicKeyFile(),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.config.inventoryFile(), custody.config.inventoryFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        final KeyCustody forged = new KeyCustody(custody.config);

        assertEquals(ShareOutcome.Status.ACCEPTED, forged.offerShare(other.share(1)).status());
        final ShareOutcome outcome = forged.offerShare(other.share(3));

        assertEquals(ShareOutcome.Status.FAILED_LOGIN, outcome.status(), outcome.message());
        assertTrue(outcome.refused());
        assertEquals(3, outcome.shareIndex());
        assertEquals(0, outcome.given());
        assertEquals("the 2 shares are authentic but token '" + custody.config.tokenLabel() + "' refused the PIN " +
            "derived from them: the token is not the one this seal set was made for, or its PIN was changed; " +
            "the ceremony starts again", outcome.message());
        assertTrue(forged.isSealed());
        assertEquals(0, forged.sharesGiven());
        assertEquals(ShareOutcome.Status.ACCEPTED, forged.offerShare(other.share(1)).status(), "a fresh ceremony");
    }

    @Test
    void shouldKeepBothKeysInsideTheTokenSensitiveAndNonExtractable() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        custody.unseal(2, 3);
        final String journal = "journal-signing.v1";
        final String kek = "order-flow-kek.v1";

        assertNull(custody.keyCustody.tokenKey(journal).getEncoded(), "journal-signing private key left the token");
        assertNull(custody.keyCustody.tokenKey(kek).getEncoded(), "order-flow KEK left the token");
        assertEquals("EC", custody.keyCustody.tokenKey(journal).getAlgorithm());
        assertEquals("AES", custody.keyCustody.tokenKey(kek).getAlgorithm());

        // From outside the JVM, logged in with the very PIN, the values cannot be read either.
        final char[] pin = custody.derivedUserPin(1, 3);
        final long slot = SoftHsm2Token.open(custody.config.tokenDir(), custody.config.tokenLabel()).slotId();
        final Tool listed = custody.pkcs11Tool(slot, pin, "--list-objects");
        assertEquals(0, listed.exitCode, listed.output);
        final String neverExtractable = "  Access:     sensitive, always sensitive, never extractable, local\n";
        assertTrue(listed.output.contains("Secret Key Object; AES length 32\n  label:      " + kek + "\n"), listed.output);
        assertEquals(5, listed.output.split(neverExtractable, -1).length - 1, listed.output);
        assertEquals(4, listed.output.split("Private Key Object; EC", -1).length - 1,
            "journal-signing, gateway-signing, quorum-initiator and control-token-signing, no orphan private key: " + listed.output);
        // SunPKCS11 finds a private key entry by CKA_ID = alias (its certificate carries the label)
        final String journalId = com.orderguard.custody.seal.Hex.encode(journal.getBytes(StandardCharsets.US_ASCII));
        assertTrue(listed.output.contains("  ID:         " + journalId + "\n"), listed.output);

        final Tool secretRead = custody.pkcs11Tool(slot, pin, "--read-object", "--type", "secrkey", "--label", kek);
        assertNotEquals(0, secretRead.exitCode, secretRead.output);
        assertTrue(secretRead.output.contains("CKR_ATTRIBUTE_SENSITIVE"), secretRead.output);
        // pkcs11-tool (OpenSC 0.23) reads no private key values at all, so for the private key the evidence
        // is the token's own CKA_SENSITIVE / CKA_NEVER_EXTRACTABLE above, and getEncoded() == null
        final Tool privateRead = custody.pkcs11Tool(slot, pin, "--read-object", "--type", "privkey", "--id", journalId);
        assertTrue(privateRead.exitCode != 0 || privateRead.output.contains("reading private keys not (yet) supported"),
            privateRead.output);
    }

    @Test
    void shouldListTheInitialKeysActiveWithDatesAndFingerprintsWhileSealed() throws Exception
    {
        final java.time.Instant t0 = java.time.Instant.parse("2026-11-22T06:00:00Z");
        final KeyCustodyConfig config = config(SoftHsmFixture.freshTempDir("custody"), 3, 2);
        KeyCustody.initialise(config, java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC));
        final KeyCustody keyCustody = new KeyCustody(config);

        final List<com.orderguard.custody.inventory.KeyRecord> keys = keyCustody.keyInventory();

        assertTrue(keyCustody.isSealed());
        assertEquals(List.of("order-flow-kek.v1", "journal-signing.v1", "control-token-signing.v1", "gateway-signing.v1",
            "quorum-initiator.v1"),
            keys.stream().map(com.orderguard.custody.inventory.KeyRecord::alias).toList());
        for (final com.orderguard.custody.inventory.KeyRecord key : keys)
        {
            assertEquals(com.orderguard.custody.inventory.KeyState.ACTIVE, key.state());
            assertEquals(t0, key.createdAt());
            assertEquals(t0, key.activatedAt());
            assertEquals(t0.plus(java.time.Duration.ofDays(90)), key.expiresAt());
        }
        assertTrue(keys.get(0).fingerprint().matches("kcv:[0-9a-f]{32}"), keys.get(0).fingerprint());
        final byte[] spki = keyCustody.journalPublicKey().getEncoded();
        assertEquals("sha256:" + com.orderguard.custody.seal.Hex.encode(
            java.security.MessageDigest.getInstance("SHA-256").digest(spki)), keys.get(1).fingerprint());
        assertEquals(List.of(), keyCustody.keysDueForRotation(), "the real clock is long before 2027-02-06");
        final byte[] initiator = keyCustody.activePublicKey(com.orderguard.custody.inventory.KeyPurpose.QUORUM_INITIATOR).getEncoded();
        assertEquals("sha256:" + com.orderguard.custody.seal.Hex.encode(
            java.security.MessageDigest.getInstance("SHA-256").digest(initiator)), keys.get(4).fingerprint(),
            "the quorum-initiator public key is readable while sealed and is the one the inventory names");
    }

    @Test
    void shouldRefuseToUnsealATokenWhoseKeyIsNotTheOneTheInventoryNames() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        final Path inventory = custody.config.inventoryFile();
        final String text = Files.readString(inventory);
        final String kcv = text.substring(text.indexOf("fingerprint=kcv\\:") + "fingerprint=kcv\\:".length()).substring(0, 32);
        Files.writeString(inventory, text.replace(kcv, "0".repeat(32)));
        final KeyCustody swapped = new KeyCustody(custody.config);

        swapped.offerShare(custody.share(1));
        final ShareOutcome outcome = swapped.offerShare(custody.share(2));

        assertEquals(ShareOutcome.Status.FAILED_LOGIN, outcome.status(), outcome.message());
        assertTrue(outcome.message().contains("the token's 'order-flow-kek.v1' is not the key the inventory names"),
            outcome.message());
        assertTrue(swapped.isSealed());
    }

    @Test
    void shouldRefuseToOpenWhenThePublishedJournalKeyIsNotTheOneTheInventoryNames() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        final Initialised other = initialise(3, 2);
        Files.copy(other.config.journalPublicKeyFile(), custody.config.journalPublicKeyFile(),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        final java.io.IOException ex = assertThrows(java.io.IOException.class, () -> new KeyCustody(custody.config));

        assertTrue(ex.getMessage().contains("is not the public key of journal-signing.v1"), ex.getMessage());
    }

    @Test
    void shouldRefuseToUnsealWhenTheKeyInventoryWasEditedOutsideCustody() throws Exception
    {
        final Initialised custody = initialise(3, 2);
        final Path inventory = custody.config.inventoryFile();
        Files.writeString(inventory, Files.readString(inventory).replace("rotation.order-flow-kek.days=90", "rotation.order-flow-kek.days=3650"));
        final KeyCustody edited = new KeyCustody(custody.config);

        edited.offerShare(custody.share(1));
        final ShareOutcome outcome = edited.offerShare(custody.share(3));

        assertEquals(ShareOutcome.Status.FAILED_LOGIN, outcome.status(), outcome.message());
        assertTrue(outcome.message().contains("the key inventory's signature does not verify with the journal key"), outcome.message());
        assertTrue(edited.isSealed());
    }

    @Test
    void shouldPublishTheJournalPublicKeyAsPemReadableWhileSealed() throws Exception
    {
        final Initialised custody = initialise(3, 2);

        final String pem = Files.readString(custody.config.journalPublicKeyFile());

        assertTrue(custody.keyCustody.isSealed());
        assertTrue(pem.startsWith("-----BEGIN PUBLIC KEY-----\n") && pem.endsWith("-----END PUBLIC KEY-----\n"), pem);
        assertEquals("EC", custody.keyCustody.journalPublicKey().getAlgorithm());
        custody.unseal(1, 2);
        assertTrue(verifies(custody.keyCustody.journalPublicKey(), custody.keyCustody.signJournal(JOURNAL_RECORD)));
    }

    @Test
    void shouldHandOutSharesInOrderWithTheSealSetAndNeverPrintThem() throws Exception
    {
        final Initialised custody = initialise(4, 3);

        assertEquals(4, custody.initialisation.shareTexts().size());
        for (int i = 1; i <= 4; i++)
        {
            assertTrue(custody.share(i).startsWith("ogs1-" + custody.initialisation.sealSetId() + "-" + i + "-"),
                custody.share(i));
        }
        assertEquals(custody.initialisation.sealSetId(), custody.keyCustody.sealSetId());
        assertEquals(4, custody.keyCustody.shares());
        assertEquals(3, custody.keyCustody.threshold());
        assertFalse(custody.initialisation.toString().contains(custody.share(1).substring(20)));
        assertFalse(Files.readString(custody.config.sealFile()).contains(custody.share(1).substring(20)),
            "the seal file holds digests, never shares");
    }

    @Test
    void shouldRefuseToInitialiseTwice() throws Exception
    {
        final Initialised custody = initialise(3, 2);

        final FileAlreadyExistsException ex =
            assertThrows(FileAlreadyExistsException.class, () -> KeyCustody.initialise(custody.config));

        assertTrue(ex.getMessage().contains("key custody is already initialised here"), ex.getMessage());
    }

    @Test
    void shouldRefuseToOpenAnUninitialisedCustodyDirectory()
    {
        final KeyCustodyConfig config = config(SoftHsmFixture.freshTempDir("empty-custody"), 3, 2);

        final java.nio.file.NoSuchFileException ex =
            assertThrows(java.nio.file.NoSuchFileException.class, () -> new KeyCustody(config));

        assertTrue(ex.getMessage().contains("key custody is not initialised"), ex.getMessage());
    }

    @Test
    void shouldRefuseATokenDirectoryOtherThanTheOneThisJvmUses()
    {
        final Properties p = new Properties();
        p.setProperty("custody.dir", SoftHsmFixture.freshTempDir("own-token-dir").toString());
        SoftHsmFixture.tokenDirectory();   // this JVM's directory is in use

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> KeyCustody.initialise(KeyCustodyConfig.from(p)));

        assertTrue(ex.getMessage().startsWith("SoftHSM in this JVM already uses "), ex.getMessage());
    }

    // ---------------------------------------------------------------------------------------------

    private static final class Initialised
    {
        final KeyCustodyConfig config;
        final SealInitialisation initialisation;
        final KeyCustody keyCustody;

        Initialised(final KeyCustodyConfig config, final SealInitialisation initialisation, final KeyCustody keyCustody)
        {
            this.config = config;
            this.initialisation = initialisation;
            this.keyCustody = keyCustody;
        }

        String share(final int index)
        {
            return initialisation.shareTexts().get(index - 1);
        }

        void unseal(final int... indexes)
        {
            ShareOutcome outcome = null;
            for (final int index : indexes)
            {
                outcome = keyCustody.offerShare(share(index));
            }
            assertEquals(ShareOutcome.Status.UNSEALED, outcome.status(), outcome.message());
        }

        /** What an auditor holding k shares can do: combine them and derive the PIN as documented. */
        char[] derivedUserPin(final int... indexes) throws Exception
        {
            final Map<Integer, byte[]> parts = new HashMap<>();
            for (final int index : indexes)
            {
                parts.put(index, ShareText.parse(share(index)).bytes());
            }
            return PinDerivation.userPin(new Scheme(new SecureRandom(), initialisation.shares(), initialisation.threshold())
                .join(parts));
        }

        Tool pkcs11Tool(final long slot, final char[] pin, final String... arguments) throws Exception
        {
            final List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", config.pkcs11Library(),
                "--slot", Long.toString(slot), "--login", "--pin", new String(pin)));
            command.addAll(List.of(arguments));
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SOFTHSM2_CONF", config.tokenDir().resolve("softhsm2.conf").toString());
            final Process process = builder.start();
            process.getOutputStream().close();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            return new Tool(process.exitValue(), output);
        }
    }

    private record Tool(int exitCode, String output)
    {
    }

    private static Initialised initialise(final int shares, final int threshold) throws Exception
    {
        final KeyCustodyConfig config = config(SoftHsmFixture.freshTempDir("custody"), shares, threshold);
        final SealInitialisation initialisation = KeyCustody.initialise(config);
        return new Initialised(config, initialisation, new KeyCustody(config));
    }

    private static KeyCustodyConfig config(final Path custodyDir, final int shares, final int threshold)
    {
        final Properties p = new Properties();
        p.setProperty("custody.dir", custodyDir.toString());
        p.setProperty("custody.token.dir", SoftHsmFixture.tokenDirectory().toString());
        p.setProperty("custody.token.label", SoftHsmFixture.uniqueLabel("custody"));
        p.setProperty("custody.seal.shares", Integer.toString(shares));
        p.setProperty("custody.seal.threshold", Integer.toString(threshold));
        return KeyCustodyConfig.from(p);
    }

    private static boolean verifies(final PublicKey publicKey, final byte[] signature) throws Exception
    {
        final Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(JOURNAL_RECORD);
        return verifier.verify(signature);
    }

    private static String changeLastHexDigit(final String share)
    {
        final char last = share.charAt(share.length() - 1);
        return share.substring(0, share.length() - 1) + (last == '0' ? '1' : '0');
    }
}
