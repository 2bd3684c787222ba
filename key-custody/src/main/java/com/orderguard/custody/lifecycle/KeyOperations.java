package com.orderguard.custody.lifecycle;

import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.quorum.json.Parameters;

import java.util.Map;

/**
 * The quorum operations of key custody and their exact parameters. The control plane raises a request
 * with {@code operation} and these parameters; officers approve it; key custody rebuilds the same
 * parameters from what it is about to do and verifies the proof against them, so a proof approves one
 * act on one key (named by alias and fingerprint), never another. Parameters are canonical JSON objects.
 */
public final class KeyOperations
{
    /** {"purpose": "tls-server"}: a new PRE_ACTIVE version in the token. */
    public static final String GENERATE = "key.generate";
    /** {"key": alias, "fingerprint": ...}: a PRE_ACTIVE key becomes ACTIVE, the previous ACTIVE one DEACTIVATED. */
    public static final String ACTIVATE = "key.activate";
    /** {"purpose": ..., "current": alias of the ACTIVE key or ""}: generate and activate in one act. */
    public static final String ROTATE = "key.rotate";
    /** {"key": alias, "fingerprint": ...}: an ACTIVE key stops protecting (still verifies/decrypts). */
    public static final String DEACTIVATE = "key.deactivate";
    /** {"key": alias, "fingerprint": ...}: deleted from the token; what only it protected is gone. */
    public static final String DESTROY = "key.destroy";
    /** {"purpose": ..., "days": n}: the rotation period of a purpose. */
    public static final String ROTATION_POLICY = "key.rotation-policy";
    /** {"key": alias, "fingerprint": ...}: the PEM public key of a key pair. */
    public static final String EXPORT_PUBLIC_KEY = "key.export-public";
    /** {"dataKey": id}: crypto-shreds the journal records under one envelope data key. */
    public static final String DESTROY_DATA_KEY = "key.destroy-data-key";
    /** {"sealSet": current id, "shares": n, "threshold": k}: new unseal shares; the old ones stop working. */
    public static final String REKEY_SEAL = "seal.rekey";

    private KeyOperations()
    {
    }

    public static Parameters generate(final KeyPurpose purpose)
    {
        return Parameters.of(Map.of("purpose", purpose.label()));
    }

    /** For ACTIVATE, DEACTIVATE, DESTROY and EXPORT_PUBLIC_KEY. */
    public static Parameters onKey(final KeyRecord key)
    {
        return Parameters.of(Map.of("key", key.alias(), "fingerprint", key.fingerprint()));
    }

    /** {@code current} is the ACTIVE key of the purpose now, or null if there is none. */
    public static Parameters rotate(final KeyPurpose purpose, final KeyRecord current)
    {
        return Parameters.of(Map.of("purpose", purpose.label(), "current", null == current ? "" : current.alias()));
    }

    public static Parameters rotationPolicy(final KeyPurpose purpose, final int days)
    {
        return Parameters.of(Map.of("purpose", purpose.label(), "days", (long)days));
    }

    public static Parameters destroyDataKey(final long dataKeyId)
    {
        return Parameters.of(Map.of("dataKey", dataKeyId));
    }

    public static Parameters rekeySeal(final String sealSetId, final int shares, final int threshold)
    {
        return Parameters.of(Map.of("sealSet", sealSetId, "shares", (long)shares, "threshold", (long)threshold));
    }
}
