package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Checks checkpoint signatures with the journal's public key (SHA256withECDSA, DER signatures),
 * read from the PEM file key custody exports ({@code journal-signing.pub.pem}). Pure JDK: an
 * auditor needs nothing but this and the journal.
 */
public final class CheckpointVerifier
{
    public static final String ALGORITHM = "SHA256withECDSA";

    private final PublicKey publicKey;
    private final Signature signature;

    public CheckpointVerifier(final PublicKey publicKey)
    {
        this.publicKey = publicKey;
        try
        {
            this.signature = Signature.getInstance(ALGORITHM);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ALGORITHM + " missing from the JDK", ex);
        }
    }

    /** Another verifier for the same key: one per thread (a {@link Signature} is not thread-safe). */
    public CheckpointVerifier copy()
    {
        return new CheckpointVerifier(publicKey);
    }

    /** Reads a "-----BEGIN PUBLIC KEY-----" PEM file (X.509 SubjectPublicKeyInfo). */
    public static CheckpointVerifier fromPem(final Path pemFile) throws IOException
    {
        final String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
        final int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
        final int end = pem.indexOf("-----END PUBLIC KEY-----");
        if (begin < 0 || end < begin)
        {
            throw new IOException(pemFile + " is not a PEM public key (no BEGIN/END PUBLIC KEY lines)");
        }
        final String body = pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
        try
        {
            final PublicKey key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
            return new CheckpointVerifier(key);
        }
        catch (final GeneralSecurityException | IllegalArgumentException ex)
        {
            throw new IOException(pemFile + " does not hold an EC public key: " + ex.getMessage(), ex);
        }
    }

    /** Writes a public key as PEM (tests and tools; key custody writes the appliance's own). */
    public static String toPem(final PublicKey key)
    {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) +
            "\n-----END PUBLIC KEY-----\n";
    }

    public boolean verify(final Checkpoint checkpoint)
    {
        try
        {
            signature.initVerify(publicKey);
            signature.update(checkpoint.signedMessage());
            return signature.verify(checkpoint.signature());
        }
        catch (final GeneralSecurityException ex)
        {
            return false; // a signature that does not even parse is a bad signature
        }
    }
}
