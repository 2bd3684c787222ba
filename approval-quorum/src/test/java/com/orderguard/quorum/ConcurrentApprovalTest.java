package com.orderguard.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.orderguard.quorum.json.Parameters;

/** Approvals that cross the threshold together yield one proof, and one execution. */
class ConcurrentApprovalTest
{
    private static final int ROUNDS = 40;
    private static final String[] APPROVERS = {"bob", "carol", "dave", "erin"};

    private final ExecutorService pool = Executors.newFixedThreadPool(APPROVERS.length);

    @AfterEach
    void stopPool() throws InterruptedException
    {
        pool.shutdownNow();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldYieldExactlyOneProofWhenApprovalsRaceAcrossTheThreshold() throws Exception
    {
        final QuorumFixture f = new QuorumFixture();
        for (int round = 0; round < ROUNDS; round++)
        {
            // key.rotate needs 3 of the 4 racing approvals; one key ceremony at a time, so execute each round
            final QuorumRequest request = f.submitted("key.rotate", Parameters.of(java.util.Map.of("round", (long)round)), "alice");
            final List<SignedStatement> approvals = new ArrayList<>();
            for (final String approver : APPROVERS)
            {
                approvals.add(f.sign(approver, request, Decision.APPROVE));
            }
            final CountDownLatch start = new CountDownLatch(1);
            final List<Future<Outcome>> outcomes = new ArrayList<>();
            for (final SignedStatement approval : approvals)
            {
                outcomes.add(pool.submit(() ->
                {
                    start.await();
                    return f.book.approve(request.id(), approval);
                }));
            }
            start.countDown();

            int proofs = 0;
            int accepted = 0;
            ApprovalProof proof = null;
            for (final Future<Outcome> outcome : outcomes)
            {
                final Outcome result = outcome.get(10, TimeUnit.SECONDS);
                accepted += result.isAccepted() ? 1 : 0;
                if (result.proof() != null)
                {
                    proofs++;
                    proof = result.proof();
                }
                else if (!result.isAccepted())
                {
                    assertEquals(ReasonCode.ALREADY_APPROVED, result.reason(), result.toString());
                }
            }
            assertEquals(1, proofs, "round " + round + ": exactly one proof");
            assertEquals(3, accepted, "round " + round + ": exactly the threshold of approvals recorded");
            assertEquals(3, proof.approvals().size());

            final ApprovalProof racedProof = proof;
            final List<Future<Outcome>> claims = new ArrayList<>();
            for (int i = 0; i < APPROVERS.length; i++)
            {
                claims.add(pool.submit(() -> f.book.claimExecution(racedProof)));
            }
            int executed = 0;
            for (final Future<Outcome> claim : claims)
            {
                executed += claim.get(10, TimeUnit.SECONDS).isAccepted() ? 1 : 0;
            }
            assertEquals(1, executed, "round " + round + ": exactly one execution");
        }
        final long approvedEvents = f.sink.events().stream().filter(e -> e.kind() == QuorumEvent.Kind.APPROVED).count();
        final long executedEvents = f.sink.events().stream().filter(e -> e.kind() == QuorumEvent.Kind.EXECUTED).count();
        assertEquals(ROUNDS, approvedEvents);
        assertEquals(ROUNDS, executedEvents);
    }
}
