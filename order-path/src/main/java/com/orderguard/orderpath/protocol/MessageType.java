package com.orderguard.orderpath.protocol;

/**
 * Message type codes of the order-entry protocol (frame header bytes 4..5). The same codes are used
 * on the client → appliance and appliance → venue legs; docs/order-entry-protocol.md is the
 * byte-by-byte reference and must change together with this class.
 */
public final class MessageType
{
    public static final int LOGON = 1;
    public static final int LOGON_ACK = 2;
    public static final int LOGON_REJECT = 3;
    public static final int NEW_ORDER = 4;
    public static final int EXECUTION_REPORT = 5;
    public static final int HEARTBEAT = 6;
    public static final int CANCEL = 7;
    public static final int REPLACE = 8;
    public static final int REFERENCE_PRICE = 9;
    /** Logon carrying the client's key-exchange hello (transit encryption), HMAC over both. */
    public static final int SECURE_LOGON = 10;
    /** LogonAck carrying the appliance's key-exchange reply, signed by its gateway key in the HSM. */
    public static final int SECURE_LOGON_ACK = 11;
    /** An encrypted frame carrying any other frame (variable length: 32 + the inner frame's). */
    public static final int SEALED = 12;

    private MessageType()
    {
    }

    /** The fixed frame length of {@code type}, or -1 when the type is unknown or (SEALED) has no fixed length. */
    public static int frameLength(final int type)
    {
        switch (type)
        {
            case LOGON: return LogonCodec.LENGTH;
            case LOGON_ACK: return LogonAckCodec.LENGTH;
            case LOGON_REJECT: return LogonRejectCodec.LENGTH;
            case NEW_ORDER: return NewOrderCodec.LENGTH;
            case EXECUTION_REPORT: return ExecutionReportCodec.LENGTH;
            case HEARTBEAT: return Frame.HEADER_LENGTH;
            case CANCEL: return CancelCodec.LENGTH;
            case REPLACE: return ReplaceCodec.LENGTH;
            case REFERENCE_PRICE: return ReferencePriceCodec.LENGTH;
            case SECURE_LOGON: return SecureLogonCodec.LENGTH;
            case SECURE_LOGON_ACK: return SecureLogonAckCodec.LENGTH;
            default: return -1;
        }
    }

    /** Human-readable name; off the hot path. */
    public static String name(final int type)
    {
        switch (type)
        {
            case LOGON: return "LOGON";
            case LOGON_ACK: return "LOGON_ACK";
            case LOGON_REJECT: return "LOGON_REJECT";
            case NEW_ORDER: return "NEW_ORDER";
            case EXECUTION_REPORT: return "EXECUTION_REPORT";
            case HEARTBEAT: return "HEARTBEAT";
            case CANCEL: return "CANCEL";
            case REPLACE: return "REPLACE";
            case REFERENCE_PRICE: return "REFERENCE_PRICE";
            case SECURE_LOGON: return "SECURE_LOGON";
            case SECURE_LOGON_ACK: return "SECURE_LOGON_ACK";
            case SEALED: return "SEALED";
            default: return "UNKNOWN";
        }
    }
}
