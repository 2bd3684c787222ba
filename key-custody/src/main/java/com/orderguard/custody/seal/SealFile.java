package com.orderguard.custody.seal;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * {@code seal.properties}: what the appliance knows about its seal set while sealed. No secret: the
 * seal set id, n, k, the token's label, and one digest per share (see {@link ShareAuthenticator}).
 * <pre>
 * format=orderguard-seal-v1
 * seal.set.id=1a2b3c4d
 * seal.shares=5
 * seal.threshold=3
 * token.label=orderguard
 * share.1.sha256=&lt;64 hex digits&gt;
 * ...
 * share.5.sha256=&lt;64 hex digits&gt;
 * </pre>
 * Written once, at initialisation, atomically and owner-only; read at every start, where anything
 * missing or out of range fails start-up naming the key.
 */
public final class SealFile
{
    public static final String FORMAT = "orderguard-seal-v1";

    private final int sealSetId;
    private final int shares;
    private final int threshold;
    private final String tokenLabel;
    private final byte[][] shareDigests;

    /** {@code shareDigests[i - 1]} is share i's digest. */
    public SealFile(
        final int sealSetId, final int shares, final int threshold, final String tokenLabel, final byte[][] shareDigests)
    {
        if (shares < 2 || shares > ShareText.MAX_INDEX || threshold < 2 || threshold > shares)
        {
            throw new IllegalArgumentException("need 2 <= threshold <= shares <= " + ShareText.MAX_INDEX + ", was " +
                threshold + " of " + shares);
        }
        if (shareDigests.length != shares)
        {
            throw new IllegalArgumentException("need one digest per share, " + shares + ", was " + shareDigests.length);
        }
        this.sealSetId = sealSetId;
        this.shares = shares;
        this.threshold = threshold;
        this.tokenLabel = tokenLabel;
        this.shareDigests = new byte[shares][];
        for (int i = 0; i < shares; i++)
        {
            if (shareDigests[i].length != 32)
            {
                throw new IllegalArgumentException("share " + (i + 1) + " digest must be 32 bytes");
            }
            this.shareDigests[i] = shareDigests[i].clone();
        }
    }

    public static SealFile read(final Path file) throws IOException
    {
        final Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        if (!FORMAT.equals(p.getProperty("format")))
        {
            throw new IOException(file + ": format must be " + FORMAT + ", was " + p.getProperty("format"));
        }

        final String setText = required(file, p, "seal.set.id");
        if (setText.length() != 8 || !Hex.isHex(setText))
        {
            throw new IOException(file + ": seal.set.id must be 8 hex digits, was " + setText);
        }
        final int shares = integer(file, p, "seal.shares", 2, ShareText.MAX_INDEX);
        final int threshold = integer(file, p, "seal.threshold", 2, shares);
        final String tokenLabel = required(file, p, "token.label");
        final byte[][] digests = new byte[shares][];
        for (int i = 1; i <= shares; i++)
        {
            final String key = "share." + i + ".sha256";
            final byte[] digest = Hex.decodeOrNull(required(file, p, key));
            if (null == digest || digest.length != 32)
            {
                throw new IOException(file + ": " + key + " must be 64 hex digits");
            }
            digests[i - 1] = digest;
        }

        return new SealFile((int)Long.parseLong(setText, 16), shares, threshold, tokenLabel, digests);
    }

    /** Writes atomically (temp file, then rename), owner-only where the file system has POSIX permissions. */
    public void write(final Path file) throws IOException
    {
        final StringBuilder text = new StringBuilder()
            .append("# OrderGuard key custody seal file. No secret here: share digests only.\n")
            .append("format=").append(FORMAT).append('\n')
            .append("seal.set.id=").append(ShareText.sealSetIdText(sealSetId)).append('\n')
            .append("seal.shares=").append(shares).append('\n')
            .append("seal.threshold=").append(threshold).append('\n')
            .append("token.label=").append(tokenLabel).append('\n');
        for (int i = 1; i <= shares; i++)
        {
            text.append("share.").append(i).append(".sha256=").append(Hex.encode(shareDigests[i - 1])).append('\n');
        }

        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (null != Files.getFileAttributeView(file.getParent(), PosixFileAttributeView.class))
        {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    public int sealSetId()
    {
        return sealSetId;
    }

    public String sealSetIdText()
    {
        return ShareText.sealSetIdText(sealSetId);
    }

    public int shares()
    {
        return shares;
    }

    public int threshold()
    {
        return threshold;
    }

    public String tokenLabel()
    {
        return tokenLabel;
    }

    /** Share {@code index}'s digest (1-based); the array itself, not a copy: do not change it. */
    byte[] shareDigest(final int index)
    {
        return shareDigests[index - 1];
    }

    private static String required(final Path file, final Properties p, final String key) throws IOException
    {
        final String value = p.getProperty(key);
        if (null == value || value.isBlank())
        {
            throw new IOException(file + ": " + key + " is missing");
        }

        return value.trim();
    }

    private static int integer(final Path file, final Properties p, final String key, final int min, final int max)
        throws IOException
    {
        final String text = required(file, p, key);
        try
        {
            final int value = Integer.parseInt(text);
            if (value < min || value > max)
            {
                throw new IOException(file + ": " + key + " must be between " + min + " and " + max + ", was " + value);
            }

            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException(file + ": " + key + " must be an integer, was " + text, ex);
        }
    }
}
