package com.orderguard.orderpath;

import com.orderguard.hsm.SoftHsm2Token;
import com.orderguard.orderpath.gateway.transit.TranscriptSigner;
import com.orderguard.testsupport.SoftHsmFixture;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * A gateway-signing key born in a fresh SoftHSM token (a real PKCS#11 token, as in the appliance, where
 * key custody holds it): the signer the establisher calls and the public key a broker pins. PINs are
 * random, made here, never written anywhere but the token.
 */
final class TokenGatewayKey
{
    final SoftHsm2Token token;
    final TranscriptSigner signer;
    final PublicKey publicKey;

    private TokenGatewayKey(final SoftHsm2Token token, final TranscriptSigner signer, final PublicKey publicKey)
    {
        this.token = token;
        this.signer = signer;
        this.publicKey = publicKey;
    }

    static TokenGatewayKey create() throws Exception
    {
        final SecureRandom random = new SecureRandom();
        final char[] soPin = HexFormat.of().formatHex(random.generateSeed(8)).toCharArray();
        final char[] userPin = HexFormat.of().formatHex(random.generateSeed(8)).toCharArray();
        final SoftHsm2Token token = SoftHsmFixture.newToken("orderpath-gateway", soPin, userPin);
        final Provider provider = token.newProvider();
        KeyStore.getInstance("PKCS11", provider).load(null, userPin); // logs in
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair pair = generator.generateKeyPair();
        final PrivateKey inToken = pair.getPrivate();
        final TranscriptSigner signer = transcript ->
        {
            final Signature signature = Signature.getInstance("SHA256withECDSA", provider);
            signature.initSign(inToken);
            signature.update(transcript);
            return signature.sign();
        };
        final PublicKey pinned = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
        return new TokenGatewayKey(token, signer, pinned);
    }

    /** An order path with the encrypted gateway (the default), its key exchange signed in this token. */
    OrderPath startOpen(final java.util.Properties p) throws InterruptedException
    {
        p.remove("orderpath.gateway.transit");
        return OrderPathFixture.startOpen(new OrderPath(OrderPathConfig.from(p), signer));
    }
}
