package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.Side;
import org.agrona.DirectBuffer;

/**
 * Drop-copy event types (the ring's {@code msgTypeId}) and their payload layouts. Every payload
 * starts with {@code int64 epochNs} at offset 0, written by the order-path thread when the event
 * happened. Fields are in native (little-endian) order; identifiers are {@link Ascii8}-packed longs.
 * <p>
 * Five layouts:
 * <pre>
 * INTAKE    (INTAKE_OPENED, INTAKE_SEALED)           0 epochNs  8 int32 reason  12 zero            length 16
 * SESSION   (SESSION_LOGON, _LOGON_REJECTED, _CLOSED)  0 epochNs  8 int32 sessionId  12 int32 reason  16 clientId
 *                                                     24 peerAddressHigh  32 peerAddressLow  40 int32 peerPort  44 zero
 *                                                     length 48 (24 before the peer was carried; readers take both)
 * ORDER     (ORDER_ROUTED, ORDER_REJECTED)            0 epochNs  8 orderId  16 clOrdId  24 clientId  32 account  40 symbol
 *                                                     48 quantity  56 priceE4  64 venue  72 int8 side  73 int8 ordType
 *                                                     74 zero  76 int32 reason                          length 80
 * EXECUTION (VENUE_ACK, FILL, VENUE_REJECTED)         0 epochNs  8 orderId  16 clOrdId  24 clientId  32 venueOrderId
 *                                                     40 venue  48 filledQty  56 fillPriceE4  64 leavesQty
 *                                                     72 int32 venueRejectReason  76 zero        length 80
 * VENUE     (VENUE_CONNECTED, VENUE_DISCONNECTED)     0 epochNs  8 venue  16 int32 reason  20 int32 openOrdersAbandoned  length 24
 * COMMAND   (COMMAND_APPLIED)                         0 epochNs  8 int64 commandSeq  16 int32 commandType
 *                                                     20 int32 result  24 int64 arg1  32 int64 arg2  40 int64 arg3
 *                                                     48 int32 count  52 zero                   length 56
 * </pre>
 * ORDER layout also: ORDER_HELD (a large order waits for release; orderId set), HOLD_RELEASED,
 * CANCEL_REQUESTED (clOrdId = the order's; reason 0 = the client asked, KILL_SWITCH, TRADING_HALTED
 * or NOT_LOGGED_ON = cancel on disconnect), REPLACE_REQUESTED (clOrdId = the replace's; quantity and
 * price the new ones) and ROUTE_ALERT (an order for a symbol without an approved route: blocked,
 * reason NO_ROUTE). EXECUTION layout also: CANCELED (filledQty = quantity cancelled) and REPLACED
 * (filledQty, fillPriceE4 = new quantity and price). COMMAND_APPLIED: one per command the order-path
 * thread applied, in command order; count is what the command did (orders cancelled by HALT_ALL or a
 * kill); args as the command carried them; result 0 = applied, else see CommandRing.RESULT_*.
 * orderId is the appliance's own id, the clOrdId it sends to the venue; 0 for an order rejected
 * before routing. An ORDER_REJECTED event carries the fields as received: for a MALFORMED order
 * they may be garbage (describe escapes them).
 */
public final class OrderEvents
{
    public static final int INTAKE_OPENED = 1;
    public static final int INTAKE_SEALED = 2;
    public static final int SESSION_LOGON = 3;
    public static final int SESSION_LOGON_REJECTED = 4;
    public static final int SESSION_CLOSED = 5;
    public static final int ORDER_ROUTED = 6;
    public static final int ORDER_REJECTED = 7;
    public static final int VENUE_ACK = 8;
    public static final int FILL = 9;
    public static final int VENUE_REJECTED = 10;
    public static final int VENUE_CONNECTED = 11;
    public static final int VENUE_DISCONNECTED = 12;
    public static final int ORDER_HELD = 13;
    public static final int HOLD_RELEASED = 14;
    public static final int CANCEL_REQUESTED = 15;
    public static final int REPLACE_REQUESTED = 16;
    public static final int CANCELED = 17;
    public static final int REPLACED = 18;
    public static final int ROUTE_ALERT = 19;
    public static final int COMMAND_APPLIED = 20;

    public static final int EPOCH_NS_OFFSET = 0;

    public static final int INTAKE_REASON_OFFSET = 8;
    public static final int INTAKE_LENGTH = 16;

    public static final int SESSION_ID_OFFSET = 8;
    public static final int SESSION_REASON_OFFSET = 12;
    public static final int SESSION_CLIENT_ID_OFFSET = 16;
    /** The broker connection's source address ({@link PeerAddress}): 16 bytes, IPv4 in its IPv4-mapped form; 0 for none. */
    public static final int SESSION_PEER_HIGH_OFFSET = 24;
    public static final int SESSION_PEER_LOW_OFFSET = 32;
    public static final int SESSION_PEER_PORT_OFFSET = 40;
    public static final int SESSION_LENGTH = 48;
    /** A SESSION event journaled before the peer address was carried: no peer fields. */
    public static final int SESSION_WITHOUT_PEER_LENGTH = 24;

    public static final int ORDER_ORDER_ID_OFFSET = 8;
    public static final int ORDER_CL_ORD_ID_OFFSET = 16;
    public static final int ORDER_CLIENT_ID_OFFSET = 24;
    public static final int ORDER_ACCOUNT_OFFSET = 32;
    public static final int ORDER_SYMBOL_OFFSET = 40;
    public static final int ORDER_QUANTITY_OFFSET = 48;
    public static final int ORDER_PRICE_OFFSET = 56;
    public static final int ORDER_VENUE_OFFSET = 64;
    public static final int ORDER_SIDE_OFFSET = 72;
    public static final int ORDER_ORD_TYPE_OFFSET = 73;
    public static final int ORDER_REASON_OFFSET = 76;
    public static final int ORDER_LENGTH = 80;

    public static final int EXEC_ORDER_ID_OFFSET = 8;
    public static final int EXEC_CL_ORD_ID_OFFSET = 16;
    public static final int EXEC_CLIENT_ID_OFFSET = 24;
    public static final int EXEC_VENUE_ORDER_ID_OFFSET = 32;
    public static final int EXEC_VENUE_OFFSET = 40;
    public static final int EXEC_FILLED_QTY_OFFSET = 48;
    public static final int EXEC_FILL_PRICE_OFFSET = 56;
    public static final int EXEC_LEAVES_QTY_OFFSET = 64;
    public static final int EXEC_VENUE_REASON_OFFSET = 72;
    public static final int EXEC_LENGTH = 80;

    public static final int VENUE_VENUE_OFFSET = 8;
    public static final int VENUE_REASON_OFFSET = 16;
    public static final int VENUE_ABANDONED_OFFSET = 20;
    public static final int VENUE_LENGTH = 24;

    public static final int COMMAND_SEQ_OFFSET = 8;
    public static final int COMMAND_TYPE_OFFSET = 16;
    public static final int COMMAND_RESULT_OFFSET = 20;
    public static final int COMMAND_ARG1_OFFSET = 24;
    public static final int COMMAND_ARG2_OFFSET = 32;
    public static final int COMMAND_ARG3_OFFSET = 40;
    public static final int COMMAND_COUNT_OFFSET = 48;
    public static final int COMMAND_LENGTH = 56;

    /** The largest payload; the drop-copy ring must take at least this per record. */
    public static final int MAX_LENGTH = ORDER_LENGTH;

    private OrderEvents()
    {
    }

    /** The event's time, epoch nanoseconds. */
    public static long epochNs(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + EPOCH_NS_OFFSET);
    }

    public static String typeName(final int type)
    {
        switch (type)
        {
            case INTAKE_OPENED: return "INTAKE_OPENED";
            case INTAKE_SEALED: return "INTAKE_SEALED";
            case SESSION_LOGON: return "SESSION_LOGON";
            case SESSION_LOGON_REJECTED: return "SESSION_LOGON_REJECTED";
            case SESSION_CLOSED: return "SESSION_CLOSED";
            case ORDER_ROUTED: return "ORDER_ROUTED";
            case ORDER_REJECTED: return "ORDER_REJECTED";
            case VENUE_ACK: return "VENUE_ACK";
            case FILL: return "FILL";
            case VENUE_REJECTED: return "VENUE_REJECTED";
            case VENUE_CONNECTED: return "VENUE_CONNECTED";
            case VENUE_DISCONNECTED: return "VENUE_DISCONNECTED";
            case ORDER_HELD: return "ORDER_HELD";
            case HOLD_RELEASED: return "HOLD_RELEASED";
            case CANCEL_REQUESTED: return "CANCEL_REQUESTED";
            case REPLACE_REQUESTED: return "REPLACE_REQUESTED";
            case CANCELED: return "CANCELED";
            case REPLACED: return "REPLACED";
            case ROUTE_ALERT: return "ROUTE_ALERT";
            case COMMAND_APPLIED: return "COMMAND_APPLIED";
            default: return "UNKNOWN";
        }
    }

    /**
     * One human-readable line for an event, e.g. for the audit journal's text view or a log; off
     * the hot path (allocates). A payload shorter than its type's layout is described as such
     * rather than read past its end.
     */
    public static String describe(final int type, final DirectBuffer b, final int offset, final int length)
    {
        final StringBuilder out = new StringBuilder(160).append(typeName(type));
        if (length < 8)
        {
            return out.append(" truncated length=").append(length).toString();
        }
        out.append(" epochNs=").append(b.getLong(offset + EPOCH_NS_OFFSET));
        switch (type)
        {
            case INTAKE_OPENED:
                break;

            case INTAKE_SEALED:
                if (length < INTAKE_LENGTH)
                {
                    return truncated(out, length);
                }
                out.append(" reason=").append(b.getInt(offset + INTAKE_REASON_OFFSET));
                break;

            case SESSION_LOGON:
            case SESSION_LOGON_REJECTED:
            case SESSION_CLOSED:
                if (length < SESSION_WITHOUT_PEER_LENGTH)
                {
                    return truncated(out, length);
                }
                out.append(" session=").append(b.getInt(offset + SESSION_ID_OFFSET));
                out.append(" client=");
                Ascii8.appendTo(b.getLong(offset + SESSION_CLIENT_ID_OFFSET), out);
                final String peer = length < SESSION_LENGTH ? null : PeerAddress.format(b.getLong(offset + SESSION_PEER_HIGH_OFFSET),
                    b.getLong(offset + SESSION_PEER_LOW_OFFSET), b.getInt(offset + SESSION_PEER_PORT_OFFSET));
                if (null != peer)
                {
                    out.append(" peer=").append(peer);
                }
                if (SESSION_LOGON_REJECTED == type)
                {
                    out.append(" reason=").append(
                        com.orderguard.orderpath.protocol.LogonRejectReason.name(b.getInt(offset + SESSION_REASON_OFFSET)));
                }
                else if (SESSION_CLOSED == type)
                {
                    out.append(" reason=").append(DisconnectReason.name(b.getInt(offset + SESSION_REASON_OFFSET)));
                }
                break;

            case ORDER_ROUTED:
            case ORDER_REJECTED:
            case ORDER_HELD:
            case HOLD_RELEASED:
            case CANCEL_REQUESTED:
            case REPLACE_REQUESTED:
            case ROUTE_ALERT:
                if (length < ORDER_LENGTH)
                {
                    return truncated(out, length);
                }
                if (ORDER_REJECTED != type || 0 != b.getLong(offset + ORDER_ORDER_ID_OFFSET))
                {
                    out.append(" orderId=").append(b.getLong(offset + ORDER_ORDER_ID_OFFSET));
                }
                out.append(" clOrdId=").append(b.getLong(offset + ORDER_CL_ORD_ID_OFFSET));
                out.append(" client=");
                Ascii8.appendTo(b.getLong(offset + ORDER_CLIENT_ID_OFFSET), out);
                out.append(" account=");
                Ascii8.appendTo(b.getLong(offset + ORDER_ACCOUNT_OFFSET), out);
                out.append(" symbol=");
                Ascii8.appendTo(b.getLong(offset + ORDER_SYMBOL_OFFSET), out);
                out.append(" side=").append(Side.name(b.getByte(offset + ORDER_SIDE_OFFSET)));
                out.append(" ordType=").append(OrdType.name(b.getByte(offset + ORDER_ORD_TYPE_OFFSET)));
                out.append(" qty=").append(b.getLong(offset + ORDER_QUANTITY_OFFSET));
                out.append(" priceE4=").append(b.getLong(offset + ORDER_PRICE_OFFSET));
                if (0 != b.getLong(offset + ORDER_VENUE_OFFSET))
                {
                    out.append(" venue=");
                    Ascii8.appendTo(b.getLong(offset + ORDER_VENUE_OFFSET), out);
                }
                if (0 != b.getInt(offset + ORDER_REASON_OFFSET) || ORDER_REJECTED == type)
                {
                    out.append(" reason=").append(RejectReason.name(b.getInt(offset + ORDER_REASON_OFFSET)));
                }
                break;

            case COMMAND_APPLIED:
                if (length < COMMAND_LENGTH)
                {
                    return truncated(out, length);
                }
                out.append(" seq=").append(b.getLong(offset + COMMAND_SEQ_OFFSET));
                out.append(" command=").append(
                    com.orderguard.orderpath.command.CommandRing.name(b.getInt(offset + COMMAND_TYPE_OFFSET)));
                out.append(" result=").append(
                    com.orderguard.orderpath.command.CommandRing.resultName(b.getInt(offset + COMMAND_RESULT_OFFSET)));
                out.append(" args=").append(b.getLong(offset + COMMAND_ARG1_OFFSET)).append(',')
                    .append(b.getLong(offset + COMMAND_ARG2_OFFSET)).append(',').append(b.getLong(offset + COMMAND_ARG3_OFFSET));
                out.append(" count=").append(b.getInt(offset + COMMAND_COUNT_OFFSET));
                break;

            case VENUE_ACK:
            case FILL:
            case VENUE_REJECTED:
            case CANCELED:
            case REPLACED:
                if (length < EXEC_LENGTH)
                {
                    return truncated(out, length);
                }
                out.append(" orderId=").append(b.getLong(offset + EXEC_ORDER_ID_OFFSET));
                out.append(" clOrdId=").append(b.getLong(offset + EXEC_CL_ORD_ID_OFFSET));
                out.append(" client=");
                Ascii8.appendTo(b.getLong(offset + EXEC_CLIENT_ID_OFFSET), out);
                out.append(" venue=");
                Ascii8.appendTo(b.getLong(offset + EXEC_VENUE_OFFSET), out);
                out.append(" venueOrderId=").append(b.getLong(offset + EXEC_VENUE_ORDER_ID_OFFSET));
                if (CANCELED == type)
                {
                    out.append(" canceledQty=").append(b.getLong(offset + EXEC_FILLED_QTY_OFFSET));
                }
                else if (REPLACED == type)
                {
                    out.append(" quantity=").append(b.getLong(offset + EXEC_FILLED_QTY_OFFSET));
                    out.append(" priceE4=").append(b.getLong(offset + EXEC_FILL_PRICE_OFFSET));
                    out.append(" leavesQty=").append(b.getLong(offset + EXEC_LEAVES_QTY_OFFSET));
                }
                else if (FILL == type)
                {
                    out.append(" filledQty=").append(b.getLong(offset + EXEC_FILLED_QTY_OFFSET));
                    out.append(" fillPriceE4=").append(b.getLong(offset + EXEC_FILL_PRICE_OFFSET));
                    out.append(" leavesQty=").append(b.getLong(offset + EXEC_LEAVES_QTY_OFFSET));
                }
                else if (VENUE_REJECTED == type)
                {
                    out.append(" venueReason=").append(b.getInt(offset + EXEC_VENUE_REASON_OFFSET));
                }
                break;

            case VENUE_CONNECTED:
            case VENUE_DISCONNECTED:
                if (length < VENUE_LENGTH)
                {
                    return truncated(out, length);
                }
                out.append(" venue=");
                Ascii8.appendTo(b.getLong(offset + VENUE_VENUE_OFFSET), out);
                if (VENUE_DISCONNECTED == type)
                {
                    out.append(" reason=").append(DisconnectReason.name(b.getInt(offset + VENUE_REASON_OFFSET)));
                    out.append(" openOrdersAbandoned=").append(b.getInt(offset + VENUE_ABANDONED_OFFSET));
                }
                break;

            default:
                out.append(" length=").append(length);
        }
        return out.toString();
    }

    private static String truncated(final StringBuilder out, final int length)
    {
        return out.append(" truncated length=").append(length).toString();
    }
}
