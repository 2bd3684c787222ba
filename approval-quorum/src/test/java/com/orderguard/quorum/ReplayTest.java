package com.orderguard.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.policy.QuorumPolicy;

/** A restart rebuilds the book from its events: nothing lost, nothing executed twice. */
class ReplayTest
{
    private final QuorumFixture f = new QuorumFixture();

    private QuorumBook restarted(final RecordingSink newSink)
    {
        final QuorumBook book = new QuorumBook(QuorumConfig.defaults(), f.registry, f.policies, f.clock, newSink);
        book.replay(f.sink.viaJson());
        return book;
    }

    @Test
    void shouldRebuildPendingApprovedAndClosedRequests()
    {
        final QuorumRequest executed = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", executed);
        final ApprovalProof executedProof = f.approve("carol", executed).proof();
        assertTrue(f.book.claimExecution(executedProof).isAccepted());

        final QuorumRequest approved = f.submitted("limit.change", Parameters.of(Map.of("maxQuantity", 100L)), "bob");
        f.approve("carol", approved);
        final ApprovalProof approvedProof = f.approve("dave", approved).proof();

        final QuorumRequest pending = f.submitted("key.rotate", Parameters.of(Map.of("alias", "kek")), "alice");
        f.approve("bob", pending);

        final QuorumRequest cancelled = f.submitted("route.add", QuorumFixture.routeParameters("XPAR"), "erin");
        f.book.cancel(cancelled.id(), f.sign("erin", cancelled, Decision.CANCEL));

        final RecordingSink newSink = new RecordingSink();
        final QuorumBook book = restarted(newSink);

        assertEquals(RequestState.EXECUTED, book.status(executed.id()).state());
        assertEquals(RequestState.APPROVED, book.status(approved.id()).state());
        assertEquals(RequestState.PENDING, book.status(pending.id()).state());
        assertEquals(List.of("bob"), book.status(pending.id()).approverIds());
        assertEquals(RequestState.CANCELLED, book.status(cancelled.id()).state());
        assertEquals(0, newSink.size(), "replay writes nothing when nothing is stale");

        assertEquals(1, book.awaitingExecution().size());
        assertEquals(approvedProof.requestId(), book.awaitingExecution().get(0).requestId());
        assertTrue(book.awaitingExecution().get(0).verify("limit.change", approved.parameters(), f.registry, f.policies,
            f.nowMs()).isAccepted());
    }

    @Test
    void shouldNeverExecuteTwiceAcrossRestart()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        final ApprovalProof proof = f.approve("carol", request).proof();
        assertTrue(f.book.claimExecution(proof).isAccepted());

        final QuorumBook book = restarted(new RecordingSink());

        assertEquals(ReasonCode.ALREADY_EXECUTED, book.claimExecution(proof).reason());
        assertEquals(ReasonCode.ALREADY_EXECUTED, book.approve(request.id(), f.sign("dave", request, Decision.APPROVE)).reason());
        assertEquals(ReasonCode.DUPLICATE_REQUEST,
            book.submit(request, f.sign("alice", request, Decision.SUBMIT)).reason(), "a request is never reopened");
    }

    @Test
    void shouldExecuteApprovedRequestOnceAfterRestart()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        f.approve("carol", request); // the proof is lost in the crash

        final QuorumBook book = restarted(new RecordingSink());
        final ApprovalProof proof = book.awaitingExecution().get(0);

        assertTrue(book.claimExecution(proof).isAccepted());
        assertEquals(ReasonCode.ALREADY_EXECUTED, book.claimExecution(proof).reason());
        assertTrue(book.awaitingExecution().isEmpty());
    }

    @Test
    void shouldContinuePendingRequestAfterRestartWithoutLosingApprovals()
    {
        final QuorumRequest request = f.submitted("key.rotate", Parameters.of(Map.of("alias", "kek")), "alice");
        f.approve("bob", request);
        f.approve("carol", request);

        final RecordingSink newSink = new RecordingSink();
        final QuorumBook book = restarted(newSink);

        assertEquals(ReasonCode.DUPLICATE_DECISION,
            book.approve(request.id(), f.sign("bob", request, Decision.APPROVE)).reason());
        final Outcome third = book.approve(request.id(), f.sign("dave", request, Decision.APPROVE));
        assertNotNull(third.proof(), third.toString());
        assertEquals(List.of("bob", "carol", "dave"), third.proof().approvals().stream().map(SignedStatement::officerId).toList());
        final QuorumRequest second = f.draft("key.destroy", Parameters.of(Map.of("alias", "x")), "bob");
        assertEquals(ReasonCode.CEREMONY_IN_FLIGHT, book.submit(second, f.sign("bob", second, Decision.SUBMIT)).reason(),
            "the ceremony slot survives the restart");
    }

    @Test
    void shouldExpireAfterRestartWhatExpiredDuringDowntime()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.clock.advanceMs(QuorumPolicy.DEFAULT_TTL_MS + 1);

        final RecordingSink newSink = new RecordingSink();
        final QuorumBook book = restarted(newSink);

        assertEquals(1, book.expireDue());
        assertEquals(RequestState.EXPIRED, book.status(request.id()).state());
        assertEquals(List.of(QuorumEvent.Kind.EXPIRED), newSink.kinds());
    }

    @Test
    void shouldRefuseReplayIntoBookAlreadyInUse()
    {
        f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");

        assertThrows(IllegalStateException.class, () -> f.book.replay(f.sink.events()));
    }

    @Test
    void shouldRefuseEventsForRequestNeverSubmitted()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        final List<QuorumEvent> withoutSubmission = f.sink.events().subList(1, f.sink.size());
        final QuorumBook book = new QuorumBook(QuorumConfig.defaults(), f.registry, f.policies, f.clock, new RecordingSink());

        assertThrows(IllegalStateException.class, () -> book.replay(withoutSubmission));
    }

    @Test
    void shouldRoundTripEveryEventThroughItsJson()
    {
        final QuorumRequest request = f.submitted("route.add", QuorumFixture.routeParameters("XLON"), "alice");
        f.approve("bob", request);
        f.deny("carol", request);

        for (final QuorumEvent event : f.sink.events())
        {
            final QuorumEvent copy = QuorumEvent.fromJson(event.toJson());
            assertEquals(event.toJson(), copy.toJson());
            assertEquals(event.kind(), copy.kind());
        }
        assertNull(f.sink.events().get(1).request());
        assertEquals("bob", f.sink.events().get(1).statement().officerId());
    }
}
