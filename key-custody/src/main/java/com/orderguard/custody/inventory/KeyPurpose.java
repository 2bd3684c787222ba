package com.orderguard.custody.inventory;

/**
 * What a key is for. Each purpose has its own keys, one ACTIVE version at a time; a key is never used
 * for another purpose. The label is the stem of the token alias: version v of a purpose is the token
 * object {@code label.vN} (see {@link KeyRecord#alias()}).
 */
public enum KeyPurpose
{
    /** AES-256 in the token; wraps (AES-GCM, in the token) the in-memory data keys of order flow and journal. */
    ORDER_FLOW_KEK("order-flow-kek", KeyAlgorithm.AES_256),
    /** EC P-256; signs audit-journal checkpoints. Its public key is published for offline verification. */
    JOURNAL_SIGNING("journal-signing", KeyAlgorithm.EC_P256),
    /** EC P-256; signs control-plane access tokens (JWS ES256). */
    CONTROL_TOKEN_SIGNING("control-token-signing", KeyAlgorithm.EC_P256),
    /** EC P-384; the control plane's (or the order gateway's) TLS server key. */
    TLS_SERVER("tls-server", KeyAlgorithm.EC_P384),
    /** EC P-256; authenticates the appliance in the order gateway's per-session key exchange (transit encryption). */
    GATEWAY_SIGNING("gateway-signing", KeyAlgorithm.EC_P256),
    /**
     * EC P-256; the appliance's own quorum principal (reserved role "system"): signs, in the token, the SUBMIT
     * of the key rotations the appliance raises itself. It can initiate nothing else and approve nothing.
     */
    QUORUM_INITIATOR("quorum-initiator", KeyAlgorithm.EC_P256);

    private final String label;
    private final KeyAlgorithm algorithm;

    KeyPurpose(final String label, final KeyAlgorithm algorithm)
    {
        this.label = label;
        this.algorithm = algorithm;
    }

    /** The token-alias stem, e.g. {@code order-flow-kek}. */
    public String label()
    {
        return label;
    }

    public KeyAlgorithm algorithm()
    {
        return algorithm;
    }

    /** The purpose whose label is {@code label}, or null. */
    public static KeyPurpose ofLabel(final String label)
    {
        for (final KeyPurpose purpose : values())
        {
            if (purpose.label.equals(label))
            {
                return purpose;
            }
        }

        return null;
    }
}
