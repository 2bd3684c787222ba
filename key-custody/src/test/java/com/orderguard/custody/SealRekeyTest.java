package com.orderguard.custody;

import com.codahale.shamir.Scheme;
import com.orderguard.custody.lifecycle.ApprovalRefusedException;
import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.custody.seal.PinDerivation;
import com.orderguard.custody.seal.ShareText;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Re-keying the seal (new n, new k) without downtime, and the share-check ceremony, on real SoftHSM tokens. */
class SealRekeyTest
{
    private static final byte[] DATA = "checkpoint 77".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldRekeyToNewSharesWhileUnsealedAndVoidTheOldOnes() throws Exception
    {
        final Setup s = new Setup();
        final String oldSet = s.custody.keyCustody.sealSetId();
        final char[] oldPin = derivedPin(s.custody.initialisation, 1, 2);

        final SealInitialisation next = s.custody.keyCustody.beginRekey(5, 3,
            s.quorum.approve(KeyOperations.REKEY_SEAL, KeyOperations.rekeySeal(oldSet, 5, 3)));
        assertEquals(5, next.shareTexts().size());
        assertEquals(ShareOutcome.Status.ACCEPTED, s.custody.keyCustody.checkShare(s.custody.share(1)).status(),
            "the old set stays in force until the new one is confirmed");
        assertEquals(ShareOutcome.Status.ACCEPTED, s.custody.keyCustody.confirmRekeyShare(next.shareTexts().get(0)).status());
        assertEquals(ShareOutcome.Status.REFUSED_REPEATED, s.custody.keyCustody.confirmRekeyShare(next.shareTexts().get(0)).status());
        final ShareOutcome oldShare = s.custody.keyCustody.confirmRekeyShare(s.custody.share(2));
        assertEquals(new ShareOutcome(ShareOutcome.Status.REFUSED_OTHER_SET, 2, 1, 3, "share 2 belongs to seal set " + oldSet +
            ", not to the new seal set " + next.sealSetId() + " (or its seal-set part was mistyped)"), oldShare);
        assertEquals(ShareOutcome.Status.ACCEPTED, s.custody.keyCustody.confirmRekeyShare(next.shareTexts().get(3)).status());
        final ShareOutcome done = s.custody.keyCustody.confirmRekeyShare(next.shareTexts().get(4));

        assertEquals(ShareOutcome.Status.REKEYED, done.status(), done.message());
        assertFalse(s.custody.keyCustody.isSealed(), "no downtime");
        s.custody.keyCustody.signJournal(DATA);
        assertEquals(next.sealSetId(), s.custody.keyCustody.sealSetId());
        assertEquals(3, s.custody.keyCustody.threshold());
        assertEquals(5, s.custody.keyCustody.shares());
        assertNull(s.custody.keyCustody.pendingRekeySealSetId());
        assertFalse(Files.exists(s.custody.config.pendingSealFile()));
        assertEquals(ShareOutcome.Status.REFUSED_OTHER_SET, s.custody.keyCustody.checkShare(s.custody.share(1)).status());

        s.custody.keyCustody.close();   // logged out: a login now really checks the PIN
        assertThrows(java.io.IOException.class, () -> login(s.custody, oldPin), "the old shares' PIN no longer opens the token");
        final KeyCustody restarted = new KeyCustody(s.custody.config, s.custody.clock);
        assertEquals(ShareOutcome.Status.REFUSED_OTHER_SET, restarted.offerShare(s.custody.share(1)).status());
        restarted.offerShare(next.shareTexts().get(1));
        restarted.offerShare(next.shareTexts().get(2));
        final ShareOutcome unsealed = restarted.offerShare(next.shareTexts().get(4));
        assertEquals(ShareOutcome.Status.UNSEALED, unsealed.status(), unsealed.message());
    }

    @Test
    void shouldRefuseARekeyWithoutProofOrWhileSealed() throws Exception
    {
        final Setup s = new Setup();

        final ApprovalRefusedException noProof =
            assertThrows(ApprovalRefusedException.class, () -> s.custody.keyCustody.beginRekey(5, 3, null));
        s.custody.keyCustody.seal();
        final IllegalStateException sealed = assertThrows(IllegalStateException.class, () -> s.custody.keyCustody.beginRekey(5, 3,
            s.quorum.approve(KeyOperations.REKEY_SEAL, KeyOperations.rekeySeal(s.custody.keyCustody.sealSetId(), 5, 3))));

        assertEquals("NO_PROOF", noProof.reason());
        assertTrue(sealed.getMessage().startsWith("key custody is sealed"), sealed.getMessage());
        assertEquals(ShareOutcome.Status.REFUSED_NO_REKEY, s.custody.keyCustody.confirmRekeyShare(s.custody.share(1)).status());
    }

    @Test
    void shouldLeaveTheOldSetInForceWhenARekeyIsCancelled() throws Exception
    {
        final Setup s = new Setup();
        final SealInitialisation next = s.custody.keyCustody.beginRekey(4, 2, s.quorum.approve(KeyOperations.REKEY_SEAL,
            KeyOperations.rekeySeal(s.custody.keyCustody.sealSetId(), 4, 2)));
        s.custody.keyCustody.confirmRekeyShare(next.shareTexts().get(0));

        s.custody.keyCustody.cancelRekey();

        assertEquals(ShareOutcome.Status.REFUSED_NO_REKEY, s.custody.keyCustody.confirmRekeyShare(next.shareTexts().get(1)).status());
        assertEquals(s.custody.initialisation.sealSetId(), s.custody.keyCustody.sealSetId());
        s.custody.restarted();   // the old shares still unseal
    }

    @Test
    void shouldFinishARekeyInterruptedAfterThePinChangeWhenTheNewSharesUnseal() throws Exception
    {
        final Setup s = new Setup();
        final SealInitialisation next = s.custody.keyCustody.beginRekey(3, 2, s.quorum.approve(KeyOperations.REKEY_SEAL,
            KeyOperations.rekeySeal(s.custody.keyCustody.sealSetId(), 3, 2)));
        // the crash: the token took the new PIN, the seal file was not yet replaced
        s.custody.keyCustody.token().changeUserPin(derivedPin(s.custody.initialisation, 1, 2), derivedPin(next, 1, 3));
        s.custody.keyCustody.close();

        final KeyCustody restarted = new KeyCustody(s.custody.config, s.custody.clock);
        restarted.offerShare(s.custody.share(1));
        assertEquals(ShareOutcome.Status.FAILED_LOGIN, restarted.offerShare(s.custody.share(3)).status(),
            "the old shares no longer open the token");
        assertEquals(ShareOutcome.Status.ACCEPTED, restarted.offerShare(next.shareTexts().get(1)).status());
        final ShareOutcome unsealed = restarted.offerShare(next.shareTexts().get(2));

        assertEquals(ShareOutcome.Status.UNSEALED, unsealed.status(), unsealed.message());
        assertTrue(unsealed.message().endsWith("the interrupted re-key to seal set " + next.sealSetId() + " is now complete"),
            unsealed.message());
        assertEquals(next.sealSetId(), restarted.sealSetId());
        assertFalse(Files.exists(s.custody.config.pendingSealFile()));
        restarted.signJournal(DATA);
    }

    @Test
    void shouldLetEachOfficerCheckTheirOwnShareAgainstTheCurrentSetWithoutUnsealing() throws Exception
    {
        final TestCustody custody = TestCustody.initialise("custody.seal.shares=5", "custody.seal.threshold=3");

        final ShareOutcome first = custody.keyCustody.confirmShareHeld(custody.share(4));
        final ShareOutcome tampered = custody.keyCustody.confirmShareHeld(custody.share(2).substring(0, 30) +
            (custody.share(2).charAt(30) == '0' ? '1' : '0') + custody.share(2).substring(31));
        custody.keyCustody.confirmShareHeld(custody.share(1));
        final ShareOutcome third = custody.keyCustody.confirmShareHeld(custody.share(5));

        assertEquals(ShareOutcome.Status.ACCEPTED, first.status());
        assertEquals("share 4 is an authentic share of seal set " + custody.initialisation.sealSetId() +
            "; confirmed so far: [4], not yet: [1, 2, 3, 5]", first.message());
        assertEquals(ShareOutcome.Status.REFUSED_TAMPERED, tampered.status());
        assertTrue(third.message().endsWith("(enough to unseal)"), third.message());
        assertEquals(List.of(1, 4, 5), custody.keyCustody.shareCheckReport().confirmed());
        assertEquals(List.of(2, 3), custody.keyCustody.shareCheckReport().missing());
        assertTrue(custody.keyCustody.isSealed());
        assertEquals(0, custody.keyCustody.sharesGiven(), "a check never counts towards unsealing");
        custody.keyCustody.startShareCheck();
        assertEquals(List.of(), custody.keyCustody.shareCheckReport().confirmed());
    }

    private static final class Setup
    {
        final TestCustody custody;
        final TestQuorum quorum;

        Setup() throws Exception
        {
            custody = TestCustody.initialise().unsealed();
            quorum = new TestQuorum(custody.clock);
            custody.keyCustody.attachQuorum(quorum.book);
        }
    }

    /** What k officers holding these shares can do: combine them and derive the PIN as documented. */
    private static char[] derivedPin(final SealInitialisation set, final int... indexes) throws Exception
    {
        final Map<Integer, byte[]> parts = new HashMap<>();
        for (final int index : indexes)
        {
            parts.put(index, ShareText.parse(set.shareTexts().get(index - 1)).bytes());
        }
        return PinDerivation.userPin(new Scheme(new SecureRandom(), set.shares(), set.threshold()).join(parts));
    }

    private static void login(final TestCustody custody, final char[] pin) throws Exception
    {
        KeyStore.getInstance("PKCS11", custody.keyCustody.token().newProvider()).load(null, pin);
    }
}
