package com.orderguard.quorum;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.util.Objects;

import com.orderguard.quorum.json.CanonicalJson;
import com.orderguard.quorum.officer.Names;
import com.orderguard.quorum.officer.P256;

/**
 * The officer's side: signs statements with the officer's P-256 private key. The key may come
 * from a PKCS#12 file or live on a PKCS#11 token (SunPKCS11); give the token's provider when it
 * is not installed in the JCA provider list. Not thread-safe for a token key under concurrent
 * use; one signer per officer session is the intended use.
 * <p>
 * The signer trusts the request it is given: the officer must read {@link QuorumRequest#describe()}
 * and check its hash before signing, which is the whole point of signing a hash they can see.
 */
public final class ApprovalSigner
{
    private final String officerId;
    private final PrivateKey privateKey;
    private final Provider provider;

    public ApprovalSigner(final String officerId, final PrivateKey privateKey)
    {
        this(officerId, privateKey, null);
    }

    /**
     * @param provider the provider holding the key (e.g. a configured SunPKCS11), or null to let
     *                 the JCA pick one that accepts the key
     */
    public ApprovalSigner(final String officerId, final PrivateKey privateKey, final Provider provider)
    {
        this.officerId = Names.require(officerId, "officerId");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        if (!"EC".equals(privateKey.getAlgorithm()))
        {
            throw new IllegalArgumentException("officer " + officerId + ": signing key must be EC P-256, was " +
                privateKey.getAlgorithm());
        }
        this.provider = provider;
    }

    public String officerId()
    {
        return officerId;
    }

    /** Signs {@code decision} on the request with hash {@code requestHash} at {@code signedAtMs}. */
    public SignedStatement sign(final String requestHash, final Decision decision, final long signedAtMs)
        throws GeneralSecurityException
    {
        final String statement = SignedStatement.statementJson(requestHash, decision, officerId, signedAtMs);
        final Signature signer = provider == null ?
            Signature.getInstance(P256.SIGNATURE_ALGORITHM) : Signature.getInstance(P256.SIGNATURE_ALGORITHM, provider);
        signer.initSign(privateKey);
        signer.update(CanonicalJson.utf8(statement));
        return SignedStatement.of(requestHash, decision, officerId, signedAtMs, signer.sign());
    }

    public SignedStatement submit(final QuorumRequest request, final long signedAtMs) throws GeneralSecurityException
    {
        return sign(request.id(), Decision.SUBMIT, signedAtMs);
    }

    public SignedStatement approve(final QuorumRequest request, final long signedAtMs) throws GeneralSecurityException
    {
        return sign(request.id(), Decision.APPROVE, signedAtMs);
    }

    public SignedStatement deny(final QuorumRequest request, final long signedAtMs) throws GeneralSecurityException
    {
        return sign(request.id(), Decision.DENY, signedAtMs);
    }

    public SignedStatement cancel(final QuorumRequest request, final long signedAtMs) throws GeneralSecurityException
    {
        return sign(request.id(), Decision.CANCEL, signedAtMs);
    }
}
