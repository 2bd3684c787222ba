package com.orderguard.custody;

import com.orderguard.hsm.SoftHsm2Token;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Key custody's settings, read from {@link Properties} and checked once, at start-up; an error names
 * the bad setting and its value.
 * <ul>
 * <li>{@code custody.dir} (required): holds {@code seal.properties}, {@code journal-signing.pub.pem} and,
 * by default, the token directory {@code token/}.</li>
 * <li>{@code custody.token.dir} (default {@code <custody.dir>/token}): the SoftHSM token directory. A JVM
 * can use one token directory only (SoftHSM reads its configuration once per process), so tests point
 * all their custodies at the one directory of their JVM.</li>
 * <li>{@code custody.pkcs11.library} (default {@value SoftHsm2Token#DEFAULT_LIBRARY_PATH})</li>
 * <li>{@code custody.token.label} (default {@value #DEFAULT_TOKEN_LABEL})</li>
 * <li>{@code custody.seal.shares} n, 2..16 (default 5), and {@code custody.seal.threshold} k, 2..n
 * (default 3): any k of the n shares unseal.</li>
 * <li>{@code custody.envelope.maxRecordsPerDataKey} (default 2^24, at most 2^32) and
 * {@code custody.envelope.maxDataKeyAgeSeconds} (default 3600): a data key is rotated at whichever comes first.</li>
 * <li>{@code custody.rotation.noticeDays} (default 14): a key's rotation is reported due this long before it expires.</li>
 * </ul>
 * Any other {@code custody.*} key is refused: a misspelt setting would otherwise fall back to its
 * default without a word.
 */
public final class KeyCustodyConfig
{
    public static final String DIR = "custody.dir";
    public static final String TOKEN_DIR = "custody.token.dir";
    public static final String PKCS11_LIBRARY = "custody.pkcs11.library";
    public static final String TOKEN_LABEL = "custody.token.label";
    public static final String SEAL_SHARES = "custody.seal.shares";
    public static final String SEAL_THRESHOLD = "custody.seal.threshold";
    public static final String ENVELOPE_MAX_RECORDS = "custody.envelope.maxRecordsPerDataKey";
    public static final String ENVELOPE_MAX_AGE_SECONDS = "custody.envelope.maxDataKeyAgeSeconds";
    public static final String ROTATION_NOTICE_DAYS = "custody.rotation.noticeDays";
    /** 2^24 records per data key: far below GCM's limits, and a rotation costs one token call and one fsync. */
    public static final long DEFAULT_ENVELOPE_MAX_RECORDS = 1L << 24;
    public static final long DEFAULT_ENVELOPE_MAX_AGE_SECONDS = 3600;
    public static final int DEFAULT_ROTATION_NOTICE_DAYS = 14;
    public static final String DEFAULT_TOKEN_LABEL = "orderguard";
    public static final int DEFAULT_SHARES = 5;
    public static final int DEFAULT_THRESHOLD = 3;
    public static final int MIN_SHARES = 2;
    /** Shares are numbered 1..n in one byte, and a ceremony of more than 16 officers is not a ceremony. */
    public static final int MAX_SHARES = 16;
    public static final int MIN_THRESHOLD = 2;
    public static final String SEAL_FILE = "seal.properties";
    public static final String JOURNAL_PUBLIC_KEY_FILE = "journal-signing.pub.pem";

    private static final List<String> KEYS = List.of(DIR, TOKEN_DIR, PKCS11_LIBRARY, TOKEN_LABEL, SEAL_SHARES, SEAL_THRESHOLD,
        ENVELOPE_MAX_RECORDS, ENVELOPE_MAX_AGE_SECONDS, ROTATION_NOTICE_DAYS);

    private final Path dir;
    private final Path tokenDir;
    private final String pkcs11Library;
    private final String tokenLabel;
    private final int shares;
    private final int threshold;
    private final long envelopeMaxRecords;
    private final long envelopeMaxAgeSeconds;
    private final int rotationNoticeDays;

    private KeyCustodyConfig(
        final Path dir,
        final Path tokenDir,
        final String pkcs11Library,
        final String tokenLabel,
        final int shares,
        final int threshold,
        final long envelopeMaxRecords,
        final long envelopeMaxAgeSeconds,
        final int rotationNoticeDays)
    {
        this.envelopeMaxRecords = envelopeMaxRecords;
        this.envelopeMaxAgeSeconds = envelopeMaxAgeSeconds;
        this.rotationNoticeDays = rotationNoticeDays;
        this.dir = dir;
        this.tokenDir = tokenDir;
        this.pkcs11Library = pkcs11Library;
        this.tokenLabel = tokenLabel;
        this.shares = shares;
        this.threshold = threshold;
    }

    /** Reads and checks the {@code custody.*} settings; throws {@link IllegalArgumentException} naming the bad one. */
    public static KeyCustodyConfig from(final Properties p)
    {
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith("custody.") && !KEYS.contains(key))
            {
                throw new IllegalArgumentException(key + " is not a key custody setting (known: " + String.join(", ", KEYS) + ")");
            }
        }

        final String dirText = trimmed(p, DIR);
        if (null == dirText)
        {
            throw new IllegalArgumentException(DIR + " is required: the directory for the seal file, the journal " +
                "public key and the token");
        }
        final Path dir = path(DIR, dirText);
        final String tokenDirText = trimmed(p, TOKEN_DIR);
        final Path tokenDir = null == tokenDirText ? dir.resolve("token") : path(TOKEN_DIR, tokenDirText);

        final String library = orDefault(trimmed(p, PKCS11_LIBRARY), SoftHsm2Token.DEFAULT_LIBRARY_PATH);
        if (!library.startsWith("/"))
        {
            throw new IllegalArgumentException(PKCS11_LIBRARY + " must be an absolute path, was '" + library + "'");
        }

        final String label = orDefault(trimmed(p, TOKEN_LABEL), DEFAULT_TOKEN_LABEL);
        if (!label.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,31}"))
        {
            throw new IllegalArgumentException(TOKEN_LABEL + " must be 1 to 32 letters, digits and (not first) " +
                "'-', '_', '.', was '" + label + "'");
        }

        final int shares = integer(p, SEAL_SHARES, DEFAULT_SHARES);
        if (shares < MIN_SHARES || shares > MAX_SHARES)
        {
            throw new IllegalArgumentException(
                SEAL_SHARES + " must be between " + MIN_SHARES + " and " + MAX_SHARES + ", was " + shares);
        }

        final int threshold = integer(p, SEAL_THRESHOLD, DEFAULT_THRESHOLD);
        if (threshold < MIN_THRESHOLD || threshold > shares)
        {
            throw new IllegalArgumentException(SEAL_THRESHOLD + " must be between " + MIN_THRESHOLD + " and " +
                SEAL_SHARES + " (" + shares + "), was " + threshold);
        }

        final long maxRecords = longInteger(p, ENVELOPE_MAX_RECORDS, DEFAULT_ENVELOPE_MAX_RECORDS);
        if (maxRecords < 1 || maxRecords > (1L << 32))
        {
            throw new IllegalArgumentException(ENVELOPE_MAX_RECORDS + " must be between 1 and 2^32 (GCM counter IVs), was " +
                maxRecords);
        }
        final long maxAgeSeconds = longInteger(p, ENVELOPE_MAX_AGE_SECONDS, DEFAULT_ENVELOPE_MAX_AGE_SECONDS);
        if (maxAgeSeconds < 1 || maxAgeSeconds > 366L * 24 * 3600)
        {
            throw new IllegalArgumentException(ENVELOPE_MAX_AGE_SECONDS + " must be between 1 and one year in seconds, was " +
                maxAgeSeconds);
        }
        final int noticeDays = integer(p, ROTATION_NOTICE_DAYS, DEFAULT_ROTATION_NOTICE_DAYS);
        if (noticeDays < 0 || noticeDays > 365)
        {
            throw new IllegalArgumentException(ROTATION_NOTICE_DAYS + " must be between 0 and 365, was " + noticeDays);
        }

        return new KeyCustodyConfig(dir, tokenDir, library, label, shares, threshold, maxRecords, maxAgeSeconds, noticeDays);
    }

    /** {@code custody.dir}: absolute, normalised. */
    public Path dir()
    {
        return dir;
    }

    /** The SoftHSM token directory: {@code custody.token.dir}, or {@code dir()/token}. */
    public Path tokenDir()
    {
        return tokenDir;
    }

    public String pkcs11Library()
    {
        return pkcs11Library;
    }

    public String tokenLabel()
    {
        return tokenLabel;
    }

    /** n: how many shares the seal secret is split into at initialisation. */
    public int shares()
    {
        return shares;
    }

    /** k: how many shares unseal. */
    public int threshold()
    {
        return threshold;
    }

    /** Records one data key encrypts before envelope encryption rotates it ({@code custody.envelope.maxRecordsPerDataKey}). */
    public long envelopeMaxRecordsPerDataKey()
    {
        return envelopeMaxRecords;
    }

    /** Seconds a data key encrypts before it is rotated ({@code custody.envelope.maxDataKeyAgeSeconds}). */
    public long envelopeMaxDataKeyAgeSeconds()
    {
        return envelopeMaxAgeSeconds;
    }

    /** How many days before a key's expiry its rotation is reported due ({@code custody.rotation.noticeDays}). */
    public int rotationNoticeDays()
    {
        return rotationNoticeDays;
    }

    /** {@code dir()/key-inventory.properties}: every key's purpose, version, state, dates, fingerprint. */
    public Path inventoryFile()
    {
        return dir.resolve(com.orderguard.custody.inventory.KeyInventory.FILE);
    }

    /** {@code dir()/data-keys.properties}: the envelope data keys, wrapped under the token's KEK. */
    public Path dataKeyFile()
    {
        return dir.resolve(com.orderguard.custody.envelope.DataKeyStore.FILE);
    }

    /** {@code dir()/seal-rekey.properties}: the new seal set of a re-key being confirmed (digests only). */
    public Path pendingSealFile()
    {
        return dir.resolve("seal-rekey.properties");
    }

    /** {@code dir()/seal.properties}: seal set id, n, k, token label, one digest per share; no secret. */
    public Path sealFile()
    {
        return dir.resolve(SEAL_FILE);
    }

    /** {@code dir()/journal-signing.pub.pem}: for verifying the journal without the HSM. */
    public Path journalPublicKeyFile()
    {
        return dir.resolve(JOURNAL_PUBLIC_KEY_FILE);
    }

    @Override
    public String toString()
    {
        return "KeyCustodyConfig[" + DIR + "=" + dir + ", " + TOKEN_DIR + "=" + tokenDir + ", " + PKCS11_LIBRARY + "=" +
            pkcs11Library + ", " + TOKEN_LABEL + "=" + tokenLabel + ", " + SEAL_SHARES + "=" + shares + ", " +
            SEAL_THRESHOLD + "=" + threshold + ", " + ENVELOPE_MAX_RECORDS + "=" + envelopeMaxRecords + ", " +
            ENVELOPE_MAX_AGE_SECONDS + "=" + envelopeMaxAgeSeconds + ", " + ROTATION_NOTICE_DAYS + "=" + rotationNoticeDays + "]";
    }

    private static String trimmed(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        return null == value || value.isBlank() ? null : value.trim();
    }

    private static String orDefault(final String value, final String defaultValue)
    {
        return null == value ? defaultValue : value;
    }

    private static Path path(final String key, final String text)
    {
        try
        {
            return Path.of(text).toAbsolutePath().normalize();
        }
        catch (final InvalidPathException ex)
        {
            throw new IllegalArgumentException(key + " is not a valid path, was '" + text + "'", ex);
        }
    }

    private static long longInteger(final Properties p, final String key, final long defaultValue)
    {
        final String text = trimmed(p, key);
        if (null == text)
        {
            return defaultValue;
        }

        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be an integer, was '" + text + "'", ex);
        }
    }

    private static int integer(final Properties p, final String key, final int defaultValue)
    {
        final String text = trimmed(p, key);
        if (null == text)
        {
            return defaultValue;
        }

        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be an integer, was '" + text + "'", ex);
        }
    }
}
