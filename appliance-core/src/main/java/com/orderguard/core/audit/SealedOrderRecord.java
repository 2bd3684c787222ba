package com.orderguard.core.audit;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import org.agrona.DirectBuffer;

import com.orderguard.orderpath.OrderEvents;

/**
 * The payload of an {@link RecordKind#ORDER_PATH_SEALED} record: searchable metadata in clear,
 * the order-path event itself sealed. Layout (little-endian):
 * <pre>
 *   int16  metadataLength   {@link #METADATA_LENGTH}
 *   metadata:
 *     int64  orderId        the appliance's order id (0 when none)
 *     int64  clOrdId        always 0 in a sealed record: the client's order id is content (it can carry
 *                           the broker's own numbering), sealed with the event; search by order id
 *     int64  clientId       Ascii8-packed: the broker session's client, the actor of an order event
 *     int64  account        Ascii8-packed (0 when the event type has none)
 *     int64  symbol         Ascii8-packed (0 when the event type has none)
 *   byte[] sealed           {@link RecordSealer#seal}(the whole event, aad = metadata)
 * </pre>
 * The record's kind, subtype (the event type) and time stay in the record header, also clear. The
 * Merkle leaf covers the ciphertext, so proofs and verification need no key; reading the content
 * needs the data key, which key custody grants only with the permission for it (and the reading is
 * itself a journaled CONTROL_ACCESS record, written by the caller).
 */
public final class SealedOrderRecord
{
    public static final int METADATA_LENGTH = 40;
    private static final int ORDER_ID = 0;
    private static final int CL_ORD_ID = 8;
    private static final int CLIENT_ID = 16;
    private static final int ACCOUNT = 24;
    private static final int SYMBOL = 32;

    private SealedOrderRecord()
    {
    }

    /** The clear metadata of an order-path event, {@link #METADATA_LENGTH} bytes. */
    public static byte[] metadata(final int eventType, final DirectBuffer event, final int offset, final int length)
    {
        final ByteBuffer out = ByteBuffer.allocate(METADATA_LENGTH).order(JournalFormat.BYTE_ORDER);
        switch (eventType)
        {
            case OrderEvents.ORDER_ROUTED, OrderEvents.ORDER_REJECTED ->
            {
                if (length >= OrderEvents.ORDER_LENGTH)
                {
                    out.putLong(ORDER_ID, event.getLong(offset + OrderEvents.ORDER_ORDER_ID_OFFSET, JournalFormat.BYTE_ORDER))
                        .putLong(CL_ORD_ID, event.getLong(offset + OrderEvents.ORDER_CL_ORD_ID_OFFSET, JournalFormat.BYTE_ORDER))
                        .putLong(CLIENT_ID, event.getLong(offset + OrderEvents.ORDER_CLIENT_ID_OFFSET, JournalFormat.BYTE_ORDER))
                        .putLong(ACCOUNT, event.getLong(offset + OrderEvents.ORDER_ACCOUNT_OFFSET, JournalFormat.BYTE_ORDER))
                        .putLong(SYMBOL, event.getLong(offset + OrderEvents.ORDER_SYMBOL_OFFSET, JournalFormat.BYTE_ORDER));
                }
            }
            case OrderEvents.VENUE_ACK, OrderEvents.FILL, OrderEvents.VENUE_REJECTED ->
            {
                if (length >= OrderEvents.EXEC_LENGTH)
                {
                    out.putLong(ORDER_ID, event.getLong(offset + OrderEvents.EXEC_ORDER_ID_OFFSET, JournalFormat.BYTE_ORDER))
                        .putLong(CL_ORD_ID, event.getLong(offset + OrderEvents.EXEC_CL_ORD_ID_OFFSET, JournalFormat.BYTE_ORDER))
                        .putLong(CLIENT_ID, event.getLong(offset + OrderEvents.EXEC_CLIENT_ID_OFFSET, JournalFormat.BYTE_ORDER));
                }
            }
            case OrderEvents.SESSION_LOGON, OrderEvents.SESSION_LOGON_REJECTED, OrderEvents.SESSION_CLOSED ->
            {
                if (length >= OrderEvents.SESSION_LENGTH)
                {
                    out.putLong(CLIENT_ID, event.getLong(offset + OrderEvents.SESSION_CLIENT_ID_OFFSET, JournalFormat.BYTE_ORDER));
                }
            }
            default ->
            {
                // intake and venue events name no order, client, account or symbol
            }
        }
        return out.array();
    }

    /** The payload for an ORDER_PATH_SEALED record. */
    public static byte[] encode(
        final int eventType, final DirectBuffer event, final int offset, final int length, final RecordSealer sealer)
        throws GeneralSecurityException
    {
        final byte[] metadata = metadata(eventType, event, offset, length);
        Arrays.fill(metadata, CL_ORD_ID, CL_ORD_ID + Long.BYTES, (byte)0); // the client order id stays sealed
        final byte[] plain = new byte[length];
        event.getBytes(offset, plain);
        final byte[] sealed = sealer.seal(plain, metadata);
        Arrays.fill(plain, (byte)0);
        final ByteBuffer out = ByteBuffer.allocate(2 + METADATA_LENGTH + sealed.length).order(JournalFormat.BYTE_ORDER);
        out.putShort((short)METADATA_LENGTH).put(metadata).put(sealed);
        return out.array();
    }

    /** @return the metadata of a sealed payload, or null when the payload is not one. */
    public static byte[] metadataOf(final byte[] payload, final int offset, final int length)
    {
        if (length < 2 + METADATA_LENGTH ||
            ByteBuffer.wrap(payload, offset, 2).order(JournalFormat.BYTE_ORDER).getShort() != METADATA_LENGTH)
        {
            return null;
        }
        return Arrays.copyOfRange(payload, offset + 2, offset + 2 + METADATA_LENGTH);
    }

    /** Decrypts the event; the caller has checked the permission and journaled the read. */
    public static byte[] open(final byte[] payload, final int offset, final int length, final RecordSealer sealer)
        throws GeneralSecurityException
    {
        final byte[] metadata = metadataOf(payload, offset, length);
        if (metadata == null)
        {
            throw new GeneralSecurityException("not a sealed order record");
        }
        return sealer.open(Arrays.copyOfRange(payload, offset + 2 + METADATA_LENGTH, offset + length), metadata);
    }

    static long orderId(final byte[] metadata)
    {
        return get(metadata, ORDER_ID);
    }

    static long clOrdId(final byte[] metadata)
    {
        return get(metadata, CL_ORD_ID);
    }

    static long clientId(final byte[] metadata)
    {
        return get(metadata, CLIENT_ID);
    }

    static long account(final byte[] metadata)
    {
        return get(metadata, ACCOUNT);
    }

    static long symbol(final byte[] metadata)
    {
        return get(metadata, SYMBOL);
    }

    private static long get(final byte[] metadata, final int at)
    {
        return ByteBuffer.wrap(metadata).order(JournalFormat.BYTE_ORDER).getLong(at);
    }
}
