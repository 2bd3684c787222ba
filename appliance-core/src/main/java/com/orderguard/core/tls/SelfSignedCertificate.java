package com.orderguard.core.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for a key pair: PKCS#12 and PKCS#11 key stores hold private keys
 * only with a certificate chain, even where nobody relies on the certificate itself.
 */
public final class SelfSignedCertificate
{
    private SelfSignedCertificate()
    {
    }

    /** @param subjectAltNames null, or the names a TLS client will check */
    public static X509Certificate create(
        final KeyPair keyPair, final String commonName, final Duration validity, final GeneralName[] subjectAltNames)
        throws GeneralSecurityException
    {
        return create(keyPair, commonName, validity, subjectAltNames, null);
    }

    /** @param signingProvider the provider holding the private key (a PKCS#11 token), or null for the default */
    public static X509Certificate create(
        final KeyPair keyPair, final String commonName, final Duration validity, final GeneralName[] subjectAltNames,
        final java.security.Provider signingProvider) throws GeneralSecurityException
    {
        final Instant now = Instant.now();
        final X500Name subject = new X500Name("CN=" + commonName.replace(",", " "));
        try
        {
            final JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject, new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(validity)), subject, keyPair.getPublic());
            if (subjectAltNames != null)
            {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltNames));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            final JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withECDSA");
            if (signingProvider != null)
            {
                signer.setProvider(signingProvider);
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer.build(keyPair.getPrivate())));
        }
        catch (final OperatorCreationException | CertIOException ex)
        {
            throw new GeneralSecurityException("cannot sign a certificate for " + commonName, ex);
        }
    }
}
