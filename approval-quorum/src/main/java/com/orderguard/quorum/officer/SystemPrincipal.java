package com.orderguard.quorum.officer;

import java.util.Set;

/**
 * The appliance's own principal: an entry in the officer registry holding the reserved role
 * {@value #ROLE}, whose P-256 key lives in the appliance's HSM. It lets the appliance raise, as a
 * normal signed request, what it alone notices in time (a key rotation falling due), and nothing more.
 * <p>
 * What must hold: a principal with the role may SUBMIT only the operations in {@link #MAY_SUBMIT},
 * never under break-glass; it never APPROVEs, DENYs or CANCELs, so it never counts towards any quorum
 * or denial threshold, whatever a policy names. These are fixed here, not in a policy, so no policy
 * change can widen them. Any holder of the role is treated so, whatever its id.
 */
public final class SystemPrincipal
{
    /** The reserved role. */
    public static final String ROLE = "system";
    /** The id the appliance enrols itself under at initialisation. */
    public static final String ID = "appliance";
    /** The only operations a system principal may initiate. */
    public static final Set<String> MAY_SUBMIT = Set.of("key.rotate");

    private SystemPrincipal()
    {
    }

    /** True when {@code officer} holds the reserved role. */
    public static boolean is(final Officer officer)
    {
        return officer != null && officer.hasRole(ROLE);
    }
}
