package com.orderguard.custody.envelope;

import com.orderguard.custody.token.CustodyKeys;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Envelope encryption of records (order content in the journal): AES-256-GCM in the JCE under in-memory
 * data keys, each persisted only wrapped under the token's ACTIVE order-flow KEK. The token is called
 * once per data-key rotation (wrap) and once per data key first read after a start (unwrap), never per
 * record.
 * <p>
 * Blob, self-describing (all integers big-endian):
 * <pre>
 * [0]       format version, 1
 * [1..8]    data key id
 * [9..20]   IV: 4 zero bytes || 8-byte invocation counter (SP 800-38D 8.2.1 deterministic construction)
 * [21..]    ciphertext, then the 16-byte tag
 * </pre>
 * The 21-byte header and then the caller's AAD are authenticated as AAD: a blob cannot be moved to another
 * key id or context. What must hold for GCM: an IV is never used twice under one key. A data key encrypts
 * only in the process that generated it (each open makes a new one; the counter lives in memory and starts
 * at 1), so counter IVs never repeat. Rotation: after {@code maxRecordsPerDataKey} records or
 * {@code maxDataKeyAgeMs}, whichever first. Thread-safe (one lock); the journal thread is the one caller.
 */
public final class EnvelopeEncryption
{
    public static final byte FORMAT_V1 = 1;
    public static final int HEADER_BYTES = 1 + 8 + CustodyKeys.GCM_IV_BYTES;
    /** Bytes a blob adds to its plaintext: header and tag. */
    public static final int OVERHEAD_BYTES = HEADER_BYTES + CustodyKeys.GCM_TAG_BYTES;
    private static final int DATA_KEY_BYTES = 32;
    private static final byte[] WRAP_DOMAIN = "orderguard data key v1".getBytes(StandardCharsets.US_ASCII);

    private final KekAccess kek;
    private final DataKeyStore store;
    private final Clock clock;
    private final long maxRecordsPerDataKey;
    private final long maxDataKeyAgeMs;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, SecretKeySpec> unwrapped = new HashMap<>();
    private final Cipher encryptCipher;
    private final Cipher decryptCipher;

    private boolean open;
    private boolean adminClaimed;
    private long currentId = -1;
    private SecretKeySpec currentKey;
    private long counter;
    private long rotateAtMs;
    private long rotations;

    public EnvelopeEncryption(
        final KekAccess kek,
        final DataKeyStore store,
        final Clock clock,
        final long maxRecordsPerDataKey,
        final long maxDataKeyAgeMs)
    {
        if (maxRecordsPerDataKey < 1 || maxRecordsPerDataKey > (1L << 32))
        {
            throw new IllegalArgumentException("maxRecordsPerDataKey must be 1..2^32, was " + maxRecordsPerDataKey);
        }
        if (maxDataKeyAgeMs < 1)
        {
            throw new IllegalArgumentException("maxDataKeyAgeMs must be positive, was " + maxDataKeyAgeMs);
        }
        this.kek = kek;
        this.store = store;
        this.clock = clock;
        this.maxRecordsPerDataKey = maxRecordsPerDataKey;
        this.maxDataKeyAgeMs = maxDataKeyAgeMs;
        try
        {
            this.encryptCipher = Cipher.getInstance("AES/GCM/NoPadding");
            this.decryptCipher = Cipher.getInstance("AES/GCM/NoPadding");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK has no AES/GCM: " + ex.getMessage(), ex);
        }
    }

    /**
     * Encrypts {@code plaintext}, authenticating {@code aad} (metadata that stays in clear beside it); rotates
     * the data key first when it is due, which is the only time this calls the token.
     *
     * @throws IllegalStateException while sealed, or if a due rotation fails (no KEK usable, disk): fail closed.
     */
    public synchronized byte[] encrypt(final byte[] plaintext, final byte[] aad)
    {
        requireOpen();
        if (null == currentKey || counter >= maxRecordsPerDataKey || clock.millis() >= rotateAtMs)
        {
            rotateDataKey();
        }

        final long iv = ++counter;
        final byte[] blob = new byte[HEADER_BYTES + plaintext.length + CustodyKeys.GCM_TAG_BYTES];
        blob[0] = FORMAT_V1;
        putLong(blob, 1, currentId);
        putLong(blob, 1 + 8 + 4, iv);
        try
        {
            encryptCipher.init(Cipher.ENCRYPT_MODE, currentKey,
                new GCMParameterSpec(CustodyKeys.GCM_TAG_BITS, blob, 1 + 8, CustodyKeys.GCM_IV_BYTES));
            encryptCipher.updateAAD(blob, 0, HEADER_BYTES);
            encryptCipher.updateAAD(aad);
            encryptCipher.doFinal(plaintext, 0, plaintext.length, blob, HEADER_BYTES);
            return blob;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM encryption failed: " + ex.getMessage(), ex);
        }
    }

    /**
     * Decrypts a blob made by {@link #encrypt} with the same {@code aad}. Works for every data key not
     * destroyed, whatever KEK wraps it now (one token call the first time a key is needed after a start).
     *
     * @throws DataKeyDestroyedException if its data key (or the KEK of its data key) was destroyed.
     * @throws GeneralSecurityException  if the blob is malformed, names no data key, or fails authentication
     *                                   (altered, or another aad).
     * @throws IllegalStateException     while sealed.
     */
    public synchronized byte[] decrypt(final byte[] blob, final byte[] aad) throws GeneralSecurityException
    {
        requireOpen();
        if (blob.length < OVERHEAD_BYTES || blob[0] != FORMAT_V1)
        {
            throw new GeneralSecurityException("not an envelope blob (length " + blob.length + ", format " +
                (blob.length > 0 ? blob[0] : -1) + ")");
        }
        final long id = getLong(blob, 1);
        final SecretKeySpec key = dataKey(id);
        decryptCipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(CustodyKeys.GCM_TAG_BITS, blob, 1 + 8,
            CustodyKeys.GCM_IV_BYTES));
        decryptCipher.updateAAD(blob, 0, HEADER_BYTES);
        decryptCipher.updateAAD(aad);
        try
        {
            return decryptCipher.doFinal(blob, HEADER_BYTES, blob.length - HEADER_BYTES);
        }
        catch (final AEADBadTagException ex)
        {
            throw new AEADBadTagException("blob under data key " + id + " fails authentication: altered, or another aad");
        }
    }

    /** The data key id a blob names (readable without keys: the key id is metadata). */
    public static long dataKeyIdOf(final byte[] blob)
    {
        if (blob.length < OVERHEAD_BYTES || blob[0] != FORMAT_V1)
        {
            throw new IllegalArgumentException("not an envelope blob");
        }
        return getLong(blob, 1);
    }

    /**
     * Makes a new data key now: 32 random bytes, wrapped in the token under the ACTIVE KEK, written to the
     * store (fsync) before any record uses it; the previous one is RETIRED (decrypt only).
     */
    public synchronized long rotateDataKey()
    {
        requireOpen();
        final byte[] keyBytes = new byte[DATA_KEY_BYTES];
        random.nextBytes(keyBytes);
        try
        {
            final long id = store.nextId();
            final String kekAlias = kek.activeKekAlias();
            final byte[] iv = new byte[CustodyKeys.GCM_IV_BYTES];
            random.nextBytes(iv);
            final byte[] wrapped = kek.wrap(kekAlias, iv, wrapAad(id, kekAlias), keyBytes);
            if (currentId > 0)
            {
                store.put(store.find(currentId).retired());
            }
            final Instant now = clock.instant();
            store.put(new WrappedDataKey(id, kekAlias, iv, wrapped, now, DataKeyState.ACTIVE));
            store.write();

            final SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
            unwrapped.put(id, key);
            currentId = id;
            currentKey = key;
            counter = 0;
            rotateAtMs = now.toEpochMilli() + maxDataKeyAgeMs;
            rotations++;
            return id;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot persist a new data key: " + ex.getMessage(), ex);
        }
        finally
        {
            Arrays.fill(keyBytes, (byte)0);
        }
    }

    /**
     * Re-wraps every live data key under {@code newKekAlias} (after a KEK rotation), so the old KEK is no
     * longer needed to read anything and can be destroyed. One unwrap and one wrap in the token per key;
     * the store is replaced once, atomically. Returns how many keys were re-wrapped.
     */
    synchronized int rewrapAll(final String newKekAlias) throws GeneralSecurityException, IOException
    {
        requireOpen();
        int count = 0;
        for (final WrappedDataKey key : store.list())
        {
            if (key.state() == DataKeyState.DESTROYED || newKekAlias.equals(key.kekAlias()))
            {
                continue;
            }
            final byte[] clear = kek.unwrap(key.kekAlias(), key.iv(), wrapAad(key.id(), key.kekAlias()), key.wrapped());
            try
            {
                final byte[] iv = new byte[CustodyKeys.GCM_IV_BYTES];
                random.nextBytes(iv);
                store.put(key.rewrapped(newKekAlias, iv, kek.wrap(newKekAlias, iv, wrapAad(key.id(), newKekAlias), clear)));
                count++;
            }
            finally
            {
                Arrays.fill(clear, (byte)0);
            }
        }
        store.write();
        return count;
    }

    /**
     * Destroys data key {@code id}: its wrapped form is deleted from the store (written at once), and the
     * clear copy dropped from memory: every blob under it becomes unreadable (crypto-shredding).
     */
    synchronized void destroyDataKey(final long id) throws IOException
    {
        final WrappedDataKey key = store.find(id);
        if (null == key)
        {
            throw new IllegalArgumentException("there is no data key " + id);
        }
        store.put(key.destroyed());
        store.write();
        unwrapped.remove(id);
        if (id == currentId)
        {
            currentId = -1;
            currentKey = null;
        }
    }

    /** Marks as destroyed every data key still wrapped only under {@code kekAlias} (that KEK is being destroyed). */
    synchronized int destroyDataKeysWrappedUnder(final String kekAlias) throws IOException
    {
        int count = 0;
        for (final WrappedDataKey key : store.list())
        {
            if (kekAlias.equals(key.kekAlias()))
            {
                store.put(key.destroyed());
                unwrapped.remove(key.id());
                if (key.id() == currentId)
                {
                    currentId = -1;
                    currentKey = null;
                }
                count++;
            }
        }
        if (count > 0)
        {
            store.write();
        }
        return count;
    }

    /** Every data key's record (no key material beyond the wrapped form). */
    public synchronized java.util.List<WrappedDataKey> dataKeys()
    {
        return store.list();
    }

    /** The data key new records are encrypted under, or -1 before the first record since opening. */
    public synchronized long currentDataKeyId()
    {
        return currentId;
    }

    /** Data keys made since this object was created (a metric). */
    public synchronized long rotations()
    {
        return rotations;
    }

    /**
     * The handle for acts only key custody may do (after its quorum gate): re-wrap, destroy. Handed out
     * once, to the custody that made this object; a second call throws.
     */
    public synchronized EnvelopeAdmin claimAdmin()
    {
        if (adminClaimed)
        {
            throw new IllegalStateException("the envelope's admin handle belongs to key custody");
        }
        adminClaimed = true;
        return new EnvelopeAdmin(this);
    }

    /** Custody unsealed: encryption may start (with a new data key). */
    synchronized void open()
    {
        open = true;
    }

    /** Custody sealed: drop every clear data key; the current one is never used again (its counter is gone). */
    synchronized void close()
    {
        open = false;
        if (currentId > 0)
        {
            final WrappedDataKey current = store.find(currentId);
            if (null != current && current.state() == DataKeyState.ACTIVE)
            {
                store.put(current.retired());
                try
                {
                    store.write();
                }
                catch (final IOException ex)
                {
                    // the state is advisory: a key is only ever used for encryption by the object that made it
                }
            }
        }
        currentId = -1;
        currentKey = null;
        unwrapped.clear();
    }

    public synchronized boolean isOpen()
    {
        return open;
    }

    private SecretKeySpec dataKey(final long id) throws GeneralSecurityException
    {
        final SecretKeySpec cached = unwrapped.get(id);
        if (null != cached)
        {
            return cached;
        }

        final WrappedDataKey key = store.find(id);
        if (null == key)
        {
            throw new GeneralSecurityException("blob names data key " + id + ", which this custody never had");
        }
        if (key.state() == DataKeyState.DESTROYED)
        {
            throw new DataKeyDestroyedException("data key " + id + " was destroyed: what it encrypted is unreadable");
        }
        final byte[] clear = kek.unwrap(key.kekAlias(), key.iv(), wrapAad(id, key.kekAlias()), key.wrapped());
        try
        {
            final SecretKeySpec spec = new SecretKeySpec(clear, "AES");
            unwrapped.put(id, spec);
            return spec;
        }
        finally
        {
            Arrays.fill(clear, (byte)0);
        }
    }

    private void requireOpen()
    {
        if (!open)
        {
            throw new IllegalStateException("key custody is sealed: nothing can be encrypted or decrypted until officers unseal");
        }
    }

    static byte[] wrapAad(final long id, final String kekAlias)
    {
        final byte[] alias = kekAlias.getBytes(StandardCharsets.US_ASCII);
        final byte[] aad = new byte[WRAP_DOMAIN.length + 8 + alias.length];
        System.arraycopy(WRAP_DOMAIN, 0, aad, 0, WRAP_DOMAIN.length);
        putLong(aad, WRAP_DOMAIN.length, id);
        System.arraycopy(alias, 0, aad, WRAP_DOMAIN.length + 8, alias.length);
        return aad;
    }

    private static void putLong(final byte[] buffer, final int offset, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            buffer[offset + i] = (byte)(value >>> (56 - 8 * i));
        }
    }

    private static long getLong(final byte[] buffer, final int offset)
    {
        long value = 0;
        for (int i = 0; i < 8; i++)
        {
            value = (value << 8) | (buffer[offset + i] & 0xffL);
        }
        return value;
    }
}
