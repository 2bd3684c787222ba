package com.orderguard.custody.token;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The self-signed certificate a token private key is stored with. Why it exists: SunPKCS11 shows a
 * private key as a KeyStore entry only with a certificate chain. It is not a trust anchor: verifiers use
 * the exported PEM public key. Signed inside the token, through the PKCS#11 provider; Bouncy Castle only
 * builds the structure (its provider is never installed).
 */
public final class TokenKeyCertificate
{
    static final Duration VALIDITY = Duration.ofDays(20 * 365);

    private TokenKeyCertificate()
    {
    }

    public static X509Certificate selfSigned(
        final KeyPair tokenKeyPair,
        final Provider tokenProvider,
        final String alias,
        final String sealSetId,
        final String signatureAlgorithm) throws GeneralSecurityException
    {
        final X500Name subject = new X500Name("CN=OrderGuard " + alias + " " + sealSetId + ",O=OrderGuard");
        final Instant now = Instant.now();
        final BigInteger serial = new BigInteger(64, new SecureRandom()).setBit(63);
        final JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
            subject, serial, Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)),
            subject, tokenKeyPair.getPublic());
        try
        {
            final ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm)
                .setProvider(tokenProvider)
                .build(tokenKeyPair.getPrivate());
            final X509CertificateHolder holder = builder.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
        catch (final OperatorCreationException ex)
        {
            throw new GeneralSecurityException("cannot sign the certificate of " + alias + " in the token: " + ex.getMessage(), ex);
        }
    }
}
