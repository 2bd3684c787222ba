package com.orderguard.custody.token;

/** The keys key custody keeps in the token, by their token labels (KeyStore aliases). */
public final class CustodyKeys
{
    /** EC P-256 key pair; signs audit-journal checkpoints (SHA256withECDSA, DER). */
    public static final String JOURNAL_SIGNING = "journal-signing";
    /** AES-256; wraps the order-flow data keys (envelope encryption, so the token is not on the order path). */
    public static final String ORDER_FLOW_KEK = "order-flow-kek";
    public static final String JOURNAL_SIGNATURE_ALGORITHM = "SHA256withECDSA";
    public static final String JOURNAL_CURVE = "secp256r1";
    public static final int KEK_BITS = 256;

    private CustodyKeys()
    {
    }
}
