package com.orderguard.core.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.agrona.concurrent.UnsafeBuffer;

import com.orderguard.orderpath.OrderEvents;
import com.orderguard.orderpath.protocol.Ascii8;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * The searchable face of one record: its header fields plus actor, session, source, order id,
 * client order id, account and symbol, taken from the order-path layout (ORDER_PATH, read with
 * {@link OrderEvents}' offsets), the clear metadata of an ORDER_PATH_SEALED record, or the JSON
 * fields of the same names in every other record. Off the hot path: search, export, show.
 */
public record RecordView(
    long sequence, long epochNanos, RecordKind kind, int kindCode, int subtype, String actor, String session, String source,
    String orderId, String clOrdId, String account, String symbol, String detail)
{
    /** The view of the reader's current record. */
    public static RecordView of(final JournalReader reader)
    {
        final int kindCode = reader.kindCode();
        final RecordKind kind = RecordKind.fromCode(kindCode);
        final byte[] body = reader.body();
        final int length = reader.payloadLength();
        if (kind == RecordKind.ORDER_PATH || kind == RecordKind.ORDER_PATH_SEALED)
        {
            final UnsafeBuffer event = new UnsafeBuffer(body, JournalFormat.PAYLOAD_OFFSET, length);
            final byte[] metadata = kind == RecordKind.ORDER_PATH ?
                SealedOrderRecord.metadata(reader.subtype(), event, 0, length) :
                SealedOrderRecord.metadataOf(body, JournalFormat.PAYLOAD_OFFSET, length);
            final String detail = kind == RecordKind.ORDER_PATH ?
                OrderEvents.describe(reader.subtype(), event, 0, length) :
                OrderEvents.typeName(reader.subtype()) + " (content sealed)";
            if (metadata == null)
            {
                return new RecordView(reader.sequence(), reader.epochNanos(), kind, kindCode, reader.subtype(),
                    null, null, null, null, null, null, null, detail);
            }
            if (SealedOrderRecord.isSession(reader.subtype()))
            {
                return new RecordView(reader.sequence(), reader.epochNanos(), kind, kindCode, reader.subtype(),
                    text(SealedOrderRecord.clientId(metadata)), null, SealedOrderRecord.peer(metadata), null, null, null, null, detail);
            }
            final long orderId = SealedOrderRecord.orderId(metadata);
            return new RecordView(reader.sequence(), reader.epochNanos(), kind, kindCode, reader.subtype(),
                text(SealedOrderRecord.clientId(metadata)), null, null, orderId == 0 ? null : Long.toString(orderId),
                text(SealedOrderRecord.clOrdId(metadata)), text(SealedOrderRecord.account(metadata)),
                text(SealedOrderRecord.symbol(metadata)), detail);
        }
        if (kind == RecordKind.CHECKPOINT)
        {
            final Checkpoint checkpoint = Checkpoint.decode(body, JournalFormat.PAYLOAD_OFFSET, length);
            return new RecordView(reader.sequence(), reader.epochNanos(), kind, kindCode, reader.subtype(),
                null, null, null, null, null, null, null, checkpoint == null ? "undecodable checkpoint" : checkpoint.toJson());
        }
        final String text = new String(body, JournalFormat.PAYLOAD_OFFSET, length, StandardCharsets.UTF_8);
        JsonObject json = null;
        try
        {
            json = new JsonObject(text);
        }
        catch (final DecodeException | ClassCastException ex)
        {
            // not JSON: searchable by kind and time only
        }
        return new RecordView(reader.sequence(), reader.epochNanos(), kind, kindCode, reader.subtype(),
            field(json, "actor"), field(json, "session"), field(json, "source"), field(json, "orderId"), field(json, "clOrdId"),
            field(json, "account"), field(json, "symbol"), text);
    }

    private static String text(final long packed)
    {
        if (packed == 0)
        {
            return null;
        }
        return Ascii8.decode(packed);
    }

    private static String field(final JsonObject json, final String name)
    {
        if (json == null || !json.containsKey(name) || json.getValue(name) == null)
        {
            return null;
        }
        return String.valueOf(json.getValue(name));
    }

    public Instant time()
    {
        return Instant.ofEpochSecond(0, epochNanos);
    }

    public String kindName()
    {
        return kind == null ? "KIND_" + kindCode : kind.name();
    }

    /** One line for people: sequence, time, kind, detail. */
    public String describe()
    {
        return String.format("%8d %s %-17s %s", sequence, time(), kindName(), detail);
    }

    public JsonObject toJson()
    {
        final JsonObject json = new JsonObject().put("sequence", sequence).put("epochNanos", epochNanos).put("time", time().toString())
            .put("kind", kindName()).put("subtype", subtype);
        putIf(json, "actor", actor);
        putIf(json, "session", session);
        putIf(json, "source", source);
        putIf(json, "orderId", orderId);
        putIf(json, "clOrdId", clOrdId);
        putIf(json, "account", account);
        putIf(json, "symbol", symbol);
        return json.put("detail", detail);
    }

    private static void putIf(final JsonObject json, final String name, final String value)
    {
        if (value != null)
        {
            json.put(name, value);
        }
    }
}
