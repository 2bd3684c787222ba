package com.orderguard.core.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Checks an export ({@link JournalExport}: the regulator's daily JSON lines) with nothing but the
 * journal's public key: the first line's checkpoint signature, then for each record line that its
 * body is the record it claims (sequence = leaf index + 1) and that its audit path leads from
 * SHA-256(0x00 ‖ body) to the signed root (RFC 9162 §2.1.3.2). Stops at the first bad line and names it.
 */
public final class ExportVerifier
{
    /** The outcome: ok, how many records were proven, and what was wrong where. */
    public record Report(boolean ok, long records, long treeSize, String problem)
    {
        public String describe()
        {
            return ok ? "OK: " + records + " records proven against the signed checkpoint at tree size " + treeSize : "FAILED: " + problem;
        }
    }

    private ExportVerifier()
    {
    }

    /** @param key null skips the signature (the report says so). */
    public static Report verify(final BufferedReader lines, final CheckpointVerifier key) throws IOException
    {
        final MerkleHasher hasher = new MerkleHasher();
        final Base64.Decoder b64 = Base64.getDecoder();
        Checkpoint checkpoint = null;
        long records = 0;
        long number = 0;
        String line;
        while ((line = lines.readLine()) != null)
        {
            number++;
            if (line.isBlank())
            {
                continue;
            }
            try
            {
                final JsonObject json = new JsonObject(line);
                if (checkpoint == null)
                {
                    if (!"checkpoint".equals(json.getString("type")))
                    {
                        return new Report(false, records, 0, "line " + number + ": an export starts with its signed checkpoint");
                    }
                    checkpoint = new Checkpoint(json.getLong("treeSize"), b64.decode(json.getString("root")), json.getLong("epochNanos"),
                        b64.decode(json.getString("signature")));
                    if (key != null && !key.verify(checkpoint))
                    {
                        return new Report(false, records, checkpoint.treeSize(), "line " + number + ": BAD_SIGNATURE on the checkpoint");
                    }
                    continue;
                }
                final byte[] body = b64.decode(json.getString("body"));
                final long leafIndex = json.getLong("leafIndex");
                if (body.length < Long.BYTES || ByteBuffer.wrap(body).order(JournalFormat.BYTE_ORDER).getLong(0) != leafIndex + 1 ||
                    json.getLong("sequence") != leafIndex + 1)
                {
                    return new Report(false, records, checkpoint.treeSize(), "line " + number + ": the body is not record " + (leafIndex + 1));
                }
                final JsonArray path = json.getJsonArray("proof");
                final byte[][] proof = new byte[path.size()][];
                for (int i = 0; i < proof.length; i++)
                {
                    proof[i] = b64.decode(path.getString(i));
                }
                if (!MerkleProofs.verifyInclusion(hasher, leafIndex, checkpoint.treeSize(), hasher.leafHash(body), proof, checkpoint.root()))
                {
                    return new Report(false, records, checkpoint.treeSize(),
                        "line " + number + " (record " + (leafIndex + 1) + "): its audit path does not lead to the signed root");
                }
                records++;
            }
            catch (final DecodeException | ClassCastException | IllegalArgumentException | NullPointerException ex)
            {
                return new Report(false, records, checkpoint == null ? 0 : checkpoint.treeSize(), "line " + number + ": malformed (" + ex.getMessage() + ")");
            }
        }
        if (checkpoint == null)
        {
            return new Report(false, 0, 0, "empty export: no checkpoint");
        }
        return new Report(true, records, checkpoint.treeSize(), null);
    }
}
