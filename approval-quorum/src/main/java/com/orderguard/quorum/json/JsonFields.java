package com.orderguard.quorum.json;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, strict reading of one parsed JSON object: a missing member, a member of the wrong type
 * and (through {@link #requireNoOthers()}) an unknown member are all refused with the member's
 * name. Unknown members are refused because a signed object must mean exactly one thing: a field
 * a reader ignores is a field an attacker can use to make two readers disagree.
 */
public final class JsonFields
{
    private final Map<String, Object> members;
    private final String context;
    private final Set<String> read = new HashSet<>();

    private JsonFields(final Map<String, Object> members, final String context)
    {
        this.members = members;
        this.context = context;
    }

    /**
     * @param tree    a value from {@link CanonicalJson#parse(String)}
     * @param context what the object is, for error messages ("request", "statement", ...)
     */
    public static JsonFields of(final Object tree, final String context)
    {
        return new JsonFields(asObject(tree, context), context);
    }

    /** {@code tree} as a JSON object, or an error naming {@code context}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(final Object tree, final String context)
    {
        if (!(tree instanceof Map))
        {
            throw new IllegalArgumentException(context + " must be a JSON object");
        }
        for (final Object key : ((Map<?, ?>)tree).keySet())
        {
            if (!(key instanceof String))
            {
                throw new IllegalArgumentException(context + " has a non-string key " + key);
            }
        }
        return (Map<String, Object>)tree;
    }

    public boolean has(final String name)
    {
        return members.containsKey(name);
    }

    public String string(final String name)
    {
        final Object value = member(name);
        if (!(value instanceof String))
        {
            throw wrongType(name, "a string");
        }
        return (String)value;
    }

    public long longValue(final String name)
    {
        final Object value = member(name);
        if (!(value instanceof Long))
        {
            throw wrongType(name, "an integer");
        }
        return (Long)value;
    }

    public boolean bool(final String name)
    {
        final Object value = member(name);
        if (!(value instanceof Boolean))
        {
            throw wrongType(name, "true or false");
        }
        return (Boolean)value;
    }

    public Object value(final String name)
    {
        return member(name);
    }

    public List<?> array(final String name)
    {
        final Object value = member(name);
        if (!(value instanceof List))
        {
            throw wrongType(name, "an array");
        }
        return (List<?>)value;
    }

    /** Every element of the array member {@code name}, each required to be a string. */
    public String[] strings(final String name)
    {
        final List<?> values = array(name);
        final String[] result = new String[values.size()];
        for (int i = 0; i < result.length; i++)
        {
            if (!(values.get(i) instanceof String))
            {
                throw new IllegalArgumentException(context + "." + name + "[" + i + "] must be a string");
            }
            result[i] = (String)values.get(i);
        }
        return result;
    }

    /** Refuses any member that was not read. */
    public void requireNoOthers()
    {
        for (final String name : members.keySet())
        {
            if (!read.contains(name))
            {
                throw new IllegalArgumentException(context + " has an unknown member \"" + name + "\"");
            }
        }
    }

    private Object member(final String name)
    {
        read.add(name);
        if (!members.containsKey(name))
        {
            throw new IllegalArgumentException(context + "." + name + " is missing");
        }
        return members.get(name);
    }

    private IllegalArgumentException wrongType(final String name, final String expected)
    {
        return new IllegalArgumentException(context + "." + name + " must be " + expected);
    }
}
