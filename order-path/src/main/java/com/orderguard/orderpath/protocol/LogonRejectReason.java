package com.orderguard.orderpath.protocol;

/** Why a Logon was refused (LogonReject bytes 16..19). The session is closed after the reject. */
public final class LogonRejectReason
{
    /** The client id is not in the configured list of clients allowed to log on. */
    public static final int UNKNOWN_CLIENT = 1;
    /** That client id already has a logged-on session: reports must have exactly one destination. */
    public static final int ALREADY_LOGGED_ON = 2;
    /** The client id field is not 1..8 printable ASCII characters. */
    public static final int MALFORMED = 3;
    /** The HMAC does not match the client's key, or no key is configured for the client. */
    public static final int BAD_SIGNATURE = 4;
    /** The timestamp is outside the allowed clock skew, or not later than the client's last logon (a replay). */
    public static final int STALE_OR_REPLAYED = 5;
    /** A plain Logon to a gateway that requires transit encryption (orderpath.gateway.transit=encrypted). */
    public static final int ENCRYPTION_REQUIRED = 6;
    /**
     * A SecureLogon the gateway cannot answer: it runs plain, or it cannot sign the key exchange now
     * (sealed, HSM fault, no ACTIVE gateway-signing key), or the client's hello is not a P-256 point.
     */
    public static final int TRANSIT_UNAVAILABLE = 7;

    private LogonRejectReason()
    {
    }

    public static String name(final int reason)
    {
        switch (reason)
        {
            case UNKNOWN_CLIENT: return "UNKNOWN_CLIENT";
            case ALREADY_LOGGED_ON: return "ALREADY_LOGGED_ON";
            case MALFORMED: return "MALFORMED";
            case BAD_SIGNATURE: return "BAD_SIGNATURE";
            case STALE_OR_REPLAYED: return "STALE_OR_REPLAYED";
            case ENCRYPTION_REQUIRED: return "ENCRYPTION_REQUIRED";
            case TRANSIT_UNAVAILABLE: return "TRANSIT_UNAVAILABLE";
            default: return "UNKNOWN";
        }
    }
}
