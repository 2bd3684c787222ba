package com.orderguard.custody.inventory;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The custody's list of keys and its rotation policy, persisted as {@code key-inventory.properties} in
 * the custody directory: no secret material, only what a key is, its state and dates and fingerprint.
 * <pre>
 * format=orderguard-key-inventory-v1
 * rotation.order-flow-kek.days=90
 * key.order-flow-kek.v1.algorithm=AES_256
 * key.order-flow-kek.v1.state=ACTIVE
 * key.order-flow-kek.v1.created=2026-11-22T06:00:00Z
 * key.order-flow-kek.v1.activated=2026-11-22T06:00:00Z
 * key.order-flow-kek.v1.expires=2027-02-20T06:00:00Z
 * key.order-flow-kek.v1.fingerprint=kcv:...
 * </pre>
 * The last line is {@code signature=<base64 DER ECDSA>}: the ACTIVE journal-signing key's signature, made
 * in the token, over every byte of the file before that line; key custody checks it at unseal, so an
 * inventory changed outside custody (a state rewritten, a key's history hidden) refuses to unseal.
 * <p>
 * What must hold: at most one ACTIVE version per purpose; versions only grow; the file is replaced
 * atomically (write, fsync, rename), so a crash leaves the old or the new inventory, never half of one.
 * Reads are safe from any thread; changes must be serialised by the owner (key custody's lock).
 * The token is the authority on which keys exist; this file is the authority on their state.
 */
public final class KeyInventory
{
    public static final String FILE = "key-inventory.properties";
    public static final String FORMAT = "orderguard-key-inventory-v1";
    public static final String SIGNATURE = "signature";
    /** Rotation is due this long after activation unless the policy says otherwise (SP 800-57 leaves it to us; 90 days is common). */
    public static final Duration DEFAULT_ROTATION = Duration.ofDays(90);

    private final Path file;
    /** Immutable, replaced whole on each change: readers on other threads (envelope encryption) see one version or the next. */
    private volatile List<KeyRecord> records = List.of();
    private final Map<KeyPurpose, Duration> rotation = new EnumMap<>(KeyPurpose.class);
    /** As read from the file: the signed bytes and the signature (null for a new or unsigned inventory). */
    private byte[] signedBody;
    private byte[] signature;

    private KeyInventory(final Path file)
    {
        this.file = file;
        for (final KeyPurpose purpose : KeyPurpose.values())
        {
            rotation.put(purpose, DEFAULT_ROTATION);
        }
    }

    /** A new, empty inventory to be written to {@code file} (refused later if it exists). */
    public static KeyInventory create(final Path file)
    {
        return new KeyInventory(file);
    }

    /** Reads {@code file}; anything missing or unknown fails, naming the key. */
    public static KeyInventory read(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final Properties p = new Properties();
        p.load(new StringReader(text));
        if (!FORMAT.equals(p.getProperty("format")))
        {
            throw new IOException(file + ": format must be " + FORMAT + ", was " + p.getProperty("format"));
        }

        final KeyInventory inventory = new KeyInventory(file);
        final int signatureAt = text.lastIndexOf("\n" + SIGNATURE + "=");
        if (signatureAt >= 0)
        {
            inventory.signedBody = text.substring(0, signatureAt + 1).getBytes(StandardCharsets.UTF_8);
            try
            {
                inventory.signature = java.util.Base64.getDecoder().decode(p.getProperty(SIGNATURE).trim());
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IOException(file + ": " + SIGNATURE + " is not base64", ex);
            }
        }
        final TreeSet<String> aliases = new TreeSet<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith("rotation.") && key.endsWith(".days"))
            {
                final String label = key.substring("rotation.".length(), key.length() - ".days".length());
                final KeyPurpose purpose = KeyPurpose.ofLabel(label);
                if (null == purpose)
                {
                    throw new IOException(file + ": " + key + " names no key purpose");
                }
                inventory.rotation.put(purpose, Duration.ofDays(positive(file, key, p.getProperty(key))));
            }
            else if (key.startsWith("key.") && key.endsWith(".state"))
            {
                aliases.add(key.substring("key.".length(), key.length() - ".state".length()));
            }
            else if (!key.equals("format") && !key.equals(SIGNATURE) && !key.startsWith("key."))
            {
                throw new IOException(file + ": unknown setting " + key);
            }
        }

        final List<KeyRecord> parsed = new ArrayList<>();
        for (final String alias : aliases)
        {
            parsed.add(parseRecord(file, p, alias));
        }
        parsed.sort(ORDER);
        inventory.records = List.copyOf(parsed);
        try
        {
            checkOneActivePerPurpose(parsed);
        }
        catch (final IllegalStateException ex)
        {
            throw new IOException(file + ": " + ex.getMessage(), ex);
        }
        return inventory;
    }

    public Path file()
    {
        return file;
    }

    /** Every version of every purpose, by purpose then version; destroyed ones included (their record stays). */
    public List<KeyRecord> list()
    {
        return records;
    }

    /** The record of {@code alias}, or null. */
    public KeyRecord find(final String alias)
    {
        for (final KeyRecord record : records)
        {
            if (record.alias().equals(alias))
            {
                return record;
            }
        }

        return null;
    }

    /** The ACTIVE version of {@code purpose}, or null. */
    public KeyRecord active(final KeyPurpose purpose)
    {
        for (final KeyRecord record : records)
        {
            if (record.purpose() == purpose && record.state() == KeyState.ACTIVE)
            {
                return record;
            }
        }

        return null;
    }

    /** The version a new key of {@code purpose} gets: one more than any there ever was. */
    public int nextVersion(final KeyPurpose purpose)
    {
        int max = 0;
        for (final KeyRecord record : records)
        {
            if (record.purpose() == purpose)
            {
                max = Math.max(max, record.version());
            }
        }

        return max + 1;
    }

    public Duration rotationPeriod(final KeyPurpose purpose)
    {
        return rotation.get(purpose);
    }

    /** Sets the rotation period of {@code purpose}; its active key's expiry moves with it. Not persisted until {@link #write()}. */
    public void rotationPeriod(final KeyPurpose purpose, final Duration period)
    {
        if (period.isNegative() || period.isZero() || period.toDays() < 1)
        {
            throw new IllegalArgumentException("rotation period of " + purpose.label() + " must be at least one day, was " + period);
        }
        rotation.put(purpose, period);
        final KeyRecord active = active(purpose);
        if (null != active && null != active.activatedAt())
        {
            put(active.withExpiresAt(active.activatedAt().plus(period)));
        }
    }

    /**
     * ACTIVE keys whose rotation is due at {@code now} or within {@code notice} of it, soonest first: the
     * control plane raises a pending rotation request for each before it expires.
     */
    public List<KeyRecord> dueForRotation(final Instant now, final Duration notice)
    {
        final List<KeyRecord> due = new ArrayList<>();
        final Instant horizon = now.plus(notice);
        for (final KeyRecord record : records)
        {
            if (record.state() == KeyState.ACTIVE && null != record.expiresAt() && !record.expiresAt().isAfter(horizon))
            {
                due.add(record);
            }
        }
        due.sort(Comparator.comparing(KeyRecord::expiresAt));
        return due;
    }

    /** Adds or replaces the record of the same alias; refuses (changing nothing) a second ACTIVE key of a purpose. Not persisted until {@link #write()}. */
    public void put(final KeyRecord record)
    {
        final List<KeyRecord> next = new ArrayList<>(records);
        next.removeIf(existing -> existing.alias().equals(record.alias()));
        next.add(record);
        next.sort(ORDER);
        checkOneActivePerPurpose(next);
        records = List.copyOf(next);
    }

    /**
     * Replaces the file atomically (temp file, fsync, rename; owner-only), signed: {@code signer} gets every
     * byte before the signature line and returns the signature (the ACTIVE journal key in the token).
     */
    public void write(final java.util.function.Function<byte[], byte[]> signer) throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("format", FORMAT);
        for (final Map.Entry<KeyPurpose, Duration> entry : rotation.entrySet())
        {
            p.setProperty("rotation." + entry.getKey().label() + ".days", Long.toString(entry.getValue().toDays()));
        }
        for (final KeyRecord record : records)
        {
            final String prefix = "key." + record.alias() + ".";
            p.setProperty(prefix + "algorithm", record.algorithm().name());
            p.setProperty(prefix + "state", record.state().name());
            p.setProperty(prefix + "created", record.createdAt().toString());
            p.setProperty(prefix + "fingerprint", record.fingerprint());
            putInstant(p, prefix + "activated", record.activatedAt());
            putInstant(p, prefix + "expires", record.expiresAt());
            putInstant(p, prefix + "deactivated", record.deactivatedAt());
            putInstant(p, prefix + "destroyed", record.destroyedAt());
        }

        final StringWriter text = new StringWriter();
        p.store(text, "OrderGuard key inventory: no secret material; written by key custody only, signed by its journal key");
        final String body = text.toString().replace("\r\n", "\n");
        final byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        final byte[] signed = signer.apply(bodyBytes);
        writeAtomically(file, body + SIGNATURE + "=" + java.util.Base64.getEncoder().encodeToString(signed) + "\n");
        signedBody = bodyBytes;
        signature = signed;
    }

    /** Whether the file as read (or last written) carries a signature by {@code publicKey} over its body. */
    public boolean signatureVerifies(final java.security.PublicKey publicKey, final String signatureAlgorithm)
    {
        if (null == signedBody || null == signature)
        {
            return false;
        }
        try
        {
            final java.security.Signature verifier = java.security.Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(signedBody);
            return verifier.verify(signature);
        }
        catch (final java.security.GeneralSecurityException ex)
        {
            return false;
        }
    }

    /** Writes {@code text} to a temp file beside {@code file}, fsyncs, and renames it over {@code file}; owner-only. */
    public static void writeAtomically(final Path file, final String text) throws IOException
    {
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp);
        if (null != Files.getFileAttributeView(temp, PosixFileAttributeView.class))
        {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE))
        {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void checkOneActivePerPurpose(final List<KeyRecord> records)
    {
        final Map<KeyPurpose, String> active = new EnumMap<>(KeyPurpose.class);
        for (final KeyRecord record : records)
        {
            if (record.state() == KeyState.ACTIVE)
            {
                final String other = active.put(record.purpose(), record.alias());
                if (null != other)
                {
                    throw new IllegalStateException("two ACTIVE keys for " + record.purpose().label() + ": " + other +
                        " and " + record.alias());
                }
            }
        }
    }

    private static final Comparator<KeyRecord> ORDER =
        Comparator.comparing(KeyRecord::purpose).thenComparingInt(KeyRecord::version);

    private static KeyRecord parseRecord(final Path file, final Properties p, final String alias) throws IOException
    {
        final int dot = alias.lastIndexOf(".v");
        final KeyPurpose purpose = dot < 0 ? null : KeyPurpose.ofLabel(alias.substring(0, dot));
        if (null == purpose)
        {
            throw new IOException(file + ": key " + alias + " names no key purpose");
        }
        final int version = (int)positive(file, "key." + alias + " version", alias.substring(dot + 2));
        final String prefix = "key." + alias + ".";
        try
        {
            return new KeyRecord(
                purpose,
                version,
                KeyAlgorithm.valueOf(required(file, p, prefix + "algorithm")),
                KeyState.valueOf(required(file, p, prefix + "state")),
                Instant.parse(required(file, p, prefix + "created")),
                instant(p, prefix + "activated"),
                instant(p, prefix + "expires"),
                instant(p, prefix + "deactivated"),
                instant(p, prefix + "destroyed"),
                required(file, p, prefix + "fingerprint"));
        }
        catch (final IllegalArgumentException | DateTimeParseException ex)
        {
            throw new IOException(file + ": key " + alias + " is malformed: " + ex.getMessage(), ex);
        }
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

    private static Instant instant(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        return null == value || value.isBlank() ? null : Instant.parse(value.trim());
    }

    private static void putInstant(final Properties p, final String key, final Instant value)
    {
        if (null != value)
        {
            p.setProperty(key, value.toString());
        }
    }

    private static long positive(final Path file, final String key, final String text) throws IOException
    {
        try
        {
            final long value = Long.parseLong(text.trim());
            if (value < 1)
            {
                throw new NumberFormatException("not positive");
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IOException(file + ": " + key + " must be a positive integer, was '" + text + "'", ex);
        }
    }
}
