package com.orderguard.orderpath.gateway.transit;

/**
 * Both directions of one encrypted session, from one side's point of view, and the SHA-256 of the
 * key exchange's transcript (it names the session in logs and tests; it is not secret).
 */
public record TransitKeys(SessionCipher sending, SessionCipher receiving, byte[] transcriptHash)
{
}
