package com.orderguard.custody;

import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.custody.inventory.KeyState;
import com.orderguard.custody.lifecycle.ApprovalRefusedException;
import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.custody.token.PublicKeyPem;
import com.orderguard.quorum.ApprovalProof;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every key lifecycle step against a real SoftHSM token, each gated by a real quorum book's proof, and the refusals. */
class KeyLifecycleTest
{
    private static final byte[] DATA = "checkpoint 1234".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldGenerateActivateUseDeactivateAndDestroyATlsKeyEachUnderItsOwnProof() throws Exception
    {
        final Setup s = new Setup();

        final KeyRecord generated = s.custody.keyCustody.generateKey(KeyPurpose.TLS_SERVER,
            s.quorum.approve(KeyOperations.GENERATE, KeyOperations.generate(KeyPurpose.TLS_SERVER)));
        assertEquals("tls-server.v1", generated.alias());
        assertEquals(KeyState.PRE_ACTIVE, generated.state());
        assertNull(s.custody.keyCustody.tokenKey("tls-server.v1").getEncoded(), "generated inside the token, not extractable");

        final KeyRecord active = s.custody.keyCustody.activateKey("tls-server.v1",
            s.quorum.approve(KeyOperations.ACTIVATE, KeyOperations.onKey(generated)));
        final String pem = s.custody.keyCustody.exportPublicKey("tls-server.v1",
            s.quorum.approve(KeyOperations.EXPORT_PUBLIC_KEY, KeyOperations.onKey(active)));
        final byte[] signature = s.custody.keyCustody.sign(KeyPurpose.TLS_SERVER, DATA);
        assertEquals(KeyState.ACTIVE, active.state());
        assertEquals(s.custody.clock.instant().plus(Duration.ofDays(90)), active.expiresAt());
        assertTrue(verifies("SHA384withECDSA", publicKey(pem), signature), "P-384 key signs, verified with the exported key");

        final KeyRecord deactivated = s.custody.keyCustody.deactivateKey("tls-server.v1",
            s.quorum.approve(KeyOperations.DEACTIVATE, KeyOperations.onKey(active)));
        assertThrows(IllegalStateException.class, () -> s.custody.keyCustody.sign(KeyPurpose.TLS_SERVER, DATA));
        final KeyRecord destroyed = s.custody.keyCustody.destroyKey("tls-server.v1",
            s.quorum.approve(KeyOperations.DESTROY, KeyOperations.onKey(deactivated)));

        assertEquals(KeyState.DESTROYED, destroyed.state());
        assertEquals(KeyState.DESTROYED, s.custody.keyCustody.keyInventory().stream()
            .filter(k -> k.alias().equals("tls-server.v1")).findFirst().orElseThrow().state());
        assertThrows(java.security.GeneralSecurityException.class, () -> s.custody.keyCustody.tokenKey("tls-server.v1"),
            "gone from the token");
    }

    @Test
    void shouldKeepEveryKeyTheLifecycleGeneratesInsideTheTokenNeverExtractable() throws Exception
    {
        final Setup s = new Setup();
        s.custody.keyCustody.generateKey(KeyPurpose.TLS_SERVER,
            s.quorum.approve(KeyOperations.GENERATE, KeyOperations.generate(KeyPurpose.TLS_SERVER)));
        s.custody.keyCustody.rotateKey(KeyPurpose.ORDER_FLOW_KEK, s.quorum.approve(KeyOperations.ROTATE,
            KeyOperations.rotate(KeyPurpose.ORDER_FLOW_KEK, active(s, KeyPurpose.ORDER_FLOW_KEK))));

        final String listed = s.custody.pkcs11Tool("--list-objects");
        final String kekRead = s.custody.pkcs11Tool("--read-object", "--type", "secrkey", "--label", "order-flow-kek.v2");

        assertTrue(listed.startsWith("exit 0\n"), listed);
        assertEquals(7, listed.split("  Access:     sensitive, always sensitive, never extractable, local\n", -1).length - 1,
            "journal-signing.v1, gateway-signing.v1, quorum-initiator.v1, control-token-signing.v1, tls-server.v1 (private keys), " +
            "order-flow-kek.v1 " +
            "and .v2: " + listed);
        assertEquals(5, listed.split("Private Key Object; EC", -1).length - 1, "no orphan private key: " + listed);
        assertTrue(listed.contains("label:      order-flow-kek.v2\n"), listed);
        assertTrue(kekRead.contains("CKR_ATTRIBUTE_SENSITIVE") && !kekRead.startsWith("exit 0\n"), kekRead);
        assertNull(s.custody.keyCustody.tokenKey("order-flow-kek.v2").getEncoded());
        assertEquals("EC", s.custody.keyCustody.tokenKey("tls-server.v1").getAlgorithm());
        assertEquals(384, ((java.security.interfaces.ECPublicKey)PublicKeyPem.readEc(
            s.custody.config.dir().resolve("public-keys/tls-server.v1.pub.pem"))).getParams().getCurve().getField().getFieldSize());
    }

    @Test
    void shouldRotateTheJournalKeyPublishTheNewOneAndKeepTheOldOneForVerification() throws Exception
    {
        final Setup s = new Setup();
        final byte[] before = s.custody.keyCustody.signJournal(DATA);
        final PublicKey oldKey = s.custody.keyCustody.journalPublicKey();

        final KeyRecord v2 = s.custody.keyCustody.rotateKey(KeyPurpose.JOURNAL_SIGNING, s.quorum.approve(KeyOperations.ROTATE,
            KeyOperations.rotate(KeyPurpose.JOURNAL_SIGNING, active(s, KeyPurpose.JOURNAL_SIGNING))));
        final byte[] after = s.custody.keyCustody.signJournal(DATA);

        assertEquals("journal-signing.v2", v2.alias());
        assertEquals(KeyState.DEACTIVATED, find(s, "journal-signing.v1").state());
        assertTrue(verifies("SHA256withECDSA", s.custody.keyCustody.journalPublicKey(), after));
        assertTrue(verifies("SHA256withECDSA", PublicKeyPem.readEc(s.custody.config.journalPublicKeyFile()), after),
            "journal-signing.pub.pem is the new key");
        assertTrue(verifies("SHA256withECDSA", oldKey, before));
        assertEquals(oldKey, PublicKeyPem.readEc(s.custody.config.dir().resolve("public-keys/journal-signing.v1.pub.pem")));
        s.custody.restarted();
        assertTrue(verifies("SHA256withECDSA", s.custody.keyCustody.journalPublicKey(), s.custody.keyCustody.signJournal(DATA)));
    }

    @Test
    void shouldRefuseEveryLifecycleActWithoutAProofChangingNothing() throws Exception
    {
        final Setup s = new Setup();
        final List<KeyRecord> before = s.custody.keyCustody.keyInventory();
        final String inventoryFile = Files.readString(s.custody.config.inventoryFile());

        final List<ApprovalRefusedException> refusals = List.of(
            assertThrows(ApprovalRefusedException.class, () -> s.custody.keyCustody.generateKey(KeyPurpose.TLS_SERVER, null)),
            assertThrows(ApprovalRefusedException.class, () -> s.custody.keyCustody.rotateKey(KeyPurpose.ORDER_FLOW_KEK, null)),
            assertThrows(ApprovalRefusedException.class, () -> s.custody.keyCustody.deactivateKey("order-flow-kek.v1", null)),
            assertThrows(ApprovalRefusedException.class, () -> s.custody.keyCustody.changeRotationPolicy(KeyPurpose.ORDER_FLOW_KEK, 7, null)),
            assertThrows(ApprovalRefusedException.class, () -> s.custody.keyCustody.exportPublicKey("journal-signing.v1", null)),
            assertThrows(ApprovalRefusedException.class, () -> s.custody.keyCustody.destroyDataKey(1, null)));

        for (final ApprovalRefusedException refusal : refusals)
        {
            assertEquals("NO_PROOF", refusal.reason(), refusal.getMessage());
        }
        assertEquals("key.deactivate {\"fingerprint\":\"" + before.get(0).fingerprint() +
            "\",\"key\":\"order-flow-kek.v1\"} needs a quorum's approval proof; none was given", refusals.get(2).getMessage());
        assertEquals(before, s.custody.keyCustody.keyInventory());
        assertEquals(inventoryFile, Files.readString(s.custody.config.inventoryFile()));
    }

    @Test
    void shouldRefuseAProofForAnotherOperation() throws Exception
    {
        final Setup s = new Setup();
        final KeyRecord kek = active(s, KeyPurpose.ORDER_FLOW_KEK);
        final ApprovalProof exportProof = s.quorum.approve(KeyOperations.EXPORT_PUBLIC_KEY, KeyOperations.onKey(kek));

        final ApprovalRefusedException ex = assertThrows(ApprovalRefusedException.class,
            () -> s.custody.keyCustody.deactivateKey(kek.alias(), exportProof));

        assertEquals("PARAMETERS_MISMATCH", ex.reason());
        assertEquals("key.deactivate refused: proof approves operation key.export-public, not key.deactivate", ex.getMessage());
        assertEquals(KeyState.ACTIVE, find(s, kek.alias()).state());
    }

    @Test
    void shouldRefuseAProofForOtherParameters() throws Exception
    {
        final Setup s = new Setup();
        final ApprovalProof rotateJournal = s.quorum.approve(KeyOperations.ROTATE,
            KeyOperations.rotate(KeyPurpose.JOURNAL_SIGNING, active(s, KeyPurpose.JOURNAL_SIGNING)));

        final ApprovalRefusedException otherKey = assertThrows(ApprovalRefusedException.class,
            () -> s.custody.keyCustody.rotateKey(KeyPurpose.ORDER_FLOW_KEK, rotateJournal));
        assertEquals("journal-signing.v2",
            s.custody.keyCustody.rotateKey(KeyPurpose.JOURNAL_SIGNING, rotateJournal).alias(), "the proof was not spent");
        final ApprovalProof ninetyDays = s.quorum.approve(KeyOperations.ROTATION_POLICY,
            KeyOperations.rotationPolicy(KeyPurpose.ORDER_FLOW_KEK, 90));
        final ApprovalRefusedException otherDays = assertThrows(ApprovalRefusedException.class,
            () -> s.custody.keyCustody.changeRotationPolicy(KeyPurpose.ORDER_FLOW_KEK, 9, ninetyDays));

        assertEquals("PARAMETERS_MISMATCH", otherKey.reason());
        assertTrue(otherKey.getMessage().contains("\"purpose\":\"journal-signing\""), otherKey.getMessage());
        assertEquals("PARAMETERS_MISMATCH", otherDays.reason());
        assertEquals("order-flow-kek.v1", active(s, KeyPurpose.ORDER_FLOW_KEK).alias());
        assertEquals(Duration.ofDays(90), Duration.between(active(s, KeyPurpose.ORDER_FLOW_KEK).activatedAt(),
            active(s, KeyPurpose.ORDER_FLOW_KEK).expiresAt()));
    }

    @Test
    void shouldRefuseAnExpiredProof() throws Exception
    {
        final Setup s = new Setup();
        final KeyRecord journal = active(s, KeyPurpose.JOURNAL_SIGNING);
        final ApprovalProof proof = s.quorum.approve(KeyOperations.EXPORT_PUBLIC_KEY, KeyOperations.onKey(journal));

        s.custody.clock.advance(Duration.ofHours(1));
        final ApprovalRefusedException ex = assertThrows(ApprovalRefusedException.class,
            () -> s.custody.keyCustody.exportPublicKey(journal.alias(), proof));

        assertEquals("REQUEST_EXPIRED", ex.reason(), ex.getMessage());
    }

    @Test
    void shouldCarryOutAnApprovedActOnceOnly() throws Exception
    {
        final Setup s = new Setup();
        final KeyRecord journal = active(s, KeyPurpose.JOURNAL_SIGNING);
        final ApprovalProof proof = s.quorum.approve(KeyOperations.EXPORT_PUBLIC_KEY, KeyOperations.onKey(journal));

        final String pem = s.custody.keyCustody.exportPublicKey(journal.alias(), proof);
        final ApprovalRefusedException again = assertThrows(ApprovalRefusedException.class,
            () -> s.custody.keyCustody.exportPublicKey(journal.alias(), proof));

        assertEquals(PublicKeyPem.encode(s.custody.keyCustody.journalPublicKey()), pem);
        assertTrue(again.getMessage().startsWith("key.export-public refused: "), again.getMessage());
    }

    @Test
    void shouldRefuseEveryActUntilAQuorumBookIsAttachedAndRefuseASecondBook() throws Exception
    {
        final TestCustody custody = TestCustody.initialise().unsealed();
        final TestQuorum quorum = new TestQuorum(custody.clock);
        final ApprovalProof proof = quorum.approve(KeyOperations.GENERATE, KeyOperations.generate(KeyPurpose.TLS_SERVER));

        final ApprovalRefusedException ex = assertThrows(ApprovalRefusedException.class,
            () -> custody.keyCustody.generateKey(KeyPurpose.TLS_SERVER, proof));
        custody.keyCustody.attachQuorum(quorum.book);

        assertEquals("NO_QUORUM", ex.reason());
        assertThrows(IllegalStateException.class, () -> custody.keyCustody.attachQuorum(new TestQuorum(custody.clock).book));
        assertEquals("tls-server.v1", custody.keyCustody.generateKey(KeyPurpose.TLS_SERVER, proof).alias());
    }

    @Test
    void shouldRefuseToDestroyAnActiveKeyBeforeSpendingTheApproval() throws Exception
    {
        final Setup s = new Setup();
        final KeyRecord kek = active(s, KeyPurpose.ORDER_FLOW_KEK);
        final ApprovalProof proof = s.quorum.approve(KeyOperations.DESTROY, KeyOperations.onKey(kek));

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> s.custody.keyCustody.destroyKey(kek.alias(), proof));

        assertEquals("order-flow-kek.v1 is ACTIVE and cannot become DESTROYED", ex.getMessage());
        assertEquals(1, s.quorum.book.awaitingExecution().size(), "the approval is still unspent");
    }

    @Test
    void shouldRefuseToDeactivateTheActiveJournalKeyWhichSignsTheInventory() throws Exception
    {
        final Setup s = new Setup();
        final KeyRecord journal = active(s, KeyPurpose.JOURNAL_SIGNING);
        final ApprovalProof proof = s.quorum.approve(KeyOperations.DEACTIVATE, KeyOperations.onKey(journal));

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> s.custody.keyCustody.deactivateKey(journal.alias(), proof));

        assertTrue(ex.getMessage().endsWith("rotate it instead of deactivating it"), ex.getMessage());
        assertEquals(1, s.quorum.book.awaitingExecution().size(), "the approval is still unspent");
    }

    @Test
    void shouldReportRotationDueFourteenDaysBeforeExpiryAndFollowAChangedPolicy() throws Exception
    {
        final Setup s = new Setup();

        s.custody.clock.advance(Duration.ofDays(75));
        assertEquals(List.of(), s.custody.keyCustody.keysDueForRotation());
        s.custody.clock.advance(Duration.ofDays(1));
        assertEquals(List.of("order-flow-kek.v1", "journal-signing.v1", "control-token-signing.v1", "gateway-signing.v1",
            "quorum-initiator.v1"),
            s.custody.keyCustody.keysDueForRotation().stream().map(KeyRecord::alias).toList());

        s.custody.keyCustody.changeRotationPolicy(KeyPurpose.JOURNAL_SIGNING, 365,
            s.quorum.approve(KeyOperations.ROTATION_POLICY, KeyOperations.rotationPolicy(KeyPurpose.JOURNAL_SIGNING, 365)));
        s.custody.keyCustody.rotateKey(KeyPurpose.ORDER_FLOW_KEK, s.quorum.approve(KeyOperations.ROTATE,
            KeyOperations.rotate(KeyPurpose.ORDER_FLOW_KEK, active(s, KeyPurpose.ORDER_FLOW_KEK))));
        s.custody.keyCustody.rotateKey(KeyPurpose.GATEWAY_SIGNING, s.quorum.approve(KeyOperations.ROTATE,
            KeyOperations.rotate(KeyPurpose.GATEWAY_SIGNING, active(s, KeyPurpose.GATEWAY_SIGNING))));
        s.custody.keyCustody.rotateKey(KeyPurpose.QUORUM_INITIATOR, s.quorum.approve(KeyOperations.ROTATE,
            KeyOperations.rotate(KeyPurpose.QUORUM_INITIATOR, active(s, KeyPurpose.QUORUM_INITIATOR))));
        s.custody.keyCustody.rotateKey(KeyPurpose.CONTROL_TOKEN_SIGNING, s.quorum.approve(KeyOperations.ROTATE,
            KeyOperations.rotate(KeyPurpose.CONTROL_TOKEN_SIGNING, active(s, KeyPurpose.CONTROL_TOKEN_SIGNING))));

        assertEquals(List.of(), s.custody.keyCustody.keysDueForRotation());
        assertEquals("order-flow-kek.v2", active(s, KeyPurpose.ORDER_FLOW_KEK).alias());
        s.custody.restarted();
        assertEquals(Duration.ofDays(365), Duration.between(active(s, KeyPurpose.JOURNAL_SIGNING).activatedAt(),
            active(s, KeyPurpose.JOURNAL_SIGNING).expiresAt()), "persisted");
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

    private static KeyRecord active(final Setup s, final KeyPurpose purpose)
    {
        return s.custody.keyCustody.keyInventory().stream()
            .filter(k -> k.purpose() == purpose && k.state() == KeyState.ACTIVE).findFirst().orElseThrow();
    }

    private static KeyRecord find(final Setup s, final String alias)
    {
        return s.custody.keyCustody.keyInventory().stream().filter(k -> k.alias().equals(alias)).findFirst().orElseThrow();
    }

    private static PublicKey publicKey(final String pem) throws Exception
    {
        final String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "");
        return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
    }

    private static boolean verifies(final String algorithm, final PublicKey key, final byte[] signature) throws Exception
    {
        final Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(key);
        verifier.update(DATA);
        return verifier.verify(signature);
    }

}
