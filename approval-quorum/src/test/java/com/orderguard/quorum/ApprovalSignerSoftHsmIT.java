package com.orderguard.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.orderguard.quorum.json.Parameters;
import com.orderguard.quorum.officer.Officer;
import com.orderguard.quorum.officer.OfficerRegistry;

/**
 * An officer whose key lives on a PKCS#11 token (SoftHSM2 through SunPKCS11, non-extractable)
 * signs approvals the book accepts: the signer works with a token key, not only a file key.
 * The token is made fresh, with random PINs, in the directory Failsafe names in SOFTHSM2_CONF.
 */
class ApprovalSignerSoftHsmIT
{
    private static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final Pattern REASSIGNED = Pattern.compile("reassigned to slot (\\d+)");

    private static Provider token;
    private static KeyPair tokenKeys;

    @BeforeAll
    static void makeTokenAndKey() throws Exception
    {
        final String confPath = System.getenv("SOFTHSM2_CONF");
        assertNotNull(confPath, "SOFTHSM2_CONF must be set for this test (the Failsafe configuration does it)");
        final Path conf = Path.of(confPath);
        final Path dir = conf.getParent();
        deleteTree(dir);
        final Path tokens = Files.createDirectories(dir.resolve("tokens"));
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");

        final SecureRandom random = new SecureRandom();
        final String pin = randomPin(random);
        final Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", "quorum-it",
            "--so-pin", randomPin(random), "--pin", pin).redirectErrorStream(true).start();
        init.getOutputStream().close();
        final String output = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, init.waitFor(), output);
        final Matcher slot = REASSIGNED.matcher(output);
        assertTrue(slot.find(), output);

        token = Security.getProvider("SunPKCS11").configure("--name=QuorumIT\n" +
            "library=" + LIBRARY + "\n" +
            "slot=" + slot.group(1) + "\n" +
            "attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {\n" +
            "  CKA_SENSITIVE = true\n" +
            "  CKA_EXTRACTABLE = false\n" +
            "}\n");
        KeyStore.getInstance("PKCS11", token).load(null, pin.toCharArray());
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", token);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        tokenKeys = generator.generateKeyPair();
    }

    @Test
    void shouldAcceptApprovalsSignedByTokenKeyThatNeverLeavesTheToken() throws Exception
    {
        assertNull(tokenKeys.getPrivate().getEncoded(), "the private key is sensitive: the token keeps it");
        final QuorumFixture f = new QuorumFixture();
        final OfficerRegistry registry = OfficerRegistry.empty()
            .register(f.registry.find("alice"))
            .register(f.registry.find("carol"))
            .register(Officer.active("hsm-bob", "Bob on a token", Set.of(QuorumFixture.OFFICER_ROLE), tokenKeys.getPublic()));
        final QuorumBook book = new QuorumBook(QuorumConfig.defaults(), registry, f.policies, f.clock, f.sink);
        final Parameters parameters = Parameters.of(Map.of("venue", "XLON", "maxQuantity", 100L));
        final QuorumRequest request = f.draft("limit.change", parameters, "alice");
        assertTrue(book.submit(request, f.sign("alice", request, Decision.SUBMIT)).isAccepted());

        final ApprovalSigner tokenSigner = new ApprovalSigner("hsm-bob", tokenKeys.getPrivate(), token);
        final Outcome first = book.approve(request.id(), tokenSigner.approve(request, f.nowMs()));
        final Outcome second = book.approve(request.id(), f.sign("carol", request, Decision.APPROVE));

        assertTrue(first.isAccepted(), first.toString());
        assertNotNull(second.proof(), second.toString());
        assertTrue(second.proof().verify("limit.change", parameters, registry, f.policies, f.nowMs()).isAccepted());
    }

    @Test
    void shouldRefuseTokenSignatureClaimedBySomeoneElse() throws Exception
    {
        final QuorumFixture f = new QuorumFixture();
        final QuorumRequest request = f.submitted("limit.change", Parameters.of(Map.of("maxQuantity", 1L)), "alice");

        final SignedStatement posing = new ApprovalSigner("bob", tokenKeys.getPrivate(), token).approve(request, f.nowMs());

        assertEquals(ReasonCode.BAD_SIGNATURE, f.book.approve(request.id(), posing).reason());
    }

    private static String randomPin(final SecureRandom random)
    {
        final byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }
}
