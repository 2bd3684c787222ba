package com.orderguard.custody.inventory;

/**
 * What a key is, as the token generates it. Only what SunPKCS11 and the target HSMs all do: AES-256
 * for secret keys, EC P-256 / P-384 for signing (SunPKCS11 offers no EdDSA).
 */
public enum KeyAlgorithm
{
    AES_256("AES", 256, null),
    EC_P256("EC", 256, "secp256r1"),
    EC_P384("EC", 384, "secp384r1");

    private final String jcaName;
    private final int bits;
    private final String curve;

    KeyAlgorithm(final String jcaName, final int bits, final String curve)
    {
        this.jcaName = jcaName;
        this.bits = bits;
        this.curve = curve;
    }

    /** "AES" or "EC": the JCA algorithm name of the key (generator). */
    public String jcaName()
    {
        return jcaName;
    }

    public int bits()
    {
        return bits;
    }

    /** The named curve, or null for a secret key. */
    public String curve()
    {
        return curve;
    }

    public boolean isSecretKey()
    {
        return null == curve;
    }

    /** The signature algorithm an EC key of this size signs with (hash matched to the curve); null for AES. */
    public String signatureAlgorithm()
    {
        switch (this)
        {
            case EC_P256:
                return "SHA256withECDSA";
            case EC_P384:
                return "SHA384withECDSA";
            default:
                return null;
        }
    }
}
