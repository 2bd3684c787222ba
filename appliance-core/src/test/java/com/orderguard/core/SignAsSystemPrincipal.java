package com.orderguard.core;

import java.nio.file.Path;
import java.util.Base64;

import com.orderguard.custody.KeyCustody;
import com.orderguard.custody.ShareOutcome;
import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.quorum.Decision;
import com.orderguard.quorum.SignedStatement;
import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.officer.SystemPrincipal;

/**
 * What an attacker who reached the appliance's token could sign: a statement by the system principal,
 * signed in the token with its genuine quorum-initiator key. Run in its own JVM (SoftHSM takes one
 * configuration per process) against a test appliance's custody: unseals with the shares given, signs
 * {@code decision} on {@code requestHash}, prints {@code STATEMENT <json>}.
 * <p>
 * Usage: {@code config requestHash decision signedAtMs share...}
 */
public final class SignAsSystemPrincipal
{
    private SignAsSystemPrincipal()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String requestHash = args[1];
        final Decision decision = Decision.valueOf(args[2]);
        final long signedAtMs = Long.parseLong(args[3]);
        try (KeyCustody custody = new KeyCustody(ApplianceConfig.load(Path.of(args[0])).custody()))
        {
            ShareOutcome outcome = null;
            for (int i = 4; i < args.length; i++)
            {
                outcome = custody.offerShare(args[i]);
            }
            if (outcome == null || outcome.status() != ShareOutcome.Status.UNSEALED)
            {
                throw new IllegalStateException("not unsealed: " + outcome);
            }
            final byte[] signature = custody.sign(KeyPurpose.QUORUM_INITIATOR, CanonicalJson.utf8(
                SignedStatement.statementJson(requestHash, decision, SystemPrincipal.ID, signedAtMs)));
            System.out.println("STATEMENT " +
                SignedStatement.of(requestHash, decision, SystemPrincipal.ID, signedAtMs, signature).toJson());
            System.out.println("signature " + Base64.getEncoder().encodeToString(signature).length() + " chars");
        }
    }
}
