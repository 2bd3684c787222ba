package com.orderguard.orderpath;

import com.orderguard.hsm.SoftHsm2Token;
import com.orderguard.orderpath.gateway.transit.TranscriptSigner;
import com.orderguard.testsupport.TokenSigningKey;

import java.security.PublicKey;

/**
 * A gateway-signing key born in a fresh SoftHSM token (a real PKCS#11 token, as in the appliance, where
 * key custody holds it): the signer the establisher calls and the public key a broker pins.
 */
final class TokenGatewayKey
{
    final SoftHsm2Token token;
    final TranscriptSigner signer;
    final PublicKey publicKey;

    private TokenGatewayKey(final TokenSigningKey key)
    {
        this.token = key.token();
        this.signer = key::sign;
        this.publicKey = key.publicKey();
    }

    static TokenGatewayKey create() throws Exception
    {
        return new TokenGatewayKey(TokenSigningKey.create("orderpath-gateway"));
    }

    /** An order path with the encrypted gateway (the default), its key exchange signed in this token. */
    OrderPath startOpen(final java.util.Properties p) throws InterruptedException
    {
        p.remove("orderpath.gateway.transit");
        return OrderPathFixture.startOpen(new OrderPath(OrderPathConfig.from(p), signer));
    }
}
