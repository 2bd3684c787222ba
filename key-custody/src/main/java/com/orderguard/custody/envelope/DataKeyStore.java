package com.orderguard.custody.envelope;

import com.orderguard.custody.inventory.KeyInventory;
import com.orderguard.custody.seal.Hex;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * {@code data-keys.properties} in the custody directory: every data key ever made, wrapped under a KEK
 * that never leaves the token. No clear key material. Replaced atomically on every change (write,
 * fsync, rename), and a new data key is on disk before the first record is encrypted under it, so no
 * blob ever names a key the store does not have.
 * <pre>
 * format=orderguard-data-keys-v1
 * dk.7.state=RETIRED
 * dk.7.created=2026-11-22T06:00:00Z
 * dk.7.kek=order-flow-kek.v1
 * dk.7.iv=&lt;24 hex&gt;
 * dk.7.wrapped=&lt;96 hex: 32-byte key + 16-byte tag&gt;
 * </pre>
 * Not thread-safe: envelope encryption serialises every call.
 */
public final class DataKeyStore
{
    public static final String FILE = "data-keys.properties";
    public static final String FORMAT = "orderguard-data-keys-v1";

    private final Path file;
    private final TreeMap<Long, WrappedDataKey> keys = new TreeMap<>();

    private DataKeyStore(final Path file)
    {
        this.file = file;
    }

    /** The store in {@code file}, empty if the file does not exist yet. */
    public static DataKeyStore open(final Path file) throws IOException
    {
        final DataKeyStore store = new DataKeyStore(file);
        if (!Files.exists(file))
        {
            return store;
        }

        final Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        if (!FORMAT.equals(p.getProperty("format")))
        {
            throw new IOException(file + ": format must be " + FORMAT + ", was " + p.getProperty("format"));
        }
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith("dk.") && key.endsWith(".state"))
            {
                final String idText = key.substring(3, key.length() - ".state".length());
                try
                {
                    final long id = Long.parseLong(idText);
                    final String prefix = "dk." + id + ".";
                    final DataKeyState state = DataKeyState.valueOf(p.getProperty(key).trim());
                    final Instant created = Instant.parse(p.getProperty(prefix + "created").trim());
                    if (state == DataKeyState.DESTROYED)
                    {
                        store.keys.put(id, new WrappedDataKey(id, null, null, null, created, state));
                    }
                    else
                    {
                        store.keys.put(id, new WrappedDataKey(id, p.getProperty(prefix + "kek").trim(),
                            Hex.decodeOrNull(p.getProperty(prefix + "iv").trim()),
                            Hex.decodeOrNull(p.getProperty(prefix + "wrapped").trim()), created, state));
                    }
                }
                catch (final RuntimeException ex)
                {
                    throw new IOException(file + ": data key " + idText + " is malformed: " + ex, ex);
                }
            }
        }

        return store;
    }

    /** The key with {@code id}, or null if there never was one. */
    public WrappedDataKey find(final long id)
    {
        return keys.get(id);
    }

    public List<WrappedDataKey> list()
    {
        return new ArrayList<>(keys.values());
    }

    /** One more than the highest id there ever was (ids are never reused, also after destruction). */
    public long nextId()
    {
        return keys.isEmpty() ? 1 : keys.lastKey() + 1;
    }

    /** Adds or replaces; not on disk until {@link #write()}. */
    public void put(final WrappedDataKey key)
    {
        keys.put(key.id(), key);
    }

    public void write() throws IOException
    {
        final Properties p = new Properties();
        p.setProperty("format", FORMAT);
        for (final WrappedDataKey key : keys.values())
        {
            final String prefix = "dk." + key.id() + ".";
            p.setProperty(prefix + "state", key.state().name());
            p.setProperty(prefix + "created", key.createdAt().toString());
            if (key.state() != DataKeyState.DESTROYED)
            {
                p.setProperty(prefix + "kek", key.kekAlias());
                p.setProperty(prefix + "iv", Hex.encode(key.iv()));
                p.setProperty(prefix + "wrapped", Hex.encode(key.wrapped()));
            }
        }
        final StringWriter text = new StringWriter();
        p.store(text, "OrderGuard data keys, each wrapped under a KEK inside the HSM; no clear key material");
        KeyInventory.writeAtomically(file, text.toString());
    }
}
