package com.orderguard.core.quorum;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.orderguard.quorum.ApprovalProof;
import com.orderguard.quorum.Outcome;
import com.orderguard.quorum.QuorumBook;
import com.orderguard.quorum.QuorumClock;
import com.orderguard.quorum.QuorumConfig;
import com.orderguard.quorum.QuorumEvent;
import com.orderguard.quorum.QuorumEventSink;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.ReasonCode;
import com.orderguard.quorum.RequestStatus;
import com.orderguard.quorum.SignedStatement;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.quorum.officer.P256;
import com.orderguard.quorum.policy.PolicySet;
import com.orderguard.quorum.policy.QuorumPolicy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The appliance's side of the approval quorum: it owns the request book, journals every event
 * the book emits before the call that caused it returns (so an approval is acknowledged only once
 * it is durable), rebuilds the book from the journal at start, and executes an operation exactly
 * once when its quorum is reached — after verifying the proof itself against the exact operation
 * and parameters it is about to carry out.
 * <p>
 * Officers and the initial policy set are enrolled at initialisation into {@code quorum/} in the
 * data directory; later policy changes live in the journal and are replayed.
 */
public final class QuorumService
{
    public static final String OFFICERS_FILE = "officers.json";
    public static final String POLICIES_FILE = "policies.json";

    /** Operations that refuse to be requested because nothing in this appliance can execute them yet. */
    private final Map<String, GatedOperation> operations = new LinkedHashMap<>();
    private final QuorumBook book;
    private final QuorumClock clock;
    private final Path quorumDir;

    /**
     * @param sink    journals one event durably or throws: the book then stops and the call fails
     * @param history the events journaled so far, oldest first
     */
    public QuorumService(
        final QuorumConfig config, final Path quorumDir, final QuorumClock clock, final QuorumEventSink sink,
        final Iterable<QuorumEvent> history, final List<GatedOperation> gated) throws IOException
    {
        this.clock = clock;
        this.quorumDir = quorumDir;
        for (final GatedOperation operation : gated)
        {
            operations.put(operation.operation(), operation);
        }
        this.book = new QuorumBook(config, loadOfficers(quorumDir), loadPolicies(quorumDir), clock, sink);
        book.replay(history);
    }

    /** A request enters the book with its initiator's signed SUBMIT. */
    public Result submit(final String requestJson, final String submissionJson)
    {
        final QuorumRequest request = QuorumRequest.fromJson(requestJson);
        if (!request.operation().equals(QuorumPolicy.POLICY_CHANGE))
        {
            final GatedOperation operation = operations.get(request.operation());
            if (operation == null)
            {
                return refusal(request.id(), "operation " + request.operation() + " cannot be executed by this appliance; " +
                    "executable: " + executable());
            }
            final String invalid = operation.validate(request.parameters());
            if (invalid != null)
            {
                return Result.refused(ReasonCode.INVALID_REQUEST.name(), request.operation() + ": " + invalid, request.id());
            }
        }
        return Result.of(book.submit(request, SignedStatement.fromJson(submissionJson)));
    }

    /** An approval; when it completes the quorum, the operation is executed before this returns. */
    public Decided approve(final String requestId, final String statementJson)
    {
        final Outcome outcome = book.approve(requestId, SignedStatement.fromJson(statementJson));
        return new Decided(Result.of(outcome), outcome.proof() == null ? null : execute(outcome.proof()));
    }

    public Result deny(final String requestId, final String statementJson)
    {
        return Result.of(book.deny(requestId, SignedStatement.fromJson(statementJson)));
    }

    public Result cancel(final String requestId, final String statementJson)
    {
        return Result.of(book.cancel(requestId, SignedStatement.fromJson(statementJson)));
    }

    /**
     * Executes an approved request: the proof is verified here, against the operation and
     * parameters the appliance is about to carry out, then the one execution is claimed.
     */
    public Result execute(final ApprovalProof proof)
    {
        final QuorumRequest request = proof.request();
        if (request.operation().equals(QuorumPolicy.POLICY_CHANGE))
        {
            return Result.of(book.applyPolicyChange(proof));
        }
        final GatedOperation operation = operations.get(request.operation());
        if (operation == null)
        {
            return refusal(request.id(), "no executor for " + request.operation());
        }
        if (operation instanceof SelfVerifyingOperation)
        {
            final String blocked = operation.precondition(request.parameters());
            if (blocked != null)
            {
                return refusal(request.id(), "approved but not executable now: " + blocked + " (it stays APPROVED; retry execution)");
            }
            try
            {
                final String done = ((SelfVerifyingOperation)operation).execute(proof);
                return new Result(true, "ACCEPTED", done, request.id(), "EXECUTED");
            }
            catch (final com.orderguard.custody.lifecycle.ApprovalRefusedException ex)
            {
                return Result.refused(ex.reason(), ex.getMessage(), request.id());
            }
            catch (final Exception ex)
            {
                return Result.refused("EXECUTION_FAILED", request.operation() + " failed: " + ex.getMessage(), request.id());
            }
        }
        final Outcome verified = proof.verify(
            request.operation(), request.parameters(), book.registry(), book.policySet(), clock.epochMs());
        if (!verified.isAccepted())
        {
            return Result.of(verified);
        }
        final String blocked = operation.precondition(request.parameters());
        if (blocked != null)
        {
            return refusal(request.id(), "approved but not executable now: " + blocked + " (it stays APPROVED; retry execution)");
        }
        final Outcome claimed = book.claimExecution(proof);
        if (!claimed.isAccepted())
        {
            return Result.of(claimed);
        }
        final String done = operation.execute(request.parameters());
        return new Result(true, claimed.reason().name(), done, request.id(), "EXECUTED");
    }

    /** Retries execution of approved requests whose precondition was not met when approved. */
    public List<Result> executeAwaiting()
    {
        final List<Result> outcomes = new ArrayList<>();
        for (final ApprovalProof proof : book.awaitingExecution())
        {
            outcomes.add(execute(proof));
        }
        return outcomes;
    }

    public int expireDue()
    {
        return book.expireDue();
    }

    public RequestStatus status(final String requestId)
    {
        return book.status(requestId);
    }

    public List<RequestStatus> openRequests()
    {
        return book.openRequests();
    }

    /** The book, for modules that claim their executions in it themselves (key custody). */
    public QuorumBook book()
    {
        return book;
    }

    public OfficerRegistry registry()
    {
        return book.registry();
    }

    public PolicySet policySet()
    {
        return book.policySet();
    }

    public Set<String> executable()
    {
        final Set<String> names = new TreeSet<>(operations.keySet());
        names.add(QuorumPolicy.POLICY_CHANGE);
        return names;
    }

    private static Result refusal(final String requestId, final String message)
    {
        return Result.refused(ReasonCode.UNKNOWN_OPERATION.name(), message, requestId);
    }

    /** An approval's outcome and, when it completed the quorum, the execution's outcome. */
    public record Decided(Result approval, Result execution)
    {
    }

    // --- enrolment files -------------------------------------------------------------------

    /** Writes the officers enrolled at initialisation and the initial policy set. Refuses to overwrite. */
    public static void enrol(final Path quorumDir, final OfficerRegistry officers, final PolicySet policies) throws IOException
    {
        Files.createDirectories(quorumDir);
        if (Files.exists(quorumDir.resolve(OFFICERS_FILE)))
        {
            throw new IllegalStateException("officers are already enrolled in " + quorumDir);
        }
        writeOfficers(quorumDir, officers);
        Files.writeString(quorumDir.resolve(POLICIES_FILE), policies.toJson(), StandardCharsets.UTF_8);
    }

    /**
     * Puts a new officer registry in force (an executed officer.add or officer.revoke): written to
     * disk first, atomically, then handed to the book, which stops counting a revoked officer's
     * approvals and cancels their open requests.
     */
    public synchronized void replaceOfficers(final OfficerRegistry next) throws IOException
    {
        if (next.version() <= book.registry().version())
        {
            throw new IllegalArgumentException("officer registry version must increase");
        }
        writeOfficers(quorumDir, next);
        book.replaceRegistry(next);
    }

    private static void writeOfficers(final Path quorumDir, final OfficerRegistry officers) throws IOException
    {
        final JsonArray list = new JsonArray();
        for (final Officer officer : officers.officers())
        {
            list.add(new JsonObject()
                .put("id", officer.id())
                .put("displayName", officer.displayName())
                .put("roles", new JsonArray(new ArrayList<>(officer.roles())))
                .put("publicKeyPem", P256.toPem(officer.publicKey()))
                .put("fingerprint", officer.keyFingerprint())
                .put("state", officer.state().name()));
        }
        final Path file = quorumDir.resolve(OFFICERS_FILE);
        final Path temp = quorumDir.resolve(OFFICERS_FILE + ".new");
        Files.writeString(temp, new JsonObject().put("version", officers.version()).put("officers", list).encodePrettily(),
            StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE))
        {
            channel.force(true);
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public static OfficerRegistry loadOfficers(final Path quorumDir) throws IOException
    {
        final Path file = quorumDir.resolve(OFFICERS_FILE);
        if (!Files.exists(file))
        {
            throw new IllegalStateException("no officers enrolled (" + file + " is missing): run 'appliance init' with --officer");
        }
        final JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        final List<Officer> officers = new ArrayList<>();
        for (final Object entry : json.getJsonArray("officers"))
        {
            final JsonObject o = (JsonObject)entry;
            final Set<String> roles = new TreeSet<>();
            o.getJsonArray("roles").forEach(role -> roles.add((String)role));
            final Officer officer = Officer.active(o.getString("id"), o.getString("displayName"), roles,
                P256.decodePem(o.getString("publicKeyPem"), "officer " + o.getString("id")));
            officers.add("REVOKED".equals(o.getString("state")) ? officer.revoked() : officer);
        }
        return OfficerRegistry.of(json.getLong("version"), officers);
    }

    public static PolicySet loadPolicies(final Path quorumDir) throws IOException
    {
        return PolicySet.fromJson(Files.readString(quorumDir.resolve(POLICIES_FILE), StandardCharsets.UTF_8));
    }

    /** The journal kind's subtype for an event: its kind's ordinal + 1 (0 is never used). */
    public static int subtypeOf(final QuorumEvent event)
    {
        return event.kind().ordinal() + 1;
    }
}
