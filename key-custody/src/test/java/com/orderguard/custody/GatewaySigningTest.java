package com.orderguard.custody;

import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.lifecycle.KeyOperations;
import org.junit.jupiter.api.Test;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Custody's side of transit encryption: the order gateway's key exchange is signed in the token by the
 * ACTIVE gateway-signing key (the gateway's TranscriptSigner is {@code sign(GATEWAY_SIGNING, transcript)}),
 * and the public key officers export under quorum is the one a broker pins to check it.
 */
class GatewaySigningTest
{
    @Test
    void shouldSignATranscriptInTheTokenThatTheExportedGatewayKeyVerifies() throws Exception
    {
        final TestCustody custody = TestCustody.initialise().unsealed();
        final TestQuorum quorum = new TestQuorum(custody.clock);
        custody.keyCustody.attachQuorum(quorum.book);
        final var initial = custody.keyCustody.keyInventory().stream()
            .filter(k -> k.purpose() == KeyPurpose.GATEWAY_SIGNING).findFirst().orElseThrow();
        assertEquals("gateway-signing.v1", initial.alias(), "born at initialisation: the gateway encrypts by default");
        final var generated = custody.keyCustody.rotateKey(KeyPurpose.GATEWAY_SIGNING,
            quorum.approve(KeyOperations.ROTATE, KeyOperations.rotate(KeyPurpose.GATEWAY_SIGNING, initial)));
        final String pem = custody.keyCustody.exportPublicKey(generated.alias(),
            quorum.approve(KeyOperations.EXPORT_PUBLIC_KEY, KeyOperations.onKey(generated)));
        final PublicKey pinned = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder()
            .decode(pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", ""))));

        final byte[] transcript = new byte[21 + 97 + 65 + 32];
        new SecureRandom().nextBytes(transcript);
        final byte[] signature = custody.keyCustody.sign(KeyPurpose.GATEWAY_SIGNING, transcript);

        final Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pinned);
        verifier.update(transcript);
        assertTrue(verifier.verify(signature), "the broker's pinned key verifies the token's signature");
        assertTrue(signature.length <= 72, "a DER P-256 signature fits the SecureLogonAck's 72 bytes");
        transcript[0] ^= 1;
        verifier.initVerify(pinned);
        verifier.update(transcript);
        assertFalse(verifier.verify(signature));
    }
}
