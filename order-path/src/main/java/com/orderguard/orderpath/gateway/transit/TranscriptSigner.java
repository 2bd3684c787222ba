package com.orderguard.orderpath.gateway.transit;

import java.security.GeneralSecurityException;

/**
 * Signs the key-exchange transcript with the appliance's gateway key, SHA256withECDSA (DER). In the
 * appliance this is key custody's {@code sign(KeyPurpose.GATEWAY_SIGNING, ...)}: the private key never
 * leaves the HSM. Called on the gateway's establisher thread, once per session, never on the
 * order-path thread. A failure (sealed, HSM fault, no ACTIVE key) refuses that logon.
 */
@FunctionalInterface
public interface TranscriptSigner
{
    byte[] sign(byte[] transcript) throws GeneralSecurityException;
}
