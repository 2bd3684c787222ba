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
            default: return "UNKNOWN";
        }
    }
}
