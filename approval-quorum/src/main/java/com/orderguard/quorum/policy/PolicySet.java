package com.orderguard.quorum.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.json.JsonFields;
import com.orderguard.quorum.json.Parameters;

/**
 * All quorum policies in force, as one versioned, immutable set.
 * <p>
 * What must hold:
 * <ul>
 *   <li>It has a {@code policy.change} policy, or it could never be changed again.</li>
 *   <li>The break-glass policy, if any, needs more approvals than any regular policy: it is the
 *       way round an unavailable regular quorum, never a cheaper one. Every use is an alert.</li>
 *   <li>A change is itself a quorum request ({@code policy.change}) whose parameters are the
 *       whole proposed set, with the next version. It needs the approvals of the current
 *       {@code policy.change} policy <em>and</em> at least the threshold of every policy it
 *       changes or removes ({@link #requiredApprovals}): loosening a 4-of-n policy takes 4, not
 *       the 2 that policy.change alone might ask.</li>
 * </ul>
 * JSON form (also the parameters of a {@code policy.change} request):
 * <pre>{"breakGlass":{...policy...},"policies":{"route.add":{...policy...},...},"version":3}</pre>
 */
public final class PolicySet
{
    private final long version;
    private final Map<String, QuorumPolicy> policies;
    private final QuorumPolicy breakGlass;
    private final String canonicalJson;

    private PolicySet(final long version, final Map<String, QuorumPolicy> policies, final QuorumPolicy breakGlass)
    {
        if (version < 1 || version > CanonicalJson.MAX_EXACT_INTEGER)
        {
            throw new IllegalArgumentException("policy set version must be >= 1, was " + version);
        }
        if (!policies.containsKey(QuorumPolicy.POLICY_CHANGE))
        {
            throw new IllegalArgumentException("policy set v" + version + " has no " + QuorumPolicy.POLICY_CHANGE +
                " policy: it could never be changed again");
        }
        int highest = 0;
        for (final Map.Entry<String, QuorumPolicy> entry : policies.entrySet())
        {
            if (!QuorumPolicy.isOperation(entry.getKey()) || !entry.getKey().equals(entry.getValue().operation()))
            {
                throw new IllegalArgumentException("policy set v" + version + ": bad operation name " + entry.getKey());
            }
            highest = Math.max(highest, entry.getValue().threshold());
        }
        if (breakGlass != null)
        {
            if (!QuorumPolicy.BREAK_GLASS.equals(breakGlass.operation()))
            {
                throw new IllegalArgumentException("the break-glass policy must be built as " + QuorumPolicy.BREAK_GLASS +
                    ", was " + breakGlass.operation());
            }
            if (breakGlass.threshold() <= highest)
            {
                throw new IllegalArgumentException("policy set v" + version + ": break-glass threshold must be > the highest" +
                    " regular threshold (" + highest + "), was " + breakGlass.threshold());
            }
        }
        this.version = version;
        this.policies = Collections.unmodifiableMap(new TreeMap<>(policies));
        this.breakGlass = breakGlass;
        this.canonicalJson = CanonicalJson.write(toTree());
    }

    public static Builder builder(final long version)
    {
        return new Builder(version);
    }

    /** Parses a policy set; every policy member is required and unknown members are refused. */
    public static PolicySet fromJson(final String json)
    {
        return fromTree(CanonicalJson.parse(json));
    }

    public static PolicySet fromTree(final Object tree)
    {
        final JsonFields fields = JsonFields.of(tree, "policy set");
        final Builder builder = builder(fields.longValue("version"));
        for (final Map.Entry<String, Object> entry : JsonFields.asObject(fields.value("policies"), "policies").entrySet())
        {
            if (!QuorumPolicy.isOperation(entry.getKey()))
            {
                throw new IllegalArgumentException("policy set: '" + entry.getKey() + "' is not an operation type");
            }
            builder.policy(QuorumPolicy.fromTree(entry.getKey(), entry.getValue()));
        }
        if (fields.has("breakGlass"))
        {
            builder.breakGlass(QuorumPolicy.fromTree(QuorumPolicy.BREAK_GLASS, fields.value("breakGlass")));
        }
        fields.requireNoOthers();
        return builder.build();
    }

    public long version()
    {
        return version;
    }

    /** The regular policy of {@code operation}, or null when the operation is not allowed at all. */
    public QuorumPolicy policy(final String operation)
    {
        return policies.get(operation);
    }

    /** The break-glass policy, or null when this set has none. */
    public QuorumPolicy breakGlass()
    {
        return breakGlass;
    }

    public Collection<QuorumPolicy> policies()
    {
        return policies.values();
    }

    /**
     * The policy a request is decided under: the regular one, or the break-glass one when
     * {@code breakGlass} (only for an operation that has a regular policy). Null when none applies.
     */
    public QuorumPolicy policyFor(final String operation, final boolean breakGlass)
    {
        final QuorumPolicy regular = policies.get(operation);
        if (regular == null)
        {
            return null;
        }
        return breakGlass ? this.breakGlass : regular;
    }

    /** The ceremony kind of {@code operation} ("" for none), from its regular policy even under break-glass. */
    public String ceremonyKind(final String operation)
    {
        final QuorumPolicy regular = policies.get(operation);
        return regular == null ? "" : regular.ceremonyKind();
    }

    /**
     * How many valid approvals a request needs: the threshold of the policy it is decided under;
     * for {@code policy.change}, at least also the threshold of every current policy the proposed
     * set changes or removes.
     *
     * @throws IllegalArgumentException when the operation has no policy here, or a policy change
     *                                  carries a set that is malformed or not the next version
     */
    public int requiredApprovals(final String operation, final boolean breakGlass, final Parameters parameters)
    {
        final QuorumPolicy policy = policyFor(operation, breakGlass);
        if (policy == null)
        {
            throw new IllegalArgumentException("no " + (breakGlass ? "break-glass " : "") + "policy for " + operation +
                " in policy set v" + version);
        }
        int required = policy.threshold();
        if (QuorumPolicy.POLICY_CHANGE.equals(operation))
        {
            final PolicySet proposed = proposedChange(parameters);
            for (final String changed : changedBy(proposed))
            {
                final QuorumPolicy replaced = QuorumPolicy.BREAK_GLASS.equals(changed) ? this.breakGlass : policies.get(changed);
                if (replaced != null)
                {
                    required = Math.max(required, replaced.threshold());
                }
            }
        }
        return required;
    }

    /**
     * The set a {@code policy.change} request proposes.
     *
     * @throws IllegalArgumentException when malformed or not version {@code version() + 1}
     */
    public PolicySet proposedChange(final Parameters parameters)
    {
        final PolicySet proposed;
        try
        {
            proposed = fromTree(parameters.asMap());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("proposed policy set is invalid: " + ex.getMessage(), ex);
        }
        if (proposed.version != version + 1)
        {
            throw new IllegalArgumentException("proposed policy set must be version " + (version + 1) + ", was " +
                proposed.version);
        }
        return proposed;
    }

    /** Operations whose policy {@code proposed} changes, removes or adds ("break-glass" for that one). */
    public List<String> changedBy(final PolicySet proposed)
    {
        final TreeMap<String, Boolean> changed = new TreeMap<>();
        for (final Map.Entry<String, QuorumPolicy> entry : policies.entrySet())
        {
            if (!entry.getValue().equals(proposed.policies.get(entry.getKey())))
            {
                changed.put(entry.getKey(), Boolean.TRUE);
            }
        }
        for (final String operation : proposed.policies.keySet())
        {
            if (!policies.containsKey(operation))
            {
                changed.put(operation, Boolean.TRUE);
            }
        }
        if (breakGlass == null ? proposed.breakGlass != null : !breakGlass.equals(proposed.breakGlass))
        {
            changed.put(QuorumPolicy.BREAK_GLASS, Boolean.TRUE);
        }
        return new ArrayList<>(changed.keySet());
    }

    public Map<String, Object> toTree()
    {
        final TreeMap<String, Object> tree = new TreeMap<>();
        tree.put("version", version);
        final TreeMap<String, Object> policyTrees = new TreeMap<>();
        for (final QuorumPolicy policy : policies.values())
        {
            policyTrees.put(policy.operation(), policy.toTree());
        }
        tree.put("policies", policyTrees);
        if (breakGlass != null)
        {
            tree.put("breakGlass", breakGlass.toTree());
        }
        return tree;
    }

    /** Canonical JSON of the whole set. */
    public String toJson()
    {
        return canonicalJson;
    }

    /** The set as the parameters of a {@code policy.change} request. */
    public Parameters toParameters()
    {
        return Parameters.fromJson(canonicalJson);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof PolicySet && ((PolicySet)other).canonicalJson.equals(canonicalJson);
    }

    @Override
    public int hashCode()
    {
        return canonicalJson.hashCode();
    }

    @Override
    public String toString()
    {
        return "PolicySet" + canonicalJson;
    }

    /** Collects the policies of one version; {@link #build()} checks the set's invariants. */
    public static final class Builder
    {
        private final long version;
        private final TreeMap<String, QuorumPolicy> policies = new TreeMap<>();
        private QuorumPolicy breakGlass;

        private Builder(final long version)
        {
            this.version = version;
        }

        public Builder policy(final QuorumPolicy policy)
        {
            if (QuorumPolicy.BREAK_GLASS.equals(policy.operation()))
            {
                throw new IllegalArgumentException("add the break-glass policy with breakGlass(...)");
            }
            if (policies.put(policy.operation(), policy) != null)
            {
                throw new IllegalArgumentException("two policies for " + policy.operation());
            }
            return this;
        }

        public Builder breakGlass(final QuorumPolicy policy)
        {
            this.breakGlass = policy;
            return this;
        }

        /** A copy of {@code set}'s policies under this builder's version, to edit and build. */
        public Builder copyOf(final PolicySet set)
        {
            policies.putAll(set.policies);
            breakGlass = set.breakGlass;
            return this;
        }

        /** Replaces the policy of the same operation (for building a proposed change). */
        public Builder replace(final QuorumPolicy policy)
        {
            policies.put(policy.operation(), policy);
            return this;
        }

        public Builder remove(final String operation)
        {
            policies.remove(operation);
            return this;
        }

        public PolicySet build()
        {
            return new PolicySet(version, policies, breakGlass);
        }
    }
}
