package com.orderguard.hsm;

import java.util.Map;

/**
 * The HSMs OrderGuard knows how to reach through SunPKCS11: a provider-configuration template each, the
 * vendor's usual library path, and what is known to differ. Only SoftHSM2 is tested on the build machine;
 * the others are documented templates (hsm-config/README.md, "Vendor profiles") for an installation to
 * check against the vendor's own documentation before first use.
 * <p>
 * What all templates keep: generated secret and private keys are {@code CKA_SENSITIVE = true},
 * {@code CKA_EXTRACTABLE = false}, whatever the vendor's default.
 */
public enum HsmProfile
{
    SOFTHSM2("softhsm2", Templates.SUNPKCS11_CFG, SoftHsm2Token.DEFAULT_LIBRARY_PATH, true, true),
    THALES_LUNA("thales-luna", "profiles/thales-luna.cfg.template",
        "/usr/safenet/lunaclient/lib/libCryptoki2_64.so", false, true),
    ENTRUST_NSHIELD("entrust-nshield", "profiles/entrust-nshield.cfg.template",
        "/opt/nfast/toolkits/pkcs11/libcknfast.so", false, true),
    /** AES-GCM encryption with an IV the caller chooses is refused: the HSM makes the IV (see README). */
    AWS_CLOUDHSM("aws-cloudhsm", "profiles/aws-cloudhsm.cfg.template",
        "/opt/cloudhsm/lib/libcloudhsm_pkcs11.so", false, false),
    /** No AES-GCM at all through PKCS#11 (AES-CCM wrap keys only): the order-flow KEK needs another design. */
    YUBIHSM2("yubihsm2", "profiles/yubihsm2.cfg.template",
        "/usr/lib/x86_64-linux-gnu/pkcs11/yubihsm_pkcs11.so", false, false);

    private final String id;
    private final String template;
    private final String defaultLibrary;
    private final boolean testedHere;
    private final boolean callerIvAesGcm;

    HsmProfile(final String id, final String template, final String defaultLibrary, final boolean testedHere,
        final boolean callerIvAesGcm)
    {
        this.id = id;
        this.template = template;
        this.defaultLibrary = defaultLibrary;
        this.testedHere = testedHere;
        this.callerIvAesGcm = callerIvAesGcm;
    }

    /** The profile's name in configuration: softhsm2, thales-luna, entrust-nshield, aws-cloudhsm, yubihsm2. */
    public String id()
    {
        return id;
    }

    /** The PKCS#11 module the vendor installs by default. */
    public String defaultLibrary()
    {
        return defaultLibrary;
    }

    /** Whether the build's tests run against this HSM (only SoftHSM2: the others are templates). */
    public boolean testedHere()
    {
        return testedHere;
    }

    /**
     * Whether key custody's order-flow KEK works unchanged: AES-GCM inside the HSM with the 12-byte IV the
     * caller supplies (SunPKCS11's key-wrap mechanisms do not work with every HSM, so custody wraps with GCM).
     */
    public boolean supportsCallerIvAesGcm()
    {
        return callerIvAesGcm;
    }

    /** The SunPKCS11 configuration text for this HSM: pass to {@code Provider.configure("--" + text)}. */
    public String providerConfig(final String name, final String library, final long slot)
    {
        return Templates.render(template, Map.of("NAME", name, "LIBRARY", library, "SLOT", Long.toString(slot)));
    }

    /** The template text as shipped, placeholders and all (for operators to copy). */
    public String template()
    {
        return Templates.load(template);
    }

    /** The profile named {@code id}; the error lists the known ones. */
    public static HsmProfile of(final String id)
    {
        for (final HsmProfile profile : values())
        {
            if (profile.id.equals(id))
            {
                return profile;
            }
        }
        final StringBuilder known = new StringBuilder();
        for (final HsmProfile profile : values())
        {
            known.append(known.length() == 0 ? "" : ", ").append(profile.id);
        }
        throw new IllegalArgumentException("no HSM profile '" + id + "' (known: " + known + ")");
    }
}
