package com.orderguard.custody.token;

/** Constants of the keys custody keeps in the token. Token aliases are {@code KeyRecord.alias()}: {@code <purpose>.v<N>}. */
public final class CustodyKeys
{
    /** AES-GCM as the token and the JCE do it here: 12-byte IVs (SP 800-38D), 128-bit tags. */
    public static final int GCM_IV_BYTES = 12;
    public static final int GCM_TAG_BITS = 128;
    public static final int GCM_TAG_BYTES = GCM_TAG_BITS / 8;

    private CustodyKeys()
    {
    }
}
