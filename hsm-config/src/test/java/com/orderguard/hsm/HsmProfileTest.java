package com.orderguard.hsm;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HsmProfileTest
{
    @Test
    void shouldMakeEveryProfileKeepGeneratedKeysSensitiveAndNonExtractable()
    {
        for (final HsmProfile profile : HsmProfile.values())
        {
            final String cfg = profile.providerConfig("OrderGuard-x", profile.defaultLibrary(), 3);

            assertTrue(cfg.contains("\nname = OrderGuard-x\n"), profile + cfg);
            assertTrue(cfg.contains("\nlibrary = " + profile.defaultLibrary() + "\n"), profile + cfg);
            assertTrue(cfg.contains("\nslot = 3\n"), profile + cfg);
            assertTrue(cfg.contains("attributes(generate, CKO_SECRET_KEY, *) = {\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}"),
                profile + cfg);
            assertTrue(cfg.contains("attributes(generate, CKO_PRIVATE_KEY, *) = {\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}"),
                profile + cfg);
            assertFalse(cfg.contains("tokenLabel"), "SunPKCS11 refuses a tokenLabel keyword");
        }
    }

    @Test
    void shouldRenderTheSoftHsmProfileExactlyAsTheTokenDoes()
    {
        assertEquals(Templates.render(Templates.SUNPKCS11_CFG, Map.of("NAME", "n", "LIBRARY", "/l.so", "SLOT", "9")),
            HsmProfile.SOFTHSM2.providerConfig("n", "/l.so", 9));
        assertTrue(HsmProfile.SOFTHSM2.testedHere());
    }

    @Test
    void shouldMarkEveryVendorTemplateUntestedAndSayWhereItsLibraryIs()
    {
        for (final HsmProfile profile : HsmProfile.values())
        {
            if (profile != HsmProfile.SOFTHSM2)
            {
                assertFalse(profile.testedHere(), profile.id());
                assertTrue(profile.template().contains("TEMPLATE, NOT TESTED HERE"), profile.id());
                assertTrue(profile.template().contains(profile.defaultLibrary()), profile.id());
            }
        }
        assertFalse(HsmProfile.YUBIHSM2.supportsCallerIvAesGcm());
        assertFalse(HsmProfile.AWS_CLOUDHSM.supportsCallerIvAesGcm());
    }

    @Test
    void shouldNameTheKnownProfilesWhenGivenAnUnknownOne()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> HsmProfile.of("utimaco"));

        assertEquals("no HSM profile 'utimaco' (known: softhsm2, thales-luna, entrust-nshield, aws-cloudhsm, yubihsm2)",
            ex.getMessage());
        assertEquals(HsmProfile.THALES_LUNA, HsmProfile.of("thales-luna"));
    }
}
