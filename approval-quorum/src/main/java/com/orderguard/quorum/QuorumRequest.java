package com.orderguard.quorum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.json.JsonFields;
import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Names;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

/**
 * A request to perform one dangerous operation, exactly as the officers will approve it.
 * <p>
 * Its identity is its hash: {@code requestHash = SHA-256(UTF-8(canonical JSON))} over every
 * field below, so nothing an approver did not see can change without changing what they signed.
 * Times are epoch milliseconds. The random nonce makes two otherwise identical requests (the
 * same limit change asked twice) different, so an approval of one is never an approval of the
 * other.
 * <pre>
 * {"breakGlass":false,"createdAtMs":1767225600000,"expiresAtMs":1767229200000,
 *  "initiatorId":"alice","nonce":"&lt;32 hex&gt;","operation":"route.add",
 *  "parameters":{...},"policyVersion":1,"type":"orderguard.quorum.request.v1"}
 * </pre>
 */
public final class QuorumRequest
{
    /** Domain separation: a request hash can never be mistaken for the hash of anything else. */
    public static final String TYPE = "orderguard.quorum.request.v1";

    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32}");
    private static final HexFormat HEX = HexFormat.of();

    private final String operation;
    private final Parameters parameters;
    private final String initiatorId;
    private final long createdAtMs;
    private final long expiresAtMs;
    private final long policyVersion;
    private final boolean breakGlass;
    private final String nonce;
    private final String canonicalJson;
    private final byte[] hash;
    private final String id;

    private QuorumRequest(
        final String operation,
        final Parameters parameters,
        final String initiatorId,
        final long createdAtMs,
        final long expiresAtMs,
        final long policyVersion,
        final boolean breakGlass,
        final String nonce)
    {
        this.operation = QuorumPolicy.requireOperation(operation);
        if (QuorumPolicy.BREAK_GLASS.equals(operation))
        {
            throw new IllegalArgumentException("break-glass is a policy, not an operation: set breakGlass instead");
        }
        this.parameters = java.util.Objects.requireNonNull(parameters, "parameters");
        this.initiatorId = Names.require(initiatorId, "initiatorId");
        if (createdAtMs < 0 || expiresAtMs <= createdAtMs || expiresAtMs > CanonicalJson.MAX_EXACT_INTEGER)
        {
            throw new IllegalArgumentException("request times must satisfy 0 <= createdAtMs < expiresAtMs, were " +
                createdAtMs + " and " + expiresAtMs);
        }
        if (policyVersion < 1 || policyVersion > CanonicalJson.MAX_EXACT_INTEGER)
        {
            throw new IllegalArgumentException("policyVersion must be >= 1, was " + policyVersion);
        }
        if (nonce == null || !NONCE.matcher(nonce).matches())
        {
            throw new IllegalArgumentException("nonce must be 32 lower-case hex digits (16 random bytes)");
        }
        this.createdAtMs = createdAtMs;
        this.expiresAtMs = expiresAtMs;
        this.policyVersion = policyVersion;
        this.breakGlass = breakGlass;
        this.nonce = nonce;
        this.canonicalJson = CanonicalJson.write(toTree());
        this.hash = sha256(CanonicalJson.utf8(canonicalJson));
        this.id = HEX.formatHex(hash);
    }

    /** A request with every field given (e.g. rebuilt by the appliance from what a client sent). */
    public static QuorumRequest of(
        final String operation,
        final Parameters parameters,
        final String initiatorId,
        final long createdAtMs,
        final long expiresAtMs,
        final long policyVersion,
        final boolean breakGlass,
        final String nonce)
    {
        return new QuorumRequest(operation, parameters, initiatorId, createdAtMs, expiresAtMs, policyVersion, breakGlass, nonce);
    }

    /**
     * A new request as the initiator's tool makes it: created now, expiring after the policy's
     * time to live, under the policy set in force, with a fresh random nonce.
     *
     * @throws IllegalArgumentException when {@code policySet} has no policy for the operation
     */
    public static QuorumRequest draft(
        final String operation,
        final Parameters parameters,
        final String initiatorId,
        final boolean breakGlass,
        final PolicySet policySet,
        final long createdAtMs,
        final SecureRandom random)
    {
        final QuorumPolicy policy = policySet.policyFor(operation, breakGlass);
        if (policy == null)
        {
            throw new IllegalArgumentException("policy set v" + policySet.version() + " has no " +
                (breakGlass ? "break-glass " : "") + "policy for " + operation);
        }
        final byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        return new QuorumRequest(operation, parameters, initiatorId, createdAtMs, createdAtMs + policy.ttlMs(),
            policySet.version(), breakGlass, HEX.formatHex(nonce));
    }

    public static QuorumRequest fromJson(final String json)
    {
        return fromTree(CanonicalJson.parse(json));
    }

    /** Reads a request; every member is required, unknown members are refused. */
    public static QuorumRequest fromTree(final Object tree)
    {
        final JsonFields fields = JsonFields.of(tree, "request");
        if (!TYPE.equals(fields.string("type")))
        {
            throw new IllegalArgumentException("request.type must be " + TYPE);
        }
        final QuorumRequest request = new QuorumRequest(
            fields.string("operation"),
            Parameters.fromTree(fields.value("parameters")),
            fields.string("initiatorId"),
            fields.longValue("createdAtMs"),
            fields.longValue("expiresAtMs"),
            fields.longValue("policyVersion"),
            fields.bool("breakGlass"),
            fields.string("nonce"));
        fields.requireNoOthers();
        return request;
    }

    /** The exact text hashed into {@link #hash()}: canonical JSON, to be taken as UTF-8. */
    public String canonicalJson()
    {
        return canonicalJson;
    }

    public Map<String, Object> toTree()
    {
        final TreeMap<String, Object> tree = new TreeMap<>();
        tree.put("type", TYPE);
        tree.put("operation", operation);
        tree.put("parameters", parameters.asMap());
        tree.put("initiatorId", initiatorId);
        tree.put("createdAtMs", createdAtMs);
        tree.put("expiresAtMs", expiresAtMs);
        tree.put("policyVersion", policyVersion);
        tree.put("breakGlass", breakGlass);
        tree.put("nonce", nonce);
        return tree;
    }

    /** SHA-256 of the canonical JSON (a copy). */
    public byte[] hash()
    {
        return hash.clone();
    }

    /** The request hash in lower-case hex: the request's id and what every statement signs. */
    public String id()
    {
        return id;
    }

    public String operation()
    {
        return operation;
    }

    public Parameters parameters()
    {
        return parameters;
    }

    public String initiatorId()
    {
        return initiatorId;
    }

    public long createdAtMs()
    {
        return createdAtMs;
    }

    public long expiresAtMs()
    {
        return expiresAtMs;
    }

    public long policyVersion()
    {
        return policyVersion;
    }

    public boolean isBreakGlass()
    {
        return breakGlass;
    }

    public String nonce()
    {
        return nonce;
    }

    /**
     * The whole request for a human approver: every field, the parameters in full, and the
     * canonical text that is hashed. Characters outside printable ASCII are shown as
     * {@code \}{@code uXXXX} (look-alikes and invisible characters cannot hide); the hashed bytes
     * are the UTF-8 of the canonical JSON with those characters themselves.
     */
    public String describe()
    {
        final String indent = "                 ";
        final StringBuilder out = new StringBuilder(512);
        out.append("OrderGuard quorum request\n");
        out.append("  request hash   ").append(id).append("  (SHA-256 of the canonical JSON below, as UTF-8)\n");
        out.append("  operation      ").append(operation).append('\n');
        out.append("  initiator      ").append(initiatorId).append('\n');
        out.append("  created        ").append(Instant.ofEpochMilli(createdAtMs)).append("  (").append(createdAtMs).append(" ms)\n");
        out.append("  expires        ").append(Instant.ofEpochMilli(expiresAtMs)).append("  (").append(expiresAtMs).append(" ms)\n");
        out.append("  policy set     version ").append(policyVersion).append('\n');
        out.append("  break-glass    ").append(breakGlass ?
            "YES - emergency policy with a higher threshold; every use raises an alert" : "no").append('\n');
        out.append("  nonce          ").append(nonce).append('\n');
        out.append("  parameters     ");
        out.append(CanonicalJson.render(parameters.asMap()).replace("\n", "\n" + indent)).append('\n');
        out.append("  canonical JSON ").append(CanonicalJson.printable(canonicalJson)).append('\n');
        return out.toString();
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof QuorumRequest && ((QuorumRequest)other).id.equals(id);
    }

    @Override
    public int hashCode()
    {
        return id.hashCode();
    }

    @Override
    public String toString()
    {
        return "QuorumRequest{" + id + " " + operation + " by " + initiatorId + "}";
    }

    static byte[] sha256(final byte[] bytes)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
    }
}
