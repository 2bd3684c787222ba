package com.orderguard.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * The control plane's TLS identity.
 * <p>
 * The control plane must answer while the appliance is sealed — that is how officers unseal it —
 * and while sealed the token is locked, so this key cannot live in the token the way the
 * order-flow and journal keys do (HashiCorp Vault has the same constraint and the same answer).
 * It is an EC P-256 key generated at initialisation, kept in a PKCS#12 file readable only by the
 * appliance's user, with a random store password in a sibling file of the same mode. The
 * certificate (public) is what officers' CLIs pin with {@code --cacert}. See
 * docs/threat-model.md for what follows for an insider with root.
 */
public final class ControlPlaneTls
{
    public static final String KEYSTORE_FILE = "control-plane.p12";
    public static final String PASSWORD_FILE = "control-plane.pass";
    public static final String CERT_FILE = "control-plane.crt";
    private static final String ALIAS = "control-plane";

    private ControlPlaneTls()
    {
    }

    /** Creates the TLS identity in {@code dir}; refuses to overwrite an existing one. */
    public static void create(final Path dir, final String host) throws IOException, GeneralSecurityException
    {
        Files.createDirectories(dir);
        if (Files.exists(dir.resolve(KEYSTORE_FILE)))
        {
            throw new IllegalStateException("a control-plane TLS identity already exists in " + dir);
        }
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        final KeyPair keyPair = generator.generateKeyPair();

        final List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        if (!host.equals("localhost") && !host.equals("127.0.0.1") && !host.equals("0.0.0.0"))
        {
            final boolean literal = host.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == ':');
            names.add(new GeneralName(literal ? GeneralName.iPAddress : GeneralName.dNSName, host));
        }
        final X509Certificate certificate = SelfSignedCertificate.create(
            keyPair, "OrderGuard control plane", Duration.ofDays(825), names.toArray(new GeneralName[0]));

        final byte[] passwordBytes = new byte[24];
        new SecureRandom().nextBytes(passwordBytes);
        final char[] password = HexFormat.of().formatHex(passwordBytes).toCharArray();
        final KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, keyPair.getPrivate(), password, new java.security.cert.Certificate[] {certificate});

        writePrivate(dir.resolve(PASSWORD_FILE), new String(password).getBytes(StandardCharsets.US_ASCII));
        final Path keystore = dir.resolve(KEYSTORE_FILE);
        createPrivate(keystore);
        try (OutputStream out = Files.newOutputStream(keystore))
        {
            store.store(out, password);
        }
        final StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem))
        {
            writer.writeObject(certificate);
        }
        Files.writeString(dir.resolve(CERT_FILE), pem.toString(), StandardCharsets.US_ASCII);
    }

    public static Path keystore(final Path dir)
    {
        return dir.resolve(KEYSTORE_FILE);
    }

    public static String password(final Path dir) throws IOException
    {
        return Files.readString(dir.resolve(PASSWORD_FILE), StandardCharsets.US_ASCII).trim();
    }

    /** An SSL context that trusts exactly the given PEM certificate: how the officer CLI pins the appliance. */
    public static SSLContext trusting(final Path certificatePem) throws IOException, GeneralSecurityException
    {
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem))
        {
            trust.setCertificateEntry("appliance", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        final SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, factory.getTrustManagers(), new SecureRandom());
        return context;
    }

    private static void writePrivate(final Path file, final byte[] content) throws IOException
    {
        createPrivate(file);
        Files.write(file, content);
    }

    private static void createPrivate(final Path file) throws IOException
    {
        try
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.createFile(file);
        }
    }
}
