package com.orderguard.quorum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.officer.SystemPrincipal;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

/**
 * The book of quorum requests: submit, approve, deny, cancel, expire, and claim execution.
 * <p>
 * What must hold:
 * <ul>
 *   <li>Every accepted call is one or more events, written to the sink before the change is
 *       applied; every refusal changes nothing and writes nothing.</li>
 *   <li>A request moves PENDING -> APPROVED -> EXECUTED, or to DENIED, EXPIRED or CANCELLED,
 *       which never execute. The proof is handed out once, by the approval that reaches the
 *       quorum, however approvals race; execution is claimed once ({@link #claimExecution}).</li>
 *   <li>A request, once seen, is remembered for good, so an approval or a whole request replayed
 *       later is refused; after a restart {@link #replay} rebuilds all of this from the events.</li>
 *   <li>At most one request per ceremony kind (key operations) is open at a time.</li>
 * </ul>
 * Thread-safe: one lock orders all changes; signatures are verified before taking it.
 * Times are epoch milliseconds from the {@link QuorumClock}.
 */
public final class QuorumBook
{
    private final QuorumConfig config;
    private final QuorumClock clock;
    private final QuorumEventSink sink;
    private final Object lock = new Object();

    private volatile OfficerRegistry registry;
    private volatile PolicySet policySet;

    /** Every request ever submitted, open or closed. Guarded by lock. */
    private final Map<String, Entry> entries = new HashMap<>();
    /** The open ones (PENDING, APPROVED), in submission order. Guarded by lock. */
    private final Map<String, Entry> open = new LinkedHashMap<>();
    /** Set by the first call: replay is only for a fresh book. Guarded by lock. */
    private boolean started;

    public QuorumBook(
        final QuorumConfig config,
        final OfficerRegistry registry,
        final PolicySet policySet,
        final QuorumClock clock,
        final QuorumEventSink sink)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.policySet = Objects.requireNonNull(policySet, "policySet");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Takes a new request, signed by its initiator (a SUBMIT statement over its hash). The request
     * must name the policy set in force, be created within the allowed clock skew of now, live no
     * longer than its policy's time to live, and not collide with an open request of its ceremony
     * kind. A break-glass request writes a BREAK_GLASS alert event before SUBMITTED.
     */
    public Outcome submit(final QuorumRequest request, final SignedStatement submission)
    {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(submission, "submission");
        final OfficerRegistry snapshot = registry;
        final Officer signer = snapshot.find(submission.officerId());
        final boolean signatureValid = signer != null && submission.verifySignature(signer.publicKey());

        synchronized (lock)
        {
            started = true;
            final long nowMs = clock.epochMs();
            expireDue(nowMs);
            final String id = request.id();
            Outcome refusal = StatementRules.checkBinding(request, submission, Decision.SUBMIT, null);
            if (refusal != null)
            {
                return refusal;
            }
            if (!submission.officerId().equals(request.initiatorId()))
            {
                return Outcome.refused(ReasonCode.NOT_INITIATOR, "submission signed by " + submission.officerId() +
                    " for a request initiated by " + request.initiatorId(), id, null);
            }
            final Entry existing = entries.get(id);
            if (existing != null)
            {
                return Outcome.refused(ReasonCode.DUPLICATE_REQUEST, "request " + id + " was already submitted (" +
                    existing.state + ")", id, existing.state);
            }
            final PolicySet set = policySet;
            if (request.policyVersion() != set.version())
            {
                return Outcome.refused(ReasonCode.POLICY_STALE, "request names policy set v" + request.policyVersion() +
                    ", v" + set.version() + " is in force", id, null);
            }
            final QuorumPolicy policy = set.policyFor(request.operation(), request.isBreakGlass());
            if (policy == null)
            {
                return Outcome.refused(ReasonCode.UNKNOWN_OPERATION, "policy set v" + set.version() + " has no " +
                    (request.isBreakGlass() ? "break-glass " : "") + "policy for " + request.operation(), id, null);
            }
            final Officer initiator = current(snapshot, signer, submission);
            refusal = StatementRules.checkSigner(request, submission, initiator,
                currentValidity(snapshot, signatureValid, submission), null);
            if (refusal == null)
            {
                refusal = StatementRules.checkInitiator(request, initiator, null);
            }
            if (refusal != null)
            {
                return refusal;
            }
            if (Math.abs(request.createdAtMs() - nowMs) > config.maxClockSkewMs())
            {
                return Outcome.refused(ReasonCode.INVALID_REQUEST, "request created at " + request.createdAtMs() +
                    " ms but the appliance clock says " + nowMs + " ms (allowed skew " + config.maxClockSkewMs() + " ms)",
                    id, null);
            }
            if (request.expiresAtMs() - request.createdAtMs() > policy.ttlMs())
            {
                return Outcome.refused(ReasonCode.INVALID_REQUEST, "request lives " +
                    (request.expiresAtMs() - request.createdAtMs()) + " ms, policy " + policy.operation() + " allows " +
                    policy.ttlMs() + " ms", id, null);
            }
            if (nowMs >= request.expiresAtMs())
            {
                return Outcome.refused(ReasonCode.REQUEST_EXPIRED, "request expired at " + request.expiresAtMs() + " ms",
                    id, null);
            }
            refusal = checkNotFutureDated(request, submission, nowMs, null);
            if (refusal != null)
            {
                return refusal;
            }
            if (request.parameters().canonicalJson().length() > config.maxParametersChars())
            {
                return Outcome.refused(ReasonCode.INVALID_REQUEST, "parameters are " +
                    request.parameters().canonicalJson().length() + " characters, at most " + config.maxParametersChars() +
                    " allowed", id, null);
            }
            final int required;
            try
            {
                required = set.requiredApprovals(request.operation(), request.isBreakGlass(), request.parameters());
            }
            catch (final IllegalArgumentException ex)
            {
                return Outcome.refused(ReasonCode.INVALID_POLICY_CHANGE, ex.getMessage(), id, null);
            }
            final String ceremonyKind = set.ceremonyKind(request.operation());
            if (!ceremonyKind.isEmpty())
            {
                for (final Entry other : open.values())
                {
                    if (ceremonyKind.equals(other.ceremonyKind))
                    {
                        return Outcome.refused(ReasonCode.CEREMONY_IN_FLIGHT, "a " + ceremonyKind + " ceremony is in flight: " +
                            other.request.operation() + " " + other.request.id() + " (" + other.state + ")", id, null);
                    }
                }
            }
            if (open.size() >= config.maxOpenRequests())
            {
                return Outcome.refused(ReasonCode.TOO_MANY_OPEN, open.size() + " requests are open, the limit is " +
                    config.maxOpenRequests(), id, null);
            }

            if (request.isBreakGlass())
            {
                emit(QuorumEvent.Kind.BREAK_GLASS, nowMs, id, null, null, null, "break-glass policy invoked by " +
                    request.initiatorId() + " for " + request.operation() + ": " + required + " approvals required");
            }
            emit(QuorumEvent.Kind.SUBMITTED, nowMs, id, request, submission, null, request.operation() + " by " +
                request.initiatorId());
            final Entry entry = new Entry(request, submission, policy, required, ceremonyKind);
            entries.put(id, entry);
            open.put(id, entry);
            return Outcome.accepted("request " + request.operation() + " submitted: " + required + " approval(s) required" +
                (request.isBreakGlass() ? " under BREAK-GLASS" : ""), id, RequestState.PENDING, null);
        }
    }

    /**
     * Records an approval of request {@code requestId}. The call whose approval reaches the quorum
     * gets the {@link ApprovalProof} in its outcome; no other call ever does.
     */
    public Outcome approve(final String requestId, final SignedStatement approval)
    {
        return decide(requestId, approval, Decision.APPROVE);
    }

    /** Records a denial; enough of them (the policy's denial threshold) deny the request for good. */
    public Outcome deny(final String requestId, final SignedStatement denial)
    {
        return decide(requestId, denial, Decision.DENY);
    }

    /** Cancels an open request; only its initiator may, with a signed CANCEL. */
    public Outcome cancel(final String requestId, final SignedStatement cancellation)
    {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(cancellation, "cancellation");
        final OfficerRegistry snapshot = registry;
        final Officer signer = snapshot.find(cancellation.officerId());
        final boolean signatureValid = signer != null && cancellation.verifySignature(signer.publicKey());

        synchronized (lock)
        {
            started = true;
            final long nowMs = clock.epochMs();
            final Entry entry = entries.get(requestId);
            if (entry == null)
            {
                return unknown(requestId);
            }
            expireIfDue(entry, nowMs);
            Outcome refusal = StatementRules.checkBinding(entry.request, cancellation, Decision.CANCEL, entry.state);
            if (refusal == null)
            {
                refusal = checkOpen(entry);
            }
            if (refusal != null)
            {
                return refusal;
            }
            if (!cancellation.officerId().equals(entry.request.initiatorId()))
            {
                return Outcome.refused(ReasonCode.NOT_INITIATOR, cancellation.officerId() + " may not cancel: only the" +
                    " initiator " + entry.request.initiatorId() + " may", requestId, entry.state);
            }
            final Officer canceller = current(snapshot, signer, cancellation);
            if (SystemPrincipal.is(canceller))
            {
                return Outcome.refused(ReasonCode.SYSTEM_PRINCIPAL, "the system principal " + canceller.id() +
                    " may not cancel: officers deny its request instead", requestId, entry.state);
            }
            refusal = StatementRules.checkSigner(entry.request, cancellation, canceller,
                currentValidity(snapshot, signatureValid, cancellation), entry.state);
            if (refusal == null)
            {
                refusal = checkNotFutureDated(entry.request, cancellation, nowMs, entry.state);
            }
            if (refusal != null)
            {
                return refusal;
            }
            close(entry, RequestState.CANCELLED, QuorumEvent.Kind.CANCELLED, nowMs, cancellation,
                "cancelled by the initiator " + cancellation.officerId());
            return Outcome.accepted("request cancelled", requestId, RequestState.CANCELLED, null);
        }
    }

    /** Expires every open request whose time is up; returns how many. Calls expire lazily too. */
    public int expireDue()
    {
        synchronized (lock)
        {
            started = true;
            return expireDue(clock.epochMs());
        }
    }

    /**
     * Claims the execution of an approved request: the executing module calls this after its own
     * {@link ApprovalProof#verify} and before acting, and acts only on ACCEPTED. Exactly one claim
     * per request succeeds, ever (at-most-once: if the act then fails, a new request is needed).
     * The book re-verifies the proof against its own registry and policies too. Policy changes go
     * through {@link #applyPolicyChange} instead.
     */
    public Outcome claimExecution(final ApprovalProof proof)
    {
        Objects.requireNonNull(proof, "proof");
        synchronized (lock)
        {
            started = true;
            final long nowMs = clock.epochMs();
            final Entry entry = entries.get(proof.requestId());
            final Outcome refusal = checkExecutable(entry, proof.requestId(), nowMs);
            if (refusal != null)
            {
                return refusal;
            }
            if (QuorumPolicy.POLICY_CHANGE.equals(proof.request().operation()))
            {
                return Outcome.refused(ReasonCode.INVALID_POLICY_CHANGE, "a policy change is executed by applyPolicyChange",
                    proof.requestId(), entry.state);
            }
            final Outcome verified = proof.verify(proof.request().operation(), proof.request().parameters(), registry,
                policySet, nowMs);
            if (!verified.isAccepted())
            {
                return verified;
            }
            execute(entry, nowMs, null);
            return Outcome.accepted("execution of " + proof.request().operation() + " claimed" +
                (proof.isBreakGlass() ? " (BREAK-GLASS)" : ""), proof.requestId(), RequestState.EXECUTED, null);
        }
    }

    /**
     * Executes an approved {@code policy.change}: verifies the proof against the policy set in
     * force (which, for a change, demands the threshold of every policy replaced), installs the
     * proposed set, and cancels the open requests made under the old one.
     */
    public Outcome applyPolicyChange(final ApprovalProof proof)
    {
        Objects.requireNonNull(proof, "proof");
        synchronized (lock)
        {
            started = true;
            final long nowMs = clock.epochMs();
            final Entry entry = entries.get(proof.requestId());
            final Outcome refusal = checkExecutable(entry, proof.requestId(), nowMs);
            if (refusal != null)
            {
                return refusal;
            }
            if (!QuorumPolicy.POLICY_CHANGE.equals(proof.request().operation()))
            {
                return Outcome.refused(ReasonCode.PARAMETERS_MISMATCH, "proof approves " + proof.request().operation() +
                    ", not " + QuorumPolicy.POLICY_CHANGE, proof.requestId(), entry.state);
            }
            final PolicySet current = policySet;
            final Parameters parameters = proof.request().parameters();
            final Outcome verified = proof.verify(QuorumPolicy.POLICY_CHANGE, parameters, registry, current, nowMs);
            if (!verified.isAccepted())
            {
                return verified;
            }
            final PolicySet next = current.proposedChange(parameters);
            execute(entry, nowMs, next);
            policySet = next;
            closeStale(nowMs);
            return Outcome.accepted("policy set v" + current.version() + " replaced by v" + next.version() + " (changed: " +
                current.changedBy(next) + ")", proof.requestId(), RequestState.EXECUTED, null);
        }
    }

    /**
     * Installs a newer officer registry (the lead's officer.add / officer.revoke execution).
     * Open requests whose initiator is no longer active are cancelled; approvals by officers no
     * longer active stop counting.
     *
     * @throws IllegalArgumentException unless {@code next} has a higher version
     */
    public void replaceRegistry(final OfficerRegistry next)
    {
        Objects.requireNonNull(next, "next");
        synchronized (lock)
        {
            started = true;
            if (next.version() <= registry.version())
            {
                throw new IllegalArgumentException("registry version must increase: in force v" + registry.version() +
                    ", offered v" + next.version());
            }
            registry = next;
            closeStale(clock.epochMs());
        }
    }

    /**
     * Rebuilds the book after a restart from its events, in the order they were written. Only
     * into a fresh book, before any other call. Nothing is re-verified (the journal's hash chain
     * vouches for the events) and nothing is written, except that open requests left stale by the
     * registry or policy set now in force are cancelled with new events. An EXECUTED event closes
     * its request for good; approved, unexecuted requests come back in {@link #awaitingExecution()}.
     *
     * @return the number of events applied
     * @throws IllegalStateException when the book is not fresh or the events are inconsistent
     */
    public int replay(final Iterable<QuorumEvent> events)
    {
        synchronized (lock)
        {
            if (started)
            {
                throw new IllegalStateException("replay only into a fresh book, before any other call");
            }
            started = true;
            int applied = 0;
            for (final QuorumEvent event : events)
            {
                apply(event);
                applied++;
            }
            closeStale(clock.epochMs());
            return applied;
        }
    }

    /** The request's current status, or null when the book has never seen it. */
    public RequestStatus status(final String requestId)
    {
        synchronized (lock)
        {
            final Entry entry = entries.get(requestId);
            return entry == null ? null : entry.status();
        }
    }

    /** Open requests (PENDING and APPROVED), in submission order. */
    public List<RequestStatus> openRequests()
    {
        synchronized (lock)
        {
            final ArrayList<RequestStatus> result = new ArrayList<>(open.size());
            for (final Entry entry : open.values())
            {
                result.add(entry.status());
            }
            return result;
        }
    }

    /**
     * Proofs of approved requests not yet executed: after a restart, the proofs handed out before
     * it. Handing one out again is safe: execution is claimed once, in {@link #claimExecution}.
     */
    public List<ApprovalProof> awaitingExecution()
    {
        synchronized (lock)
        {
            final ArrayList<ApprovalProof> result = new ArrayList<>();
            for (final Entry entry : open.values())
            {
                if (entry.state == RequestState.APPROVED)
                {
                    result.add(ApprovalProof.of(entry.request, entry.submission, validApprovals(entry)));
                }
            }
            return result;
        }
    }

    public OfficerRegistry registry()
    {
        return registry;
    }

    public PolicySet policySet()
    {
        return policySet;
    }

    private Outcome decide(final String requestId, final SignedStatement statement, final Decision expected)
    {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(statement, "statement");
        final OfficerRegistry snapshot = registry;
        final Officer signer = snapshot.find(statement.officerId());
        final boolean signatureValid = signer != null && statement.verifySignature(signer.publicKey());

        synchronized (lock)
        {
            started = true;
            final long nowMs = clock.epochMs();
            final Entry entry = entries.get(requestId);
            if (entry == null)
            {
                return unknown(requestId);
            }
            expireIfDue(entry, nowMs);
            Outcome refusal = StatementRules.checkBinding(entry.request, statement, expected, entry.state);
            if (refusal != null)
            {
                return refusal;
            }
            if (entry.state == RequestState.APPROVED)
            {
                return Outcome.refused(ReasonCode.ALREADY_APPROVED, "request already has its quorum; it awaits execution",
                    requestId, entry.state);
            }
            refusal = checkOpen(entry);
            if (refusal != null)
            {
                return refusal;
            }
            if (entry.policy == null || entry.request.policyVersion() != policySet.version())
            {
                return Outcome.refused(ReasonCode.POLICY_STALE, "request was made under policy set v" +
                    entry.request.policyVersion() + ", v" + policySet.version() + " is in force", requestId, entry.state);
            }
            final Officer officer = current(snapshot, signer, statement);
            refusal = StatementRules.checkSigner(entry.request, statement, officer,
                currentValidity(snapshot, signatureValid, statement), entry.state);
            if (refusal == null)
            {
                refusal = StatementRules.checkDecider(entry.request, entry.policy, officer, entry.state);
            }
            if (refusal == null)
            {
                refusal = checkNotFutureDated(entry.request, statement, nowMs, entry.state);
            }
            if (refusal != null)
            {
                return refusal;
            }
            final SignedStatement earlier = entry.approvals.containsKey(officer.id()) ?
                entry.approvals.get(officer.id()) : entry.denials.get(officer.id());
            if (earlier != null)
            {
                return Outcome.refused(ReasonCode.DUPLICATE_DECISION, "officer " + officer.id() + " already " +
                    (earlier.decision() == Decision.APPROVE ? "approved" : "denied") + " this request", requestId, entry.state);
            }

            if (expected == Decision.APPROVE)
            {
                emit(QuorumEvent.Kind.APPROVAL, nowMs, requestId, null, statement, null, "approved by " + officer.id());
                entry.approvals.put(officer.id(), statement);
                return afterApproval(entry, nowMs);
            }
            emit(QuorumEvent.Kind.DENIAL, nowMs, requestId, null, statement, null, "denied by " + officer.id());
            entry.denials.put(officer.id(), statement);
            if (entry.denials.size() >= entry.policy.denialThreshold())
            {
                close(entry, RequestState.DENIED, QuorumEvent.Kind.DENIED, nowMs, null, "denied by " + entry.denials.keySet());
                return Outcome.accepted("denial recorded: request denied (" + entry.denials.size() + " of " +
                    entry.policy.denialThreshold() + ")", requestId, RequestState.DENIED, null);
            }
            return Outcome.accepted("denial recorded (" + entry.denials.size() + " of " + entry.policy.denialThreshold() +
                " to deny)", requestId, entry.state, null);
        }
    }

    private Outcome afterApproval(final Entry entry, final long nowMs)
    {
        final List<SignedStatement> valid = validApprovals(entry);
        final String id = entry.request.id();
        if (valid.size() < entry.required)
        {
            return Outcome.accepted("approval recorded (" + valid.size() + " of " + entry.required + ")", id,
                entry.state, null);
        }
        final ArrayList<String> approvers = new ArrayList<>();
        for (final SignedStatement approval : valid)
        {
            approvers.add(approval.officerId());
        }
        emit(QuorumEvent.Kind.APPROVED, nowMs, id, null, null, null, "quorum reached: " + approvers);
        entry.state = RequestState.APPROVED;
        return Outcome.accepted("approval recorded: quorum reached (" + valid.size() + " of " + entry.required + ")", id,
            RequestState.APPROVED, ApprovalProof.of(entry.request, entry.submission, valid));
    }

    /** Recorded approvals by officers still active: a revoked officer's approval no longer counts. */
    private List<SignedStatement> validApprovals(final Entry entry)
    {
        final OfficerRegistry officers = registry;
        final ArrayList<SignedStatement> valid = new ArrayList<>(entry.approvals.size());
        for (final SignedStatement approval : entry.approvals.values())
        {
            final Officer officer = officers.find(approval.officerId());
            if (officer != null && officer.isActive())
            {
                valid.add(approval);
            }
        }
        return valid;
    }

    /** Null when {@code entry} may execute now, else the refusal. */
    private Outcome checkExecutable(final Entry entry, final String id, final long nowMs)
    {
        if (entry == null)
        {
            return unknown(id);
        }
        expireIfDue(entry, nowMs);
        if (entry.state == RequestState.PENDING)
        {
            return Outcome.refused(ReasonCode.NOT_APPROVED, "request has " + validApprovals(entry).size() + " of " +
                entry.required + " approvals", id, entry.state);
        }
        return checkOpen(entry);
    }

    private void execute(final Entry entry, final long nowMs, final PolicySet installed)
    {
        if (entry.request.isBreakGlass())
        {
            emit(QuorumEvent.Kind.BREAK_GLASS, nowMs, entry.request.id(), null, null, null, "break-glass request " +
                entry.request.operation() + " is being executed");
        }
        close(entry, RequestState.EXECUTED, QuorumEvent.Kind.EXECUTED, nowMs, null, installed, entry.request.operation() +
            (installed == null ? "" : ": policy set v" + installed.version() + " installed"));
    }

    /** Refusal for a request that cannot take decisions or execute, or null while open. */
    private static Outcome checkOpen(final Entry entry)
    {
        final String id = entry.request.id();
        switch (entry.state)
        {
            case EXECUTED:
                return Outcome.refused(ReasonCode.ALREADY_EXECUTED, "request has executed and is closed for good", id,
                    entry.state);
            case EXPIRED:
                return Outcome.refused(ReasonCode.REQUEST_EXPIRED, "request expired at " + entry.request.expiresAtMs() +
                    " ms", id, entry.state);
            case DENIED:
            case CANCELLED:
                return Outcome.refused(ReasonCode.REQUEST_CLOSED, "request was " + entry.state.name().toLowerCase(
                    java.util.Locale.ROOT) + " and can never execute", id, entry.state);
            default:
                return null;
        }
    }

    private Outcome checkNotFutureDated(
        final QuorumRequest request, final SignedStatement statement, final long nowMs, final RequestState state)
    {
        if (statement.signedAtMs() > nowMs + config.maxClockSkewMs())
        {
            return Outcome.refused(ReasonCode.STATEMENT_EXPIRED, statement.decision() + " by " + statement.officerId() +
                " is dated " + statement.signedAtMs() + " ms, in the future of the appliance clock " + nowMs + " ms",
                request.id(), state);
        }
        return null;
    }

    private static Outcome unknown(final String requestId)
    {
        return Outcome.refused(ReasonCode.UNKNOWN_REQUEST, "no request " + requestId, requestId, null);
    }

    /** The signer in the registry in force now (it may have changed since the signature check). */
    private Officer current(final OfficerRegistry snapshot, final Officer signer, final SignedStatement statement)
    {
        return registry == snapshot ? signer : registry.find(statement.officerId());
    }

    private boolean currentValidity(final OfficerRegistry snapshot, final boolean signatureValid, final SignedStatement statement)
    {
        if (registry == snapshot)
        {
            return signatureValid;
        }
        final Officer officer = registry.find(statement.officerId());
        return officer != null && statement.verifySignature(officer.publicKey());
    }

    private int expireDue(final long nowMs)
    {
        int expired = 0;
        final ArrayList<Entry> due = new ArrayList<>();
        for (final Entry entry : open.values())
        {
            if (nowMs >= entry.request.expiresAtMs())
            {
                due.add(entry);
            }
        }
        for (final Entry entry : due)
        {
            expireIfDue(entry, nowMs);
            expired++;
        }
        return expired;
    }

    private void expireIfDue(final Entry entry, final long nowMs)
    {
        if (entry.state.isOpen() && nowMs >= entry.request.expiresAtMs())
        {
            close(entry, RequestState.EXPIRED, QuorumEvent.Kind.EXPIRED, nowMs, null, "expired at " +
                entry.request.expiresAtMs() + " ms");
        }
    }

    /** Cancels open requests made under a replaced policy set or by an initiator no longer active. */
    private void closeStale(final long nowMs)
    {
        final ArrayList<Entry> stale = new ArrayList<>();
        final ArrayList<String> reasons = new ArrayList<>();
        for (final Entry entry : open.values())
        {
            final Officer initiator = registry.find(entry.request.initiatorId());
            if (entry.request.policyVersion() != policySet.version())
            {
                stale.add(entry);
                reasons.add("policy set v" + entry.request.policyVersion() + " was replaced by v" + policySet.version());
            }
            else if (initiator == null || !initiator.isActive())
            {
                stale.add(entry);
                reasons.add("initiator " + entry.request.initiatorId() + " is no longer an active officer");
            }
        }
        for (int i = 0; i < stale.size(); i++)
        {
            close(stale.get(i), RequestState.CANCELLED, QuorumEvent.Kind.CANCELLED, nowMs, null, reasons.get(i));
        }
    }

    private void close(
        final Entry entry,
        final RequestState state,
        final QuorumEvent.Kind kind,
        final long nowMs,
        final SignedStatement statement,
        final String note)
    {
        close(entry, state, kind, nowMs, statement, null, note);
    }

    private void close(
        final Entry entry,
        final RequestState state,
        final QuorumEvent.Kind kind,
        final long nowMs,
        final SignedStatement statement,
        final PolicySet installed,
        final String note)
    {
        emit(kind, nowMs, entry.request.id(), null, statement, installed, note);
        entry.state = state;
        open.remove(entry.request.id());
    }

    private void emit(
        final QuorumEvent.Kind kind,
        final long nowMs,
        final String requestId,
        final QuorumRequest request,
        final SignedStatement statement,
        final PolicySet installed,
        final String note)
    {
        sink.append(QuorumEvent.of(kind, nowMs, requestId, request, statement, installed, note));
    }

    /** Applies one replayed event to memory, without checks beyond consistency and without writing. */
    private void apply(final QuorumEvent event)
    {
        if (event.kind() == QuorumEvent.Kind.SUBMITTED)
        {
            final QuorumRequest request = event.request();
            if (entries.containsKey(request.id()))
            {
                throw new IllegalStateException("events submit request " + request.id() + " twice");
            }
            final PolicySet set = policySet;
            QuorumPolicy policy = null;
            int required = Integer.MAX_VALUE;
            if (request.policyVersion() == set.version())
            {
                policy = set.policyFor(request.operation(), request.isBreakGlass());
                try
                {
                    required = set.requiredApprovals(request.operation(), request.isBreakGlass(), request.parameters());
                }
                catch (final IllegalArgumentException ex)
                {
                    policy = null;
                }
            }
            final Entry entry = new Entry(request, event.statement(), policy, required, set.ceremonyKind(request.operation()));
            entries.put(request.id(), entry);
            open.put(request.id(), entry);
            return;
        }
        if (event.kind() == QuorumEvent.Kind.BREAK_GLASS)
        {
            return;
        }
        final Entry entry = entries.get(event.requestId());
        if (entry == null)
        {
            throw new IllegalStateException("event " + event.kind() + " for request " + event.requestId() +
                " that was never submitted");
        }
        switch (event.kind())
        {
            case APPROVAL:
                entry.approvals.put(event.statement().officerId(), event.statement());
                break;
            case DENIAL:
                entry.denials.put(event.statement().officerId(), event.statement());
                break;
            case APPROVED:
                entry.state = RequestState.APPROVED;
                break;
            case DENIED:
                replayClose(entry, RequestState.DENIED);
                break;
            case CANCELLED:
                replayClose(entry, RequestState.CANCELLED);
                break;
            case EXPIRED:
                replayClose(entry, RequestState.EXPIRED);
                break;
            case EXECUTED:
                replayClose(entry, RequestState.EXECUTED);
                if (event.policySet() != null && event.policySet().version() > policySet.version())
                {
                    policySet = event.policySet();
                }
                break;
            default:
                throw new IllegalStateException("unexpected event kind " + event.kind());
        }
    }

    private void replayClose(final Entry entry, final RequestState state)
    {
        entry.state = state;
        open.remove(entry.request.id());
    }

    /** One request's mutable state. Guarded by the book's lock. */
    private static final class Entry
    {
        final QuorumRequest request;
        final SignedStatement submission;
        /** The policy it is decided under; null when replayed under a policy set no longer in force. */
        final QuorumPolicy policy;
        final int required;
        final String ceremonyKind;
        final LinkedHashMap<String, SignedStatement> approvals = new LinkedHashMap<>();
        final LinkedHashMap<String, SignedStatement> denials = new LinkedHashMap<>();
        RequestState state = RequestState.PENDING;

        Entry(
            final QuorumRequest request,
            final SignedStatement submission,
            final QuorumPolicy policy,
            final int required,
            final String ceremonyKind)
        {
            this.request = request;
            this.submission = submission;
            this.policy = policy;
            this.required = required;
            this.ceremonyKind = ceremonyKind;
        }

        RequestStatus status()
        {
            return new RequestStatus(request, state, new ArrayList<>(approvals.keySet()), new ArrayList<>(denials.keySet()),
                policy == null ? 0 : required, policy == null ? 0 : policy.denialThreshold());
        }
    }
}
