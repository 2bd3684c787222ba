package com.orderguard.hsm;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplatesTest
{
    @Test
    void shouldFillSoftHsmConfigWithTokenDirectoryAndFileBackend()
    {
        final String conf = Templates.render(Templates.SOFTHSM2_CONF, Map.of("TOKEN_DIR", "/x/tokens", "LOG_LEVEL", "ERROR"));

        assertTrue(conf.contains("\ndirectories.tokendir = /x/tokens\n"), conf);
        assertTrue(conf.contains("\nobjectstore.backend = file\n"), conf);
        assertTrue(conf.contains("\nlog.level = ERROR\n"), conf);
    }

    @Test
    void shouldMakeGeneratedSecretAndPrivateKeysSensitiveAndNonExtractable()
    {
        final String cfg = Templates.render(Templates.SUNPKCS11_CFG, Map.of("NAME", "n", "LIBRARY", "/lib.so", "SLOT", "7"));

        final String nonExtractable = " = {\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}";
        assertTrue(cfg.contains("attributes(generate, CKO_SECRET_KEY, *)" + nonExtractable), cfg);
        assertTrue(cfg.contains("attributes(generate, CKO_PRIVATE_KEY, *)" + nonExtractable), cfg);
        assertTrue(cfg.contains("\nslot = 7\n"), cfg);
        assertFalse(cfg.contains("tokenLabel"), "SunPKCS11 refuses a tokenLabel keyword");
    }

    @Test
    void shouldRefuseValueThatWouldAddALineOfItsOwn()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            Templates.render(Templates.SUNPKCS11_CFG, Map.of("NAME", "n\nslot = 0", "LIBRARY", "/l.so", "SLOT", "1")));

        assertEquals("value for @NAME@ in sunpkcs11-softhsm2.cfg.template must be one line", ex.getMessage());
    }

    @Test
    void shouldRefuseToLeaveAPlaceholderUnfilled()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () ->
            Templates.render(Templates.SUNPKCS11_CFG, Map.of("NAME", "n", "LIBRARY", "/l.so")));

        assertEquals("sunpkcs11-softhsm2.cfg.template still has placeholder @SLOT@", ex.getMessage());
    }
}
