package com.orderguard.custody.token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * A public key as a PEM file ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo), the
 * form openssl and every verifier read, so the journal can be checked offline, without the HSM.
 */
public final class PublicKeyPem
{
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private PublicKeyPem()
    {
    }

    public static String encode(final PublicKey key)
    {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n" + END + "\n";
    }

    public static void write(final Path file, final PublicKey key) throws IOException
    {
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, encode(key), StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads an EC public key; an IOException names the file if it is not one. */
    public static PublicKey readEc(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END))
        {
            throw new IOException(file + " is not a PEM public key");
        }

        try
        {
            final byte[] der = Base64.getMimeDecoder().decode(text.substring(BEGIN.length(), text.length() - END.length()));
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        }
        catch (final IllegalArgumentException | GeneralSecurityException ex)
        {
            throw new IOException(file + " does not hold an EC public key: " + ex.getMessage(), ex);
        }
    }
}
