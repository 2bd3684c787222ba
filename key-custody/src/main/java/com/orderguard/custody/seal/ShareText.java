package com.orderguard.custody.seal;

import java.util.Arrays;
import java.util.Locale;

/**
 * One unseal share as an officer holds it: {@code ogs1-SSSSSSSS-I-HHHH...}.
 * <ul>
 * <li>{@code ogs1}: format tag ("OrderGuard share", version 1)</li>
 * <li>{@code SSSSSSSS}: the seal set id, 8 hex digits (32 random bits drawn at initialisation)</li>
 * <li>{@code I}: the share number, 1..16 in decimal, no leading zero; it is the x-coordinate of the
 * Shamir share, so it belongs to the share</li>
 * <li>{@code HHHH...}: the share's {@value #SHARE_BYTES} bytes, 64 hex digits</li>
 * </ul>
 * Parsing trims surrounding white space and takes hex digits in either case. The bytes held here are
 * the caller's to {@link #wipe()}.
 */
public final class ShareText
{
    public static final String TAG = "ogs1";
    public static final int SHARE_BYTES = 32;
    public static final int MAX_INDEX = 16;
    public static final String FORMAT = TAG + "-<seal set: 8 hex digits>-<share number>-<" + 2 * SHARE_BYTES + " hex digits>";

    private final int sealSetId;
    private final int index;
    private final byte[] bytes;

    public ShareText(final int sealSetId, final int index, final byte[] bytes)
    {
        if (index < 1 || index > MAX_INDEX)
        {
            throw new IllegalArgumentException("share number must be 1.." + MAX_INDEX + ", was " + index);
        }
        if (bytes.length != SHARE_BYTES)
        {
            throw new IllegalArgumentException("a share has " + SHARE_BYTES + " bytes, was " + bytes.length);
        }
        this.sealSetId = sealSetId;
        this.index = index;
        this.bytes = bytes;
    }

    public static ShareText parse(final String text) throws MalformedShareException
    {
        if (null == text)
        {
            throw new MalformedShareException("no share given; expected " + FORMAT, -1);
        }

        final String[] parts = text.strip().split("-", -1);
        if (parts.length != 4 || !parts[0].toLowerCase(Locale.ROOT).equals(TAG))
        {
            throw new MalformedShareException("not a share: expected " + FORMAT, -1);
        }

        final String index = parts[2];
        if (!index.matches("[1-9][0-9]?") || Integer.parseInt(index) > MAX_INDEX)
        {
            throw new MalformedShareException("not a share: the share number must be 1 to " + MAX_INDEX +
                " in decimal, expected " + FORMAT, -1);
        }
        final int shareIndex = Integer.parseInt(index);

        if (parts[1].length() != 8 || !Hex.isHex(parts[1]))
        {
            throw new MalformedShareException("share " + shareIndex + " is malformed: its seal set must be 8 hex digits, " +
                "expected " + FORMAT, shareIndex);
        }

        final String hex = parts[3];
        if (hex.length() != 2 * SHARE_BYTES || !Hex.isHex(hex))
        {
            throw new MalformedShareException("share " + shareIndex + " is malformed: it must end in " + 2 * SHARE_BYTES +
                " hex digits, has " + hex.length() + " characters" + (Hex.isHex(hex) ? "" : " with non-hex ones"),
                shareIndex);
        }

        return new ShareText((int)Long.parseLong(parts[1], 16), shareIndex, Hex.decodeOrNull(hex));
    }

    public static String format(final int sealSetId, final int index, final byte[] bytes)
    {
        return TAG + "-" + sealSetIdText(sealSetId) + "-" + index + "-" + Hex.encode(bytes);
    }

    /** The seal set id as shares and messages print it: 8 lower-case hex digits. */
    public static String sealSetIdText(final int sealSetId)
    {
        return String.format("%08x", sealSetId);
    }

    public int sealSetId()
    {
        return sealSetId;
    }

    public int index()
    {
        return index;
    }

    /** The share bytes themselves (not a copy). */
    public byte[] bytes()
    {
        return bytes;
    }

    public void wipe()
    {
        Arrays.fill(bytes, (byte)0);
    }

    @Override
    public String toString()
    {
        return "ShareText[set=" + sealSetIdText(sealSetId) + ", index=" + index + ", bytes=<withheld>]";
    }
}
