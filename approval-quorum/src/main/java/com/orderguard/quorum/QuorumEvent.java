package com.orderguard.quorum;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.json.JsonFields;
import com.orderguard.quorum.policy.PolicySet;

/**
 * One state change of the book, immutable, with a canonical JSON encoding for the journal. The
 * events of a book, replayed in order, rebuild it exactly (see {@link QuorumBook#replay}).
 * <pre>
 * {"atMs":..,"kind":"APPROVAL","note":"..","requestId":"&lt;hash&gt;","statement":{..},"type":"orderguard.quorum.event.v1"}
 * </pre>
 * {@code request} is present on SUBMITTED; {@code statement} on SUBMITTED (the initiator's),
 * APPROVAL, DENIAL and an initiator's CANCELLED; {@code policySet} on the EXECUTED that installs a
 * policy change.
 */
public final class QuorumEvent
{
    public static final String TYPE = "orderguard.quorum.event.v1";

    /** What happened. */
    public enum Kind
    {
        /** A request entered the book (carries the request and the initiator's signed SUBMIT). */
        SUBMITTED,
        /** ALERT: the break-glass policy was invoked (on submission) or acted on (on execution). */
        BREAK_GLASS,
        /** A valid approval was recorded. */
        APPROVAL,
        /** A valid denial was recorded. */
        DENIAL,
        /** The quorum was reached; the proof was handed out. */
        APPROVED,
        DENIED,
        /** By the initiator (with their statement) or by the book (policy replaced, initiator revoked). */
        CANCELLED,
        EXPIRED,
        /** Closed for good: the request was carried out (or, with a policy set, the policy changed). */
        EXECUTED
    }

    private final Kind kind;
    private final long atMs;
    private final String requestId;
    private final QuorumRequest request;
    private final SignedStatement statement;
    private final PolicySet policySet;
    private final String note;

    private QuorumEvent(
        final Kind kind,
        final long atMs,
        final String requestId,
        final QuorumRequest request,
        final SignedStatement statement,
        final PolicySet policySet,
        final String note)
    {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.atMs = atMs;
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.request = request;
        this.statement = statement;
        this.policySet = policySet;
        this.note = note == null ? "" : note;
        if (kind == Kind.SUBMITTED && (request == null || statement == null))
        {
            throw new IllegalArgumentException("a SUBMITTED event carries the request and the initiator's statement");
        }
        if ((kind == Kind.APPROVAL || kind == Kind.DENIAL) && statement == null)
        {
            throw new IllegalArgumentException("a " + kind + " event carries the statement");
        }
        if (request != null && !request.id().equals(requestId))
        {
            throw new IllegalArgumentException("event requestId does not match its request");
        }
        if (statement != null && !statement.requestHash().equals(requestId))
        {
            throw new IllegalArgumentException("event requestId does not match its statement");
        }
    }

    static QuorumEvent of(
        final Kind kind,
        final long atMs,
        final String requestId,
        final QuorumRequest request,
        final SignedStatement statement,
        final PolicySet policySet,
        final String note)
    {
        return new QuorumEvent(kind, atMs, requestId, request, statement, policySet, note);
    }

    public static QuorumEvent fromJson(final String json)
    {
        return fromTree(CanonicalJson.parse(json));
    }

    public static QuorumEvent fromTree(final Object tree)
    {
        final JsonFields fields = JsonFields.of(tree, "event");
        if (!TYPE.equals(fields.string("type")))
        {
            throw new IllegalArgumentException("event.type must be " + TYPE);
        }
        final String kindName = fields.string("kind");
        final Kind kind;
        try
        {
            kind = Kind.valueOf(kindName);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("event.kind '" + kindName + "' is unknown", ex);
        }
        final QuorumEvent event = new QuorumEvent(
            kind,
            fields.longValue("atMs"),
            fields.string("requestId"),
            fields.has("request") ? QuorumRequest.fromTree(fields.value("request")) : null,
            fields.has("statement") ? SignedStatement.fromTree(fields.value("statement")) : null,
            fields.has("policySet") ? PolicySet.fromTree(fields.value("policySet")) : null,
            fields.string("note"));
        fields.requireNoOthers();
        return event;
    }

    public Map<String, Object> toTree()
    {
        final TreeMap<String, Object> tree = new TreeMap<>();
        tree.put("type", TYPE);
        tree.put("kind", kind.name());
        tree.put("atMs", atMs);
        tree.put("requestId", requestId);
        tree.put("note", note);
        if (request != null)
        {
            tree.put("request", request.toTree());
        }
        if (statement != null)
        {
            tree.put("statement", statement.toTree());
        }
        if (policySet != null)
        {
            tree.put("policySet", policySet.toTree());
        }
        return tree;
    }

    /** Canonical JSON: the journal record. */
    public String toJson()
    {
        return CanonicalJson.write(toTree());
    }

    public Kind kind()
    {
        return kind;
    }

    public long atMs()
    {
        return atMs;
    }

    public String requestId()
    {
        return requestId;
    }

    /** The request, on SUBMITTED; else null. */
    public QuorumRequest request()
    {
        return request;
    }

    /** The signed statement, on SUBMITTED, APPROVAL, DENIAL and an initiator's CANCELLED; else null. */
    public SignedStatement statement()
    {
        return statement;
    }

    /** The policy set installed, on the EXECUTED of a policy change; else null. */
    public PolicySet policySet()
    {
        return policySet;
    }

    /** A human explanation (e.g. who approved, why the book cancelled); "" when none. */
    public String note()
    {
        return note;
    }

    /** True for events the appliance must raise as a loud alert: every use of break-glass. */
    public boolean isAlert()
    {
        return kind == Kind.BREAK_GLASS;
    }

    /** True for the event that installs a new policy set. */
    public boolean isPolicyChange()
    {
        return policySet != null;
    }

    @Override
    public String toString()
    {
        return kind + " " + requestId + (note.isEmpty() ? "" : " (" + note + ")");
    }
}
