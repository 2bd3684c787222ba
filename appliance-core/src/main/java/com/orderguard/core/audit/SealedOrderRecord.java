package com.orderguard.core.audit;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

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
 *   A SESSION-layout event (logon, logon refused, closed) names no order, account or symbol; its
 *   orderId slot carries the peer's port and its account and symbol slots the peer's 16-byte address
 *   ({@link com.orderguard.orderpath.PeerAddress}): the broker connection's source, searchable in clear.
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
        final byte[] metadata = new byte[METADATA_LENGTH];
        writeMetadata(eventType, event, offset, length, new UnsafeBuffer(metadata), 0);
        return metadata;
    }

    /** The payload for an ORDER_PATH_SEALED record (allocates; the journal thread uses an {@link Encoder}). */
    public static byte[] encode(
        final int eventType, final DirectBuffer event, final int offset, final int length, final RecordSealer sealer)
        throws GeneralSecurityException
    {
        final Encoder encoder = new Encoder(sealer);
        return Arrays.copyOf(encoder.payload(), encoder.encode(eventType, event, offset, length));
    }

    /**
     * Encodes sealed payloads into one buffer it owns, allocating nothing per event: the journal
     * thread's form. The payload is valid until the next {@link #encode}.
     */
    public static final class Encoder
    {
        private final RecordSealer sealer;
        private final byte[] payload = new byte[JournalFormat.MAX_PAYLOAD_LENGTH];
        private final UnsafeBuffer outView = new UnsafeBuffer(payload);
        private final byte[] plain = new byte[JournalFormat.MAX_PAYLOAD_LENGTH];
        private final int inPlaceOffset;

        public Encoder(final RecordSealer sealer)
        {
            this.sealer = sealer;
            this.inPlaceOffset = sealer.inPlaceOffset();
        }

        /**
         * Writes the payload of {@code event} to {@link #payload()}. The event's bytes are copied
         * once, to where the ciphertext goes when the sealer encrypts in place (else to a scratch
         * copy that is wiped), and sealed; no clear copy outlives the call.
         *
         * @return the payload's length.
         */
        public int encode(final int eventType, final DirectBuffer event, final int offset, final int length)
            throws GeneralSecurityException
        {
            return encode(eventType, event, offset, length, payload, 0);
        }

        /**
         * As {@link #encode(int, DirectBuffer, int, int)}, into {@code out} at {@code outOffset}
         * (the journal writer's staging buffer, so the payload is written where it is stored): at
         * most {@link #maxPayloadLength}({@code length}) bytes.
         *
         * @return the payload's length.
         */
        public int encode(
            final int eventType, final DirectBuffer event, final int offset, final int length, final byte[] out, final int outOffset)
            throws GeneralSecurityException
        {
            if (length < 0 || length > plain.length || outOffset < 0 || out.length - outOffset < 2 + METADATA_LENGTH)
            {
                throw new GeneralSecurityException("an order event of " + length + " bytes cannot be sealed into a journal record");
            }
            if (outView.byteArray() != out)
            {
                outView.wrap(out);
            }
            outView.putShort(outOffset, (short)METADATA_LENGTH, JournalFormat.BYTE_ORDER);
            writeMetadata(eventType, event, offset, length, outView, outOffset + 2);
            outView.putLong(outOffset + 2 + CL_ORD_ID, 0L); // the client order id stays sealed
            final int metadataAt = outOffset + 2;
            final int sealedAt = metadataAt + METADATA_LENGTH;
            if (inPlaceOffset >= 0)
            {
                // one copy, straight to where the ciphertext goes; encrypted there, so no clear copy is left behind
                final int at = sealedAt + inPlaceOffset;
                if (length > out.length - at)
                {
                    throw new GeneralSecurityException("an order event of " + length + " bytes cannot be sealed into a journal record");
                }
                event.getBytes(offset, out, at, length);
                try
                {
                    return 2 + METADATA_LENGTH + sealer.seal(out, at, length, out, metadataAt, METADATA_LENGTH, out, sealedAt);
                }
                catch (final GeneralSecurityException | RuntimeException ex)
                {
                    Arrays.fill(out, at, at + length, (byte)0);
                    throw ex;
                }
            }
            event.getBytes(offset, plain, 0, length);
            try
            {
                return 2 + METADATA_LENGTH + sealer.seal(plain, 0, length, out, metadataAt, METADATA_LENGTH, out, sealedAt);
            }
            finally
            {
                Arrays.fill(plain, 0, length, (byte)0);
            }
        }

        /**
         * The most {@link #encode} writes for an event of {@code eventLength} bytes: exact from the
         * sealer's overhead (its header and tag), else the most any journal payload may be.
         */
        public int maxPayloadLength(final int eventLength)
        {
            final int overhead = sealer.sealedOverheadBytes();
            return overhead < 0 ? JournalFormat.MAX_PAYLOAD_LENGTH : 2 + METADATA_LENGTH + eventLength + overhead;
        }

        public byte[] payload()
        {
            return payload;
        }
    }

    private static void writeMetadata(
        final int eventType, final DirectBuffer event, final int offset, final int length,
        final MutableDirectBuffer out, final int at)
    {
        out.putLong(at + ORDER_ID, 0L);
        out.putLong(at + CL_ORD_ID, 0L);
        out.putLong(at + CLIENT_ID, 0L);
        out.putLong(at + ACCOUNT, 0L);
        out.putLong(at + SYMBOL, 0L);
        switch (eventType)
        {
            case OrderEvents.ORDER_ROUTED, OrderEvents.ORDER_REJECTED, OrderEvents.ORDER_HELD, OrderEvents.HOLD_RELEASED,
                OrderEvents.CANCEL_REQUESTED, OrderEvents.REPLACE_REQUESTED, OrderEvents.ROUTE_ALERT ->
            {
                if (length >= OrderEvents.ORDER_LENGTH)
                {
                    copy(event, offset + OrderEvents.ORDER_ORDER_ID_OFFSET, out, at + ORDER_ID);
                    copy(event, offset + OrderEvents.ORDER_CL_ORD_ID_OFFSET, out, at + CL_ORD_ID);
                    copy(event, offset + OrderEvents.ORDER_CLIENT_ID_OFFSET, out, at + CLIENT_ID);
                    copy(event, offset + OrderEvents.ORDER_ACCOUNT_OFFSET, out, at + ACCOUNT);
                    copy(event, offset + OrderEvents.ORDER_SYMBOL_OFFSET, out, at + SYMBOL);
                }
            }
            case OrderEvents.VENUE_ACK, OrderEvents.FILL, OrderEvents.VENUE_REJECTED, OrderEvents.CANCELED, OrderEvents.REPLACED ->
            {
                if (length >= OrderEvents.EXEC_LENGTH)
                {
                    copy(event, offset + OrderEvents.EXEC_ORDER_ID_OFFSET, out, at + ORDER_ID);
                    copy(event, offset + OrderEvents.EXEC_CL_ORD_ID_OFFSET, out, at + CL_ORD_ID);
                    copy(event, offset + OrderEvents.EXEC_CLIENT_ID_OFFSET, out, at + CLIENT_ID);
                }
            }
            case OrderEvents.SESSION_LOGON, OrderEvents.SESSION_LOGON_REJECTED, OrderEvents.SESSION_CLOSED ->
            {
                if (length >= OrderEvents.SESSION_WITHOUT_PEER_LENGTH)
                {
                    copy(event, offset + OrderEvents.SESSION_CLIENT_ID_OFFSET, out, at + CLIENT_ID);
                }
                if (length >= OrderEvents.SESSION_LENGTH)
                {
                    // a session event names no order, account or symbol: those slots carry the peer (source address)
                    out.putLong(at + ORDER_ID, event.getInt(offset + OrderEvents.SESSION_PEER_PORT_OFFSET, JournalFormat.BYTE_ORDER),
                        JournalFormat.BYTE_ORDER);
                    copy(event, offset + OrderEvents.SESSION_PEER_HIGH_OFFSET, out, at + ACCOUNT);
                    copy(event, offset + OrderEvents.SESSION_PEER_LOW_OFFSET, out, at + SYMBOL);
                }
            }
            default ->
            {
                // intake and venue events name no order, client, account or symbol
            }
        }
    }

    private static void copy(final DirectBuffer event, final int from, final MutableDirectBuffer out, final int to)
    {
        out.putLong(to, event.getLong(from, JournalFormat.BYTE_ORDER), JournalFormat.BYTE_ORDER);
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

    /** True for the event types whose metadata slots carry a peer address instead of order, account and symbol. */
    static boolean isSession(final int eventType)
    {
        return eventType == OrderEvents.SESSION_LOGON || eventType == OrderEvents.SESSION_LOGON_REJECTED ||
            eventType == OrderEvents.SESSION_CLOSED;
    }

    /** The peer a session event's metadata carries, as "address:port", or null. */
    static String peer(final byte[] metadata)
    {
        return com.orderguard.orderpath.PeerAddress.format(get(metadata, ACCOUNT), get(metadata, SYMBOL), (int)get(metadata, ORDER_ID));
    }

    private static long get(final byte[] metadata, final int at)
    {
        return ByteBuffer.wrap(metadata).order(JournalFormat.BYTE_ORDER).getLong(at);
    }
}
