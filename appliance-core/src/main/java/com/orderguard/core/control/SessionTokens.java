package com.orderguard.core.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Short-lived bearer tokens for control-plane users (compliance staff, ops), signed once at login
 * by the HSM's ACTIVE control-plane token key and verified on every request in the JCE with its
 * public key: no HSM call per request, and nothing secret on the appliance's side of a token.
 * <p>
 * Token: {@code ogt1.<base64url claims JSON>.<base64url DER ECDSA signature>}, the signature
 * (SHA256withECDSA) over the ASCII text before the last dot. Claims: {@code sub} (the principal),
 * {@code sid} (a fresh session id), {@code kid} (the key alias that signed), {@code iat}, {@code exp}
 * (epoch ms). A token says who and which session, nothing more: what the holder may do is read from
 * the officer registry on each request, so a revocation or a role change applies at once.
 */
public final class SessionTokens
{
    private static final String PREFIX = "ogt1.";
    private static final String ALGORITHM = "SHA256withECDSA";

    /** A verified token. */
    public record Session(String principal, String sessionId, long expiresAtMs)
    {
    }

    /** Signs in the token with the ACTIVE control-plane token key; returns the DER signature. */
    @FunctionalInterface
    public interface TokenSigner
    {
        byte[] sign(byte[] data);
    }

    private final TokenSigner signer;
    private final java.util.function.Supplier<String> activeKeyAlias;
    private final Function<String, PublicKey> publicKeys;
    private final java.util.function.Predicate<String> stillVerifies;
    private final LongSupplier clockMs;
    private final long ttlMs;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, PublicKey> verifiedKeys = new ConcurrentHashMap<>();

    /**
     * @param activeKeyAlias the alias of the ACTIVE control-plane token key (null when there is none).
     * @param publicKeys     the public key of a token key alias still valid for verification, or null (read once, then cached).
     * @param stillVerifies  whether tokens signed by an alias are still accepted (checked on every request: a
     *                       destroyed or compromised key stops verifying at once).
     */
    public SessionTokens(
        final TokenSigner signer, final java.util.function.Supplier<String> activeKeyAlias, final Function<String, PublicKey> publicKeys,
        final java.util.function.Predicate<String> stillVerifies, final LongSupplier clockMs, final long ttlMs)
    {
        this.stillVerifies = stillVerifies;
        this.signer = signer;
        this.activeKeyAlias = activeKeyAlias;
        this.publicKeys = publicKeys;
        this.clockMs = clockMs;
        this.ttlMs = ttlMs;
    }

    /** A new session's token for {@code principal}. Calls the HSM once. */
    public String issue(final String principal)
    {
        final String kid = activeKeyAlias.get();
        if (kid == null)
        {
            throw new IllegalStateException("there is no ACTIVE control-token-signing key: a quorum must rotate one in " +
                "(key.rotate {\"purpose\":\"control-token-signing\",\"current\":\"\"})");
        }
        final byte[] sid = new byte[16];
        random.nextBytes(sid);
        final long now = clockMs.getAsLong();
        final String claims = new JsonObject().put("sub", principal).put("sid", HexFormat.of().formatHex(sid)).put("kid", kid)
            .put("iat", now).put("exp", now + ttlMs).encode();
        final String signed = PREFIX + b64(claims.getBytes(StandardCharsets.UTF_8));
        return signed + "." + b64(signer.sign(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * @return the session, or throws {@link SecurityException} saying why the token is refused
     *         (malformed, unknown key, bad signature, expired).
     */
    public Session verify(final String token)
    {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 4096)
        {
            throw new SecurityException("BAD_TOKEN: not an ogt1 token");
        }
        final int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length())
        {
            throw new SecurityException("BAD_TOKEN: malformed");
        }
        final JsonObject claims;
        final byte[] signature;
        try
        {
            claims = new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length(), dot)), StandardCharsets.UTF_8));
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        }
        catch (final IllegalArgumentException | DecodeException ex)
        {
            throw new SecurityException("BAD_TOKEN: malformed");
        }
        final String kid = claims.getValue("kid") instanceof String k ? k : null;
        final PublicKey key = kid == null || !stillVerifies.test(kid) ? null : verifiedKeys.computeIfAbsent(kid, publicKeys);
        if (key == null)
        {
            throw new SecurityException("BAD_TOKEN: signed by no key this appliance verifies with (" + kid + ")");
        }
        try
        {
            final Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(signature))
            {
                throw new SecurityException("BAD_TOKEN: the signature does not verify");
            }
        }
        catch (final GeneralSecurityException ex)
        {
            throw new SecurityException("BAD_TOKEN: the signature does not verify");
        }
        final String principal = claims.getValue("sub") instanceof String s ? s : null;
        final String session = claims.getValue("sid") instanceof String s ? s : null;
        final long expires = claims.getValue("exp") instanceof Number n ? n.longValue() : 0;
        if (principal == null || session == null)
        {
            throw new SecurityException("BAD_TOKEN: no principal or session");
        }
        if (clockMs.getAsLong() >= expires)
        {
            throw new SecurityException("EXPIRED_TOKEN: session " + session + " of " + principal + " expired");
        }
        return new Session(principal, session, expires);
    }

    public long ttlMs()
    {
        return ttlMs;
    }

    private static String b64(final byte[] bytes)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
