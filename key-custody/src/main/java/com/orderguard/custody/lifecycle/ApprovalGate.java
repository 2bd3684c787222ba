package com.orderguard.custody.lifecycle;

import com.orderguard.quorum.ApprovalProof;
import com.orderguard.quorum.Outcome;
import com.orderguard.quorum.QuorumBook;
import com.orderguard.quorum.json.Parameters;

import java.time.Clock;

/**
 * Key custody's own check of an approval proof; it trusts nothing its caller says. For each act it
 * rebuilds the operation and parameters from what it is about to do ({@link KeyOperations}), verifies the
 * proof against the quorum book's officer registry and policy set at its own clock's now, and claims the
 * execution in the book (once per request, ever) before acting. Execution is at most once: if the act
 * then fails, officers raise a new request.
 */
public final class ApprovalGate
{
    private final QuorumBook book;
    private final Clock clock;

    public ApprovalGate(final QuorumBook book, final Clock clock)
    {
        this.book = book;
        this.clock = clock;
    }

    /** Returns when {@code proof} approves exactly {@code operation} with {@code parameters} now and the claim succeeded. */
    public void authorise(final ApprovalProof proof, final String operation, final Parameters parameters)
    {
        if (null == proof)
        {
            throw new ApprovalRefusedException("NO_PROOF", operation + " " + parameters.canonicalJson() +
                " needs a quorum's approval proof; none was given");
        }
        final Outcome verified = proof.verify(operation, parameters, book.registry(), book.policySet(), clock.millis());
        if (!verified.isAccepted())
        {
            throw new ApprovalRefusedException(verified.reason().name(), operation + " refused: " + verified.message());
        }
        final Outcome claimed = book.claimExecution(proof);
        if (!claimed.isAccepted())
        {
            throw new ApprovalRefusedException(claimed.reason().name(), operation + " refused: " + claimed.message());
        }
    }
}
