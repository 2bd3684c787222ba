package com.orderguard.core.control;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.orderguard.hsm.SoftHsm2Token;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;
import com.orderguard.testsupport.SoftHsmFixture;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Logging in by signing a challenge, and the tokens that follow: signed in a real SoftHSM token,
 * verified with its public key alone; every forgery, replay, expiry and revocation refused with its
 * reason code.
 */
class LoginsTest
{
    private final AtomicLong nowMs = new AtomicLong(1_800_000_000_000L);
    private final AtomicReference<OfficerRegistry> registry = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean destroyed = new java.util.concurrent.atomic.AtomicBoolean();
    private KeyPair tokenKey;
    private KeyPair carol;
    private Logins logins;
    private SessionTokens tokens;

    @BeforeEach
    void setUp() throws Exception
    {
        final SecureRandom random = new SecureRandom();
        final char[] userPin = Long.toHexString(random.nextLong()).toCharArray();
        final SoftHsm2Token token = SoftHsmFixture.newToken("logins", Long.toHexString(random.nextLong()).toCharArray(), userPin);
        final Provider provider = token.newProvider();
        KeyStore.getInstance("PKCS11", provider).load(null, userPin);
        final KeyPairGenerator inToken = KeyPairGenerator.getInstance("EC", provider);
        inToken.initialize(new ECGenParameterSpec("secp256r1"));
        tokenKey = inToken.generateKeyPair();
        assertNull(tokenKey.getPrivate().getEncoded(), "the token key stays in the token");
        final KeyPairGenerator jce = KeyPairGenerator.getInstance("EC");
        jce.initialize(new ECGenParameterSpec("secp256r1"));
        carol = jce.generateKeyPair();
        registry.set(OfficerRegistry.empty().register(Officer.active("carol", "Carol", Set.of(AccessRoles.COMPLIANCE_SEARCH), carol.getPublic())));
        tokens = new SessionTokens(data ->
        {
            try
            {
                final Signature signature = Signature.getInstance("SHA256withECDSA", provider);
                signature.initSign(tokenKey.getPrivate());
                signature.update(data);
                return signature.sign();
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }, () -> "control-token-signing.v1", alias -> alias.equals("control-token-signing.v1") ? tokenKey.getPublic() : null,
            alias -> !destroyed.get(), nowMs::get, 900_000);
        logins = new Logins(registry::get, tokens, nowMs::get);
    }

    @Test
    void shouldIssueATokenForASignedChallengeThatVerifiesWithThePublicKeyAlone() throws Exception
    {
        final String token = login("carol", carol.getPrivate());
        final SessionTokens.Session session = logins.authenticate(token);
        assertEquals("carol", session.principal());
        assertTrue(logins.holds("carol", AccessRoles.COMPLIANCE_SEARCH));
        assertFalse(logins.holds("carol", AccessRoles.COMPLIANCE_READ_CONTENT), "roles come from the registry, not the token");
        assertNotEquals(session.sessionId(), logins.authenticate(login("carol", carol.getPrivate())).sessionId(), "a session per login");
    }

    @Test
    void shouldRefuseAWrongKeyAReplayedChallengeAndAChallengeIssuedToSomeoneElse() throws Exception
    {
        final KeyPairGenerator jce = KeyPairGenerator.getInstance("EC");
        jce.initialize(new ECGenParameterSpec("secp256r1"));
        assertRefused("BAD_SIGNATURE", () -> login("carol", jce.generateKeyPair().getPrivate()));

        final String challenge = logins.challenge("carol");
        final byte[] signature = sign(carol.getPrivate(), Logins.loginMessage("carol", challenge));
        logins.login("carol", challenge, signature);
        assertRefused("BAD_CHALLENGE", () -> logins.login("carol", challenge, signature));

        final String mallory = logins.challenge("mallory");
        assertRefused("BAD_CHALLENGE", () -> logins.login("carol", mallory, sign(carol.getPrivate(), Logins.loginMessage("carol", mallory))));
        final String late = logins.challenge("carol");
        nowMs.addAndGet(Logins.CHALLENGE_TTL_MS);
        assertRefused("BAD_CHALLENGE", () -> logins.login("carol", late, sign(carol.getPrivate(), Logins.loginMessage("carol", late))));
        assertRefused("UNKNOWN_PRINCIPAL", () -> login("nobody", carol.getPrivate()));
    }

    @Test
    void shouldRefuseAForgedAnExpiredAndARevokedPrincipalsToken() throws Exception
    {
        final String token = login("carol", carol.getPrivate());
        final int dot = token.lastIndexOf('.');
        final String forgedClaims = "ogt1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
            new String(Base64.getUrlDecoder().decode(token.substring(5, dot)), StandardCharsets.UTF_8).replace("carol", "alice")
                .getBytes(StandardCharsets.UTF_8));
        assertRefused("BAD_TOKEN", () -> logins.authenticate(forgedClaims + token.substring(dot)));
        assertRefused("BAD_TOKEN", () -> logins.authenticate(token.substring(0, dot) + ".AAAA"));
        assertRefused("BAD_TOKEN", () -> logins.authenticate("garbage"));
        final KeyPairGenerator jce = KeyPairGenerator.getInstance("EC");
        jce.initialize(new ECGenParameterSpec("secp256r1"));
        final PrivateKey stranger = jce.generateKeyPair().getPrivate();
        final String selfSigned = token.substring(0, dot) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
            sign(stranger, token.substring(0, dot).getBytes(StandardCharsets.US_ASCII)));
        assertRefused("BAD_TOKEN", () -> logins.authenticate(selfSigned));

        nowMs.addAndGet(tokens.ttlMs());
        assertRefused("EXPIRED_TOKEN", () -> logins.authenticate(token));

        final String fresh = login("carol", carol.getPrivate());
        destroyed.set(true);
        assertRefused("BAD_TOKEN", () -> logins.authenticate(fresh)); // its signing key destroyed: no token of it verifies
        destroyed.set(false);
        registry.set(registry.get().revoke("carol"));
        assertRefused("UNKNOWN_PRINCIPAL", () -> logins.authenticate(fresh));
        assertFalse(logins.holds("carol", AccessRoles.COMPLIANCE_SEARCH));
    }

    private String login(final String principal, final PrivateKey key) throws Exception
    {
        final String challenge = logins.challenge(principal);
        return logins.login(principal, challenge, sign(key, Logins.loginMessage(principal, challenge)));
    }

    private static byte[] sign(final PrivateKey key, final byte[] message) throws Exception
    {
        final Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(key);
        signature.update(message);
        return signature.sign();
    }

    private static void assertRefused(final String reason, final org.junit.jupiter.api.function.Executable action)
    {
        final SecurityException refused = assertThrows(SecurityException.class, action);
        assertTrue(refused.getMessage().startsWith(reason + ":"), refused.getMessage());
    }
}
