package com.orderguard.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;

import com.orderguard.quorum.ApprovalSigner;

import picocli.CommandLine.Option;

/**
 * Where an officer's signing key is: their own PKCS#12 file, or their own PKCS#11 token (a smart
 * card, a YubiKey PIV, a SoftHSM token in tests) through the JDK's SunPKCS11. Passwords and PINs
 * come from files (or standard input), never from the command line.
 */
final class OfficerKey
{
    @Option(names = "--officer", required = true, description = "your officer id")
    String officerId;

    @Option(names = "--keystore", description = "your PKCS#12 file")
    Path keystore;

    @Option(names = "--password-file", description = "file holding the PKCS#12 password or the token PIN ('-' reads standard input)")
    Path passwordFile;

    @Option(names = "--pkcs11-config", description = "SunPKCS11 configuration of your token (instead of --keystore)")
    Path pkcs11Config;

    @Option(names = "--key-alias", description = "the key's alias in the keystore or token (default: your officer id)")
    String alias;

    /** A private key and, when it lives on a token, that token's provider. */
    private record Loaded(PrivateKey privateKey, Provider provider)
    {
    }

    private Loaded load() throws IOException, GeneralSecurityException
    {
        final char[] password = readSecret(passwordFile);
        final String entry = alias == null ? officerId : alias;
        final KeyStore store;
        Provider provider = null;
        if (pkcs11Config != null)
        {
            provider = Security.getProvider("SunPKCS11").configure(pkcs11Config.toString());
            store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, password);
        }
        else if (keystore != null)
        {
            store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore))
            {
                store.load(in, password);
            }
        }
        else
        {
            throw new IllegalArgumentException("say where your key is: --keystore FILE or --pkcs11-config FILE");
        }
        final Key key = store.getKey(entry, password);
        if (!(key instanceof PrivateKey))
        {
            throw new IllegalArgumentException("no private key '" + entry + "' in " + (keystore != null ? keystore : pkcs11Config));
        }
        return new Loaded((PrivateKey)key, provider);
    }

    ApprovalSigner signer() throws IOException, GeneralSecurityException
    {
        final Loaded key = load();
        return key.provider() == null ? new ApprovalSigner(officerId, key.privateKey()) :
            new ApprovalSigner(officerId, key.privateKey(), key.provider());
    }

    /** Signs a login challenge's text ({@code Logins.loginMessage}) with your key: SHA256withECDSA, DER. */
    byte[] signLogin(final byte[] message) throws IOException, GeneralSecurityException
    {
        final Loaded key = load();
        final java.security.Signature signature = key.provider() == null ?
            java.security.Signature.getInstance("SHA256withECDSA") : java.security.Signature.getInstance("SHA256withECDSA", key.provider());
        signature.initSign(key.privateKey());
        signature.update(message);
        return signature.sign();
    }

    static char[] readSecret(final Path file) throws IOException
    {
        if (file == null)
        {
            throw new IllegalArgumentException("--password-file is required");
        }
        final String text = file.toString().equals("-") ?
            new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : Files.readString(file, StandardCharsets.UTF_8);
        return text.strip().toCharArray();
    }
}
