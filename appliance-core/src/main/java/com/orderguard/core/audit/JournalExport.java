package com.orderguard.core.audit;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Base64;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Exports the records a query matches as JSON lines with inclusion proofs, for the daily regulator
 * report. The first line is the latest signed checkpoint in the journal ({@code "type":"checkpoint"});
 * each following line is one record with its raw body (base64, sealed content stays sealed), its
 * leaf index and the RFC 6962 audit path to that checkpoint's root. A recipient checks a line with
 * the public key alone: SHA-256(0x00 ‖ body) is the leaf, the path leads to the root, the root is
 * signed. Records after the latest checkpoint cannot be proven yet and are counted, not exported.
 * <p>
 * Two passes: the first rebuilds the tree ({@link MerkleTree}, about 64 bytes a record in memory)
 * and finds the checkpoint, the second writes the matches.
 */
public final class JournalExport
{
    /** What an export wrote. */
    public record Summary(long exported, long notYetCheckpointed, Checkpoint checkpoint)
    {
    }

    private JournalExport()
    {
    }

    public static Summary export(final Path journal, final JournalQuery query, final Writer out) throws IOException
    {
        final MerkleHasher hasher = new MerkleHasher();
        final MerkleTree tree = new MerkleTree(hasher);
        final byte[] leaf = new byte[MerkleHasher.HASH_LENGTH];
        Checkpoint checkpoint = null;
        long first = -1;
        try (JournalReader reader = JournalReader.live(journal))
        {
            JournalReader.Status status;
            while ((status = reader.next()) == JournalReader.Status.RECORD)
            {
                if (first < 0)
                {
                    first = reader.sequence();
                    if (first != 1)
                    {
                        throw new IOException("export needs the journal from its first record; it starts at " + first +
                            " (earlier segments retired): export from an archive that holds them");
                    }
                }
                if (reader.kindCode() == RecordKind.CHECKPOINT.code())
                {
                    final Checkpoint found = Checkpoint.decode(reader.body(), JournalFormat.PAYLOAD_OFFSET, reader.payloadLength());
                    if (found != null && found.treeSize() == reader.sequence() - 1)
                    {
                        checkpoint = found;
                    }
                }
                reader.leafHash(hasher, leaf, 0);
                tree.appendLeafHash(leaf, 0);
            }
            if (status != JournalReader.Status.END && status != JournalReader.Status.TORN_TAIL)
            {
                throw new JournalDamagedException(reader.currentFile(), reader.recordOffset(), reader.problem());
            }
        }
        if (checkpoint == null)
        {
            throw new IOException("the journal has no signed checkpoint yet: nothing can be proven");
        }
        final Checkpoint proofRoot = checkpoint;
        final Base64.Encoder b64 = Base64.getEncoder();
        out.write(new JsonObject(checkpoint.toJson()).put("type", "checkpoint").encode());
        out.write('\n');
        long exported = 0;
        long pending = 0;
        try (JournalReader reader = JournalReader.live(journal))
        {
            while (reader.next() == JournalReader.Status.RECORD)
            {
                final RecordView view = RecordView.of(reader);
                if (!query.matches(view))
                {
                    continue;
                }
                final long index = reader.sequence() - 1;
                if (index >= proofRoot.treeSize())
                {
                    pending++;
                    continue;
                }
                final JsonArray path = new JsonArray();
                for (final byte[] hash : tree.inclusionProof(index, proofRoot.treeSize()))
                {
                    path.add(b64.encodeToString(hash));
                }
                final byte[] body = java.util.Arrays.copyOf(reader.body(), reader.bodyLength());
                out.write(view.toJson().put("type", "record").put("body", b64.encodeToString(body)).put("leafIndex", index)
                    .put("treeSize", proofRoot.treeSize()).put("proof", path).encode());
                out.write('\n');
                exported++;
            }
        }
        out.flush();
        return new Summary(exported, pending, proofRoot);
    }
}
