package com.orderguard.core.quorum;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Arrays;

import com.orderguard.custody.KeyCustody;
import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.quorum.Decision;
import com.orderguard.quorum.QuorumClock;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.RequestState;
import com.orderguard.quorum.RequestStatus;
import com.orderguard.quorum.SignedStatement;
import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.SystemPrincipal;

/**
 * The appliance as a quorum initiator: it drafts the exact {@code key.rotate} request custody will verify,
 * signs its SUBMIT in the token with the ACTIVE quorum-initiator key, and submits it through the
 * {@link QuorumService} like any officer's request. No special path: the book and custody check the
 * signature against the officer registry, and the reserved role lets it submit key.rotate and nothing
 * else, and never approve (see {@code SystemPrincipal}).
 * <p>
 * It submits only as an active registry entry with the role {@value SystemPrincipal#ROLE} whose key is
 * the token's ACTIVE quorum-initiator key; with none (never enrolled, revoked, or that key rotated since
 * its enrolment) it submits nothing and says so.
 */
public final class SystemInitiator implements RotationReminders.Initiator
{
    private final QuorumService quorum;
    private final KeyCustody custody;
    private final QuorumClock clock;
    private final SecureRandom random = new SecureRandom();

    public SystemInitiator(final QuorumService quorum, final KeyCustody custody, final QuorumClock clock)
    {
        this.quorum = quorum;
        this.custody = custody;
        this.clock = clock;
    }

    /** The active system principal holding the token's ACTIVE quorum-initiator key, or null. */
    public Officer principal() throws IOException
    {
        final byte[] tokenKey = custody.activePublicKey(KeyPurpose.QUORUM_INITIATOR).getEncoded();
        for (final Officer officer : quorum.registry().officers())
        {
            if (officer.isActive() && SystemPrincipal.is(officer) && Arrays.equals(officer.publicKey().getEncoded(), tokenKey))
            {
                return officer;
            }
        }
        return null;
    }

    @Override
    public Result submit(final KeyRecord key)
    {
        try
        {
            final Officer principal = principal();
            if (principal == null)
            {
                return Result.refused("NO_SYSTEM_PRINCIPAL", "no active officer with role " + SystemPrincipal.ROLE +
                    " holds the token's ACTIVE " + KeyPurpose.QUORUM_INITIATOR.label() + " key (officers enrol it with" +
                    " officer.add)", null);
            }
            if (custody.isSealed())
            {
                return Result.refused("SEALED", "the quorum-initiator key is out of reach while sealed", null);
            }
            final long nowMs = clock.epochMs();
            final QuorumRequest request = QuorumRequest.draft(KeyOperations.ROTATE, KeyOperations.rotate(key.purpose(), key),
                principal.id(), false, quorum.policySet(), nowMs, random);
            final byte[] signature = custody.sign(KeyPurpose.QUORUM_INITIATOR,
                CanonicalJson.utf8(SignedStatement.statementJson(request.id(), Decision.SUBMIT, principal.id(), nowMs)));
            return quorum.submit(request.canonicalJson(),
                SignedStatement.of(request.id(), Decision.SUBMIT, principal.id(), nowMs, signature).toJson());
        }
        catch (final IOException | RuntimeException ex)
        {
            return Result.refused("NOT_SUBMITTED", "the appliance could not submit the rotation of " + key.alias() + ": " +
                ex.getMessage(), null);
        }
    }

    @Override
    public boolean stands(final String requestId)
    {
        final RequestStatus status = quorum.status(requestId);
        return status != null && status.state() != RequestState.EXPIRED && status.state() != RequestState.CANCELLED;
    }
}
