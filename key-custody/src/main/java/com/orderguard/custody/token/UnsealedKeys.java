package com.orderguard.custody.token;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;

/**
 * The token's keys while custody is unsealed: logged in with the derived PIN, loaded by label, and
 * proved usable before anyone relies on them (a signature that verifies with the published public key,
 * an AES-GCM round trip with the KEK). Not thread-safe: the owner serialises calls.
 */
public final class UnsealedKeys
{
    private static final int GCM_IV_BYTES = 12;
    private static final int GCM_TAG_BITS = 128;

    private final PrivateKey journalSigningKey;
    private final SecretKey orderFlowKek;
    private final Signature journalSignature;

    private UnsealedKeys(final PrivateKey journalSigningKey, final SecretKey orderFlowKek, final Signature journalSignature)
    {
        this.journalSigningKey = journalSigningKey;
        this.orderFlowKek = orderFlowKek;
        this.journalSignature = journalSignature;
    }

    /**
     * Logs in and loads the keys.
     *
     * @throws IOException              if the token refuses the PIN (SunPKCS11's "load failed"; somewhere in
     *                                  its causes a FailedLoginException and CKR_PIN_INCORRECT).
     * @throws GeneralSecurityException if a key is missing or does not prove usable.
     */
    public static UnsealedKeys login(final Provider tokenProvider, final char[] userPin, final PublicKey journalPublicKey)
        throws IOException, GeneralSecurityException
    {
        final KeyStore keyStore = KeyStore.getInstance("PKCS11", tokenProvider);
        keyStore.load(null, userPin);

        final Key journal = keyStore.getKey(CustodyKeys.JOURNAL_SIGNING, null);
        if (!(journal instanceof PrivateKey))
        {
            throw new GeneralSecurityException("the token has no private key '" + CustodyKeys.JOURNAL_SIGNING + "'");
        }
        final Key kek = keyStore.getKey(CustodyKeys.ORDER_FLOW_KEK, null);
        if (!(kek instanceof SecretKey))
        {
            throw new GeneralSecurityException("the token has no secret key '" + CustodyKeys.ORDER_FLOW_KEK + "'");
        }

        final UnsealedKeys keys = new UnsealedKeys(
            (PrivateKey)journal,
            (SecretKey)kek,
            Signature.getInstance(CustodyKeys.JOURNAL_SIGNATURE_ALGORITHM, tokenProvider));
        keys.proveUsable(tokenProvider, journalPublicKey);
        return keys;
    }

    /** ECDSA P-256 over SHA-256, DER-encoded, computed in the token. */
    public byte[] signJournal(final byte[] data) throws GeneralSecurityException
    {
        journalSignature.initSign(journalSigningKey);
        journalSignature.update(data);
        return journalSignature.sign();
    }

    /** The token's handle of the journal-signing key; its value never leaves the token. */
    public PrivateKey journalSigningKey()
    {
        return journalSigningKey;
    }

    /** The token's handle of the order-flow KEK; its value never leaves the token. */
    public SecretKey orderFlowKek()
    {
        return orderFlowKek;
    }

    private void proveUsable(final Provider tokenProvider, final PublicKey journalPublicKey) throws GeneralSecurityException
    {
        final SecureRandom random = new SecureRandom();
        final byte[] challenge = new byte[32];
        random.nextBytes(challenge);

        final Signature verifier = Signature.getInstance(CustodyKeys.JOURNAL_SIGNATURE_ALGORITHM);
        verifier.initVerify(journalPublicKey);
        verifier.update(challenge);
        if (!verifier.verify(signJournal(challenge)))
        {
            throw new GeneralSecurityException("the token's '" + CustodyKeys.JOURNAL_SIGNING +
                "' key does not match the published journal public key");
        }

        final byte[] iv = new byte[GCM_IV_BYTES];
        random.nextBytes(iv);
        final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding", tokenProvider);
        cipher.init(Cipher.ENCRYPT_MODE, orderFlowKek, new GCMParameterSpec(GCM_TAG_BITS, iv));
        final byte[] sealed = cipher.doFinal(challenge);
        cipher.init(Cipher.DECRYPT_MODE, orderFlowKek, new GCMParameterSpec(GCM_TAG_BITS, iv));
        if (!Arrays.equals(challenge, cipher.doFinal(sealed)))
        {
            throw new GeneralSecurityException("the token's '" + CustodyKeys.ORDER_FLOW_KEK + "' key failed an AES-GCM round trip");
        }
    }
}
