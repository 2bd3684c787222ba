package com.orderguard.quorum.json;

import java.util.Map;

/**
 * The parameters of a quorum request: one JSON object, held in RFC 8785 canonical form so that
 * equality is byte equality of what was signed. The executing module rebuilds the parameters it
 * is about to act on and hands them to {@code ApprovalProof.verify}: if a single character
 * differs from what the officers approved, the proof does not verify.
 */
public final class Parameters
{
    private static final Parameters EMPTY = new Parameters("{}", Map.of());

    private final String canonicalJson;
    private final Map<String, Object> members;

    private Parameters(final String canonicalJson, final Map<String, Object> members)
    {
        this.canonicalJson = canonicalJson;
        this.members = members;
    }

    /** Parses JSON text (any key order, any number form, any whitespace); it must be an object. */
    public static Parameters fromJson(final String json)
    {
        return fromTree(CanonicalJson.parse(json));
    }

    /** From a parsed tree or a plain {@code Map} of JSON-able values. */
    public static Parameters fromTree(final Object tree)
    {
        JsonFields.asObject(tree, "parameters");
        final String canonical = CanonicalJson.write(tree);
        return new Parameters(canonical, JsonFields.asObject(CanonicalJson.parse(canonical), "parameters"));
    }

    /** From a map of String, Long/Integer, Double, Boolean, null, List and Map values. */
    public static Parameters of(final Map<String, ?> values)
    {
        return fromTree(values);
    }

    public static Parameters empty()
    {
        return EMPTY;
    }

    /** The canonical JSON text: what is hashed into the request, byte for byte (as UTF-8). */
    public String canonicalJson()
    {
        return canonicalJson;
    }

    /** The members as an immutable sorted tree (Long for exact integers, Double otherwise). */
    public Map<String, Object> asMap()
    {
        return members;
    }

    /** The member {@code name}, or null when absent or JSON null. */
    public Object get(final String name)
    {
        return members.get(name);
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof Parameters && ((Parameters)other).canonicalJson.equals(canonicalJson);
    }

    @Override
    public int hashCode()
    {
        return canonicalJson.hashCode();
    }

    @Override
    public String toString()
    {
        return canonicalJson;
    }
}
