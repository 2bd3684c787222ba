package com.orderguard.quorum;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.json.JsonFields;
import com.orderguard.quorum.officer.Names;
import com.orderguard.quorum.officer.P256;

/**
 * One officer's signed decision on one request. The signature is SHA256withECDSA (P-256, DER)
 * over the UTF-8 bytes of the canonical JSON statement
 * <pre>{"decision":"APPROVE","officerId":"bob","requestHash":"&lt;64 hex&gt;","signedAtMs":1767225660000,"type":"orderguard.quorum.statement.v1"}</pre>
 * It binds the officer, the decision, the time and the exact request (by its hash, which covers
 * operation, parameters, initiator, times, policy version and nonce): it cannot be moved to another
 * request, turned into another decision, or re-dated without breaking the signature.
 */
public final class SignedStatement
{
    /** Domain separation: these bytes can never be mistaken for a request or for anything else signed. */
    public static final String TYPE = "orderguard.quorum.statement.v1";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final String requestHash;
    private final Decision decision;
    private final String officerId;
    private final long signedAtMs;
    private final byte[] signature;
    private final String statementJson;

    private SignedStatement(
        final String requestHash,
        final Decision decision,
        final String officerId,
        final long signedAtMs,
        final byte[] signature)
    {
        this.statementJson = statementJson(requestHash, decision, officerId, signedAtMs);
        this.requestHash = requestHash;
        this.decision = decision;
        this.officerId = officerId;
        this.signedAtMs = signedAtMs;
        if (signature == null || signature.length == 0 || signature.length > 256)
        {
            throw new IllegalArgumentException("statement signature must be 1-256 bytes");
        }
        this.signature = signature.clone();
    }

    /** A statement as received; nothing is verified until a book or a proof checks it. */
    public static SignedStatement of(
        final String requestHash,
        final Decision decision,
        final String officerId,
        final long signedAtMs,
        final byte[] signature)
    {
        return new SignedStatement(requestHash, decision, officerId, signedAtMs, signature);
    }

    /**
     * The exact text an officer signs (as UTF-8), for the signer and for anyone checking by hand.
     *
     * @throws IllegalArgumentException for a malformed hash, officer id or time
     */
    public static String statementJson(
        final String requestHash,
        final Decision decision,
        final String officerId,
        final long signedAtMs)
    {
        if (requestHash == null || !HASH.matcher(requestHash).matches())
        {
            throw new IllegalArgumentException("requestHash must be 64 lower-case hex digits (SHA-256)");
        }
        java.util.Objects.requireNonNull(decision, "decision");
        Names.require(officerId, "officerId");
        if (signedAtMs < 0 || signedAtMs > CanonicalJson.MAX_EXACT_INTEGER)
        {
            throw new IllegalArgumentException("signedAtMs must be >= 0, was " + signedAtMs);
        }
        final TreeMap<String, Object> tree = new TreeMap<>();
        tree.put("type", TYPE);
        tree.put("requestHash", requestHash);
        tree.put("decision", decision.name());
        tree.put("officerId", officerId);
        tree.put("signedAtMs", signedAtMs);
        return CanonicalJson.write(tree);
    }

    public static SignedStatement fromJson(final String json)
    {
        return fromTree(CanonicalJson.parse(json));
    }

    /** Reads {@code {"decision":..,"officerId":..,"requestHash":..,"signature":"<base64 DER>","signedAtMs":..}}. */
    public static SignedStatement fromTree(final Object tree)
    {
        final JsonFields fields = JsonFields.of(tree, "statement");
        final String decisionName = fields.string("decision");
        final Decision decision;
        try
        {
            decision = Decision.valueOf(decisionName);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("statement.decision must be SUBMIT, APPROVE, DENY or CANCEL, was '" +
                decisionName + "'", ex);
        }
        final byte[] signature;
        try
        {
            signature = Base64.getDecoder().decode(fields.string("signature"));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("statement.signature must be base64: " + ex.getMessage(), ex);
        }
        final SignedStatement statement = new SignedStatement(
            fields.string("requestHash"), decision, fields.string("officerId"), fields.longValue("signedAtMs"), signature);
        fields.requireNoOthers();
        return statement;
    }

    /** The statement with its signature (base64 of the DER), for transport and for the journal. */
    public Map<String, Object> toTree()
    {
        final TreeMap<String, Object> tree = new TreeMap<>();
        tree.put("requestHash", requestHash);
        tree.put("decision", decision.name());
        tree.put("officerId", officerId);
        tree.put("signedAtMs", signedAtMs);
        tree.put("signature", Base64.getEncoder().encodeToString(signature));
        return tree;
    }

    public String toJson()
    {
        return CanonicalJson.write(toTree());
    }

    /** The signed text (canonical JSON, without the signature). */
    public String statementJson()
    {
        return statementJson;
    }

    /**
     * Whether the signature is a well-formed P-256 ECDSA signature of {@link #statementJson()} by
     * {@code key}. The shape check comes first, so zero or oversized components (another curve's
     * key, CVE-2022-21449) never reach the JDK's verifier.
     */
    public boolean verifySignature(final PublicKey key)
    {
        if (P256.checkSignatureShape(signature) != null)
        {
            return false;
        }
        try
        {
            final Signature verifier = Signature.getInstance(P256.SIGNATURE_ALGORITHM);
            verifier.initVerify(key);
            verifier.update(CanonicalJson.utf8(statementJson));
            return verifier.verify(signature);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return false;
        }
    }

    /** Why the signature is malformed, or null: for the message of a BAD_SIGNATURE refusal. */
    String signatureShapeProblem()
    {
        return P256.checkSignatureShape(signature);
    }

    public String requestHash()
    {
        return requestHash;
    }

    public Decision decision()
    {
        return decision;
    }

    public String officerId()
    {
        return officerId;
    }

    public long signedAtMs()
    {
        return signedAtMs;
    }

    /** The DER signature (a copy). */
    public byte[] signature()
    {
        return signature.clone();
    }

    @Override
    public String toString()
    {
        return decision + " by " + officerId + " of " + requestHash + " at " + signedAtMs;
    }
}
