package com.orderguard.hsm;

import org.junit.jupiter.api.Test;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The vendor templates (Thales Luna, Entrust nShield, AWS CloudHSM, YubiHSM 2), checked as far as a
 * machine without their libraries allows: each one, rendered with SoftHSM's module and a real SoftHSM
 * token's slot in place of the vendor's, is accepted by the JDK's own SunPKCS11 parser (so its syntax
 * and every attribute line are valid provider configuration) and its attribute templates take effect
 * (keys generated through it are sensitive and not extractable); its default library path is absolute
 * and the one the profile names; and the quirks the README documents for the vendor are stated in the
 * template an operator copies.
 */
class VendorProfileTest
{
    private static final char[] SO_PIN = "vendor-so-pin".toCharArray();
    private static final char[] USER_PIN = "vendor-user-pin".toCharArray();

    /** What each vendor's template must tell the operator (hsm-config/README.md, "Vendor profiles"). */
    private static final Map<HsmProfile, List<String>> DOCUMENTED_QUIRKS = Map.of(
        HsmProfile.THALES_LUNA, List.of("/etc/Chrystoki.conf", "HAOnly=1", "lunacm slot list"),
        HsmProfile.ENTRUST_NSHIELD, List.of("CKNFAST_LOADSHARING=1", "CKNFAST_NO_ACCELERATOR_SLOTS=1", "softcard", "ckinfo"),
        HsmProfile.AWS_CLOUDHSM, List.of("configure-pkcs11", "<crypto user>:<password>", "slotListIndex = 0"),
        HsmProfile.YUBIHSM2, List.of("YUBIHSM_PKCS11_CONF", "connector = http://127.0.0.1:12345", "\"0002<password>\""));

    @Test
    void shouldBeAcceptedBySunPkcs11AndKeepGeneratedKeysInsideTheToken() throws Exception
    {
        final SoftHsm2Token token =
            SoftHsm2Token.create(ProcessTokenDirectory.get(), ProcessTokenDirectory.uniqueLabel("vendor"), SO_PIN, USER_PIN);
        token.newProvider(); // makes this JVM's SoftHSM see the token (SoftHSM reads its store once per process)
        final long slot = SoftHsm2Library.of(token.libraryPath()).find(token.label()).slotId(); // as SoftHSM renumbered it
        for (final HsmProfile profile : HsmProfile.values())
        {
            final String config = profile.providerConfig("OrderGuard-" + profile.id(), token.libraryPath(), slot);
            final Provider provider = Security.getProvider("SunPKCS11").configure("--" + config);
            assertEquals("SunPKCS11-OrderGuard-" + profile.id(), provider.getName(), profile.id());

            KeyStore.getInstance("PKCS11", provider).load(null, USER_PIN);
            final KeyGenerator aes = KeyGenerator.getInstance("AES", provider);
            aes.init(256);
            final SecretKey secret = aes.generateKey();
            assertNull(secret.getEncoded(), profile.id() + ": a generated secret key is sensitive, its value never leaves");
            final KeyPairGenerator ec = KeyPairGenerator.getInstance("EC", provider);
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            final KeyPair pair = ec.generateKeyPair();
            assertNull(pair.getPrivate().getEncoded(), profile.id() + ": a generated private key is sensitive");
            assertNotNull(pair.getPublic().getEncoded(), profile.id() + ": the public half is readable");
        }
    }

    @Test
    void shouldUseOnlyKeywordsSunPkcs11KnowsAndNoTokenWideKeyPairTemplate()
    {
        final Pattern keyword = Pattern.compile("(?m)^([A-Za-z][A-Za-z0-9]*)\\s*(?:\\(|=)");
        for (final HsmProfile profile : HsmProfile.values())
        {
            final String template = profile.template();
            final Matcher matcher = keyword.matcher(template);
            while (matcher.find())
            {
                assertTrue(List.of("name", "library", "slot", "slotListIndex", "attributes").contains(matcher.group(1)),
                    profile.id() + " uses " + matcher.group(1) + " (SunPKCS11 refuses unknown keywords, e.g. tokenLabel)");
            }
            assertFalse(template.contains("CKA_TOKEN = true"),
                profile.id() + ": CKA_TOKEN=true in a key-pair template leaves unlabelled orphans on the token");
            assertEquals(1, count(template, "\nslot = @SLOT@\n"), profile.id() + ": exactly one slot line");
        }
    }

    @Test
    void shouldNameAnAbsoluteVendorLibraryAndStateTheDocumentedQuirks()
    {
        for (final Map.Entry<HsmProfile, List<String>> entry : DOCUMENTED_QUIRKS.entrySet())
        {
            final HsmProfile profile = entry.getKey();
            assertTrue(profile.defaultLibrary().startsWith("/") && profile.defaultLibrary().endsWith(".so"),
                profile.id() + ": SunPKCS11 needs an absolute library path: " + profile.defaultLibrary());
            assertTrue(profile.template().contains("default " + profile.defaultLibrary()), profile.id());
            for (final String quirk : entry.getValue())
            {
                assertTrue(profile.template().contains(quirk), profile.id() + " does not state: " + quirk);
            }
        }
        assertEquals(HsmProfile.values().length - 1, DOCUMENTED_QUIRKS.size(), "every vendor profile is covered");
    }

    private static int count(final String text, final String part)
    {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
