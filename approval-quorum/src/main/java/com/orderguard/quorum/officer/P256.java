package com.orderguard.quorum.officer;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The one curve officers sign with: NIST P-256 (secp256r1), SHA256withECDSA, DER signatures.
 * One curve because every officer's signature must be checkable the same way by a human with
 * openssl, and because a key on a weaker or unexpected curve must never be accepted by accident.
 */
public final class P256
{
    /** The JCA algorithm every signature in the quorum uses. */
    public static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private static final ECParameterSpec PARAMS = loadParams();
    private static final BigInteger ORDER = PARAMS.getOrder();

    private P256()
    {
    }

    /** True when {@code params} are exactly the domain parameters of P-256. */
    public static boolean isP256(final ECParameterSpec params)
    {
        return params != null &&
            params.getCurve().getField() instanceof ECFieldFp &&
            ((ECFieldFp)params.getCurve().getField()).getP().equals(((ECFieldFp)PARAMS.getCurve().getField()).getP()) &&
            params.getCurve().getA().equals(PARAMS.getCurve().getA()) &&
            params.getCurve().getB().equals(PARAMS.getCurve().getB()) &&
            params.getGenerator().equals(PARAMS.getGenerator()) &&
            params.getOrder().equals(PARAMS.getOrder()) &&
            params.getCofactor() == PARAMS.getCofactor();
    }

    /**
     * Returns {@code key} as a P-256 public key or throws, naming {@code owner} and what the key
     * actually was, so a registration with an RSA or P-384 key is refused with a clear reason.
     */
    public static ECPublicKey require(final PublicKey key, final String owner)
    {
        if (!(key instanceof ECPublicKey))
        {
            throw new IllegalArgumentException(owner + ": public key must be EC P-256, was " +
                (key == null ? "null" : key.getAlgorithm()));
        }
        final ECPublicKey ecKey = (ECPublicKey)key;
        if (!isP256(ecKey.getParams()))
        {
            throw new IllegalArgumentException(owner + ": public key must be on curve P-256 (secp256r1), was a " +
                ecKey.getParams().getOrder().bitLength() + "-bit curve");
        }
        return ecKey;
    }

    /** Decodes an X.509 SubjectPublicKeyInfo (DER) and requires P-256. */
    public static ECPublicKey decodeSpki(final byte[] der, final String owner)
    {
        try
        {
            return require(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der)), owner);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException(owner + ": not an EC public key (X.509 SubjectPublicKeyInfo): " +
                ex.getMessage(), ex);
        }
    }

    /** Decodes a PEM "PUBLIC KEY" block (what {@code openssl ec -pubout} writes) and requires P-256. */
    public static ECPublicKey decodePem(final String pem, final String owner)
    {
        final String begin = "-----BEGIN PUBLIC KEY-----";
        final String end = "-----END PUBLIC KEY-----";
        final int from = pem.indexOf(begin);
        final int to = pem.indexOf(end);
        if (from < 0 || to < from)
        {
            throw new IllegalArgumentException(owner + ": expected a PEM block " + begin);
        }
        final String body = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
        try
        {
            return decodeSpki(Base64.getDecoder().decode(body), owner);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(owner + ": bad PEM public key: " + ex.getMessage(), ex);
        }
    }

    /** The key as PEM, for the officer to compare with {@code openssl ec -pubout}. */
    public static String toPem(final PublicKey key)
    {
        return "-----BEGIN PUBLIC KEY-----\n" +
            Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(key.getEncoded()) +
            "\n-----END PUBLIC KEY-----\n";
    }

    /**
     * SHA-256 of the SubjectPublicKeyInfo DER, lower-case hex: what
     * {@code openssl ec -pubin -outform DER | sha256sum} prints.
     */
    public static String fingerprint(final PublicKey key)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
    }

    /**
     * Checks the shape of a DER ECDSA signature before any maths: SEQUENCE of two minimal positive
     * INTEGERs, each in [1, n-1] for the P-256 order n, nothing trailing. Refuses the r = s = 0
     * "psychic signature" (CVE-2022-21449) on any JDK, and a signature made with another curve's
     * key, whose components are almost surely larger than n.
     *
     * @return null when well formed, else why not
     */
    public static String checkSignatureShape(final byte[] der)
    {
        if (der == null || der.length < 8 || der.length > 72)
        {
            return "signature length " + (der == null ? 0 : der.length) + " is not that of a P-256 DER signature (8-72 bytes)";
        }
        if (der[0] != 0x30 || (der[1] & 0xFF) != der.length - 2)
        {
            return "signature is not one DER SEQUENCE";
        }
        final int sEnd = checkInteger(der, 2);
        if (sEnd < 0)
        {
            return "signature r is not a minimal DER INTEGER in [1, n-1] of P-256: signed with another curve's key?";
        }
        final int end = checkInteger(der, sEnd);
        if (end < 0)
        {
            return "signature s is not a minimal DER INTEGER in [1, n-1] of P-256: signed with another curve's key?";
        }
        if (end != der.length)
        {
            return "signature has trailing bytes";
        }
        return null;
    }

    /** @return the offset after the INTEGER at {@code at}, or -1 when malformed or out of range */
    private static int checkInteger(final byte[] der, final int at)
    {
        if (at + 2 > der.length || der[at] != 0x02)
        {
            return -1;
        }
        final int length = der[at + 1] & 0xFF;
        final int start = at + 2;
        if (length < 1 || length > 33 || start + length > der.length)
        {
            return -1;
        }
        if ((der[start] & 0x80) != 0)
        {
            return -1; // negative
        }
        if (length > 1 && der[start] == 0 && (der[start + 1] & 0x80) == 0)
        {
            return -1; // not minimal
        }
        final BigInteger value = new BigInteger(1, java.util.Arrays.copyOfRange(der, start, start + length));
        if (value.signum() == 0 || value.compareTo(ORDER) >= 0)
        {
            return -1;
        }
        return start + length;
    }

    private static ECParameterSpec loadParams()
    {
        try
        {
            final AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK does not offer EC secp256r1", ex);
        }
    }
}
