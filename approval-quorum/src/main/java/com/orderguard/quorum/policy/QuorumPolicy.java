package com.orderguard.quorum.policy;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.json.JsonFields;
import com.orderguard.quorum.officer.Names;
import com.orderguard.quorum.officer.Officer;

/**
 * Who must agree, and how many, before one kind of operation may run.
 * <p>
 * Defaults are the strict choice, so that a policy written in a hurry is not a loose one:
 * the initiator never counts towards their own quorum unless {@code initiatorMayApprove} is set;
 * a single veto denies a {@code key.destroy} ({@code denialThreshold} 1) and for everything else
 * as many denials as the threshold of approvals; operations named {@code key.*} form the
 * ceremony kind "key", of which only one request may be in flight at a time.
 */
public final class QuorumPolicy
{
    public static final String POLICY_CHANGE = "policy.change";
    public static final String KEY_DESTROY = "key.destroy";
    /** The name under which the break-glass policy is held; never an operation. */
    public static final String BREAK_GLASS = "break-glass";
    /** The ceremony kind of every {@code key.*} operation unless set otherwise. */
    public static final String KEY_CEREMONY = "key";

    public static final int MAX_THRESHOLD = 64;
    public static final long MIN_TTL_MS = 1_000L;
    public static final long MAX_TTL_MS = 7L * 24 * 3600 * 1000;
    public static final long DEFAULT_TTL_MS = 3600_000L;

    private static final Pattern OPERATION = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)+");

    private final String operation;
    private final int threshold;
    private final Set<String> eligibleOfficerIds;
    private final Set<String> eligibleRoles;
    private final long ttlMs;
    private final int denialThreshold;
    private final boolean initiatorMayApprove;
    private final String ceremonyKind;
    private final String canonicalJson;

    private QuorumPolicy(final Builder builder)
    {
        final String what = "policy " + builder.operation;
        this.operation = builder.operation;
        this.threshold = checkRange(builder.threshold, 1, MAX_THRESHOLD, what + ": threshold");
        this.denialThreshold = checkRange(
            builder.denialThreshold > 0 ? builder.denialThreshold :
            (KEY_DESTROY.equals(operation) ? 1 : threshold),
            1, MAX_THRESHOLD, what + ": denialThreshold");
        if (builder.ttlMs < MIN_TTL_MS || builder.ttlMs > MAX_TTL_MS)
        {
            throw new IllegalArgumentException(what + ": ttlMs must be in " + MIN_TTL_MS + ".." + MAX_TTL_MS +
                ", was " + builder.ttlMs);
        }
        this.ttlMs = builder.ttlMs;
        this.eligibleOfficerIds = names(builder.eligibleOfficerIds, what + ": eligible officer");
        this.eligibleRoles = names(builder.eligibleRoles, what + ": eligible role");
        if (eligibleOfficerIds.isEmpty() && eligibleRoles.isEmpty())
        {
            throw new IllegalArgumentException(what + ": needs at least one eligible officer or role");
        }
        this.initiatorMayApprove = builder.initiatorMayApprove;
        final String kind = builder.ceremonyKind != null ? builder.ceremonyKind :
            (operation.startsWith(KEY_CEREMONY + ".") ? KEY_CEREMONY : "");
        if (!kind.isEmpty())
        {
            Names.require(kind, what + ": ceremonyKind");
        }
        this.ceremonyKind = kind;
        this.canonicalJson = CanonicalJson.write(toTree());
    }

    /** A builder for the policy of {@code operation} (or of {@link #BREAK_GLASS}). */
    public static Builder builder(final String operation)
    {
        return new Builder(requireOperation(operation));
    }

    /** True for a well-formed operation type: dotted lower-case words, e.g. {@code route.add}. */
    public static boolean isOperation(final String operation)
    {
        return operation != null && operation.length() <= 64 && OPERATION.matcher(operation).matches();
    }

    public static String requireOperation(final String operation)
    {
        if (BREAK_GLASS.equals(operation) || isOperation(operation))
        {
            return operation;
        }
        throw new IllegalArgumentException("operation must be dotted lower-case words such as route.add (at most 64" +
            " characters), was " + (operation == null ? "null" : "'" + operation + "'"));
    }

    /**
     * Whether {@code officer} may approve or deny under this policy: named by id or holding one of
     * the roles. Says nothing about whether the officer is active; the caller checks that.
     */
    public boolean isEligible(final Officer officer)
    {
        if (eligibleOfficerIds.contains(officer.id()))
        {
            return true;
        }
        for (final String role : eligibleRoles)
        {
            if (officer.hasRole(role))
            {
                return true;
            }
        }
        return false;
    }

    public String operation()
    {
        return operation;
    }

    public int threshold()
    {
        return threshold;
    }

    public Set<String> eligibleOfficerIds()
    {
        return eligibleOfficerIds;
    }

    public Set<String> eligibleRoles()
    {
        return eligibleRoles;
    }

    public long ttlMs()
    {
        return ttlMs;
    }

    public int denialThreshold()
    {
        return denialThreshold;
    }

    public boolean initiatorMayApprove()
    {
        return initiatorMayApprove;
    }

    /** The ceremony kind ("" for none): at most one request of a kind is in flight at a time. */
    public String ceremonyKind()
    {
        return ceremonyKind;
    }

    /** The policy as a JSON tree, without its operation (the key it is held under). */
    public Map<String, Object> toTree()
    {
        final TreeMap<String, Object> tree = new TreeMap<>();
        tree.put("threshold", (long)threshold);
        tree.put("denialThreshold", (long)denialThreshold);
        tree.put("eligibleOfficers", java.util.List.copyOf(eligibleOfficerIds));
        tree.put("eligibleRoles", java.util.List.copyOf(eligibleRoles));
        tree.put("ttlMs", ttlMs);
        tree.put("initiatorMayApprove", initiatorMayApprove);
        tree.put("ceremonyKind", ceremonyKind);
        return tree;
    }

    /** Reads the policy of {@code operation} from its JSON tree; every member is required. */
    public static QuorumPolicy fromTree(final String operation, final Object tree)
    {
        final JsonFields fields = JsonFields.of(tree, "policy " + operation);
        final QuorumPolicy policy = builder(operation)
            .threshold(intMember(fields, "threshold"))
            .denialThreshold(intMember(fields, "denialThreshold"))
            .eligibleOfficers(fields.strings("eligibleOfficers"))
            .eligibleRoles(fields.strings("eligibleRoles"))
            .ttlMs(fields.longValue("ttlMs"))
            .initiatorMayApprove(fields.bool("initiatorMayApprove"))
            .ceremonyKind(fields.string("ceremonyKind"))
            .build();
        fields.requireNoOthers();
        return policy;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof QuorumPolicy &&
            ((QuorumPolicy)other).operation.equals(operation) &&
            ((QuorumPolicy)other).canonicalJson.equals(canonicalJson);
    }

    @Override
    public int hashCode()
    {
        return operation.hashCode() * 31 + canonicalJson.hashCode();
    }

    @Override
    public String toString()
    {
        return operation + " " + canonicalJson;
    }

    private static int intMember(final JsonFields fields, final String name)
    {
        final long value = fields.longValue(name);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException(name + " out of range: " + value);
        }
        return (int)value;
    }

    private static int checkRange(final int value, final int min, final int max, final String what)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(what + " must be in " + min + ".." + max + ", was " + value);
        }
        return value;
    }

    private static Set<String> names(final Set<String> values, final String what)
    {
        final TreeSet<String> result = new TreeSet<>();
        for (final String value : values)
        {
            result.add(Names.require(value, what));
        }
        return Collections.unmodifiableSet(result);
    }

    /** Collects a policy's settings; {@link #build()} validates them all and names the bad one. */
    public static final class Builder
    {
        private final String operation;
        private int threshold;
        private int denialThreshold;
        private final Set<String> eligibleOfficerIds = new TreeSet<>();
        private final Set<String> eligibleRoles = new TreeSet<>();
        private long ttlMs = DEFAULT_TTL_MS;
        private boolean initiatorMayApprove;
        private String ceremonyKind;

        private Builder(final String operation)
        {
            this.operation = operation;
        }

        /** m: how many distinct eligible approvals make the quorum. Required. */
        public Builder threshold(final int threshold)
        {
            this.threshold = threshold;
            return this;
        }

        /** How many denials deny the request; default 1 for key.destroy, else the threshold. */
        public Builder denialThreshold(final int denialThreshold)
        {
            this.denialThreshold = denialThreshold;
            return this;
        }

        public Builder eligibleOfficers(final String... officerIds)
        {
            eligibleOfficerIds.addAll(Arrays.asList(officerIds));
            return this;
        }

        public Builder eligibleRoles(final String... roles)
        {
            eligibleRoles.addAll(Arrays.asList(roles));
            return this;
        }

        /** How long a request stays open for approval; default one hour. */
        public Builder ttlMs(final long ttlMs)
        {
            this.ttlMs = ttlMs;
            return this;
        }

        /** The explicit switch that lets the initiator's own approval count. Off by default. */
        public Builder initiatorMayApprove(final boolean initiatorMayApprove)
        {
            this.initiatorMayApprove = initiatorMayApprove;
            return this;
        }

        /** "" for none; default "key" for key.* operations. */
        public Builder ceremonyKind(final String ceremonyKind)
        {
            this.ceremonyKind = ceremonyKind;
            return this;
        }

        public QuorumPolicy build()
        {
            return new QuorumPolicy(this);
        }
    }
}
