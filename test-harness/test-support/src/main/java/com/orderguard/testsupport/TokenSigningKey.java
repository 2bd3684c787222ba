package com.orderguard.testsupport;

import com.orderguard.hsm.SoftHsm2Token;

import java.security.GeneralSecurityException;
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
 * An EC P-256 signing key generated inside a fresh SoftHSM token (a real PKCS#11 token, never a mock),
 * for tests of code that has something signed by the HSM (the order gateway's key exchange): sign
 * SHA256withECDSA in the token, and the public key to verify or pin. PINs are random, made here.
 */
public final class TokenSigningKey
{
    private final SoftHsm2Token token;
    private final Provider provider;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private TokenSigningKey(final SoftHsm2Token token, final Provider provider, final PrivateKey privateKey,
        final PublicKey publicKey)
    {
        this.token = token;
        this.provider = provider;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    public static TokenSigningKey create(final String labelPrefix) throws Exception
    {
        final SecureRandom random = new SecureRandom();
        final char[] soPin = HexFormat.of().formatHex(random.generateSeed(8)).toCharArray();
        final char[] userPin = HexFormat.of().formatHex(random.generateSeed(8)).toCharArray();
        final SoftHsm2Token token = SoftHsmFixture.newToken(labelPrefix, soPin, userPin);
        final Provider provider = token.newProvider();
        KeyStore.getInstance("PKCS11", provider).load(null, userPin); // logs in
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair pair = generator.generateKeyPair();
        final PublicKey publicKey = KeyFactory.getInstance("EC")
            .generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
        return new TokenSigningKey(token, provider, pair.getPrivate(), publicKey);
    }

    /** SHA256withECDSA (DER) of {@code data}, computed by the token. */
    public byte[] sign(final byte[] data) throws GeneralSecurityException
    {
        final Signature signature = Signature.getInstance("SHA256withECDSA", provider);
        signature.initSign(privateKey);
        signature.update(data);
        return signature.sign();
    }

    /** The public half, as a plain JCE key (what a verifier pins). */
    public PublicKey publicKey()
    {
        return publicKey;
    }

    /** The token, e.g. to kill its PKCS#11 sessions in a fault test. */
    public SoftHsm2Token token()
    {
        return token;
    }
}
