package com.orderguard.core.audit;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.json.JsonObject;

import com.orderguard.orderpath.gateway.transit.AesGcm;

/**
 * Seals order content in the journal so that the journal thread never needs the HSM: a public-key
 * envelope on top of key custody's data keys.
 * <ul>
 *   <li>A <b>content key pair</b> (EC P-256, made in the JCE at every unseal) has its private key
 *       sealed with key custody's envelope ({@code envelope.seal(pkcs8, aad)}: a data key wrapped
 *       under the HSM's order-flow KEK) and journaled, with its public key, as a
 *       {@link RecordKind#KEY_OPERATION} record ({@link #CONTENT_KEY_PAIR}) before it is used.</li>
 *   <li>The journal thread seals each order-path event with AES-256-GCM under a <b>content key</b>
 *       of its own, made in memory and wrapped to the pair's public key (ephemeral ECDH, SP 800-56C
 *       one-step KDF with SHA-256, AES-GCM); the wrapped content key is journaled
 *       ({@link #CONTENT_KEY}) just before the first record under it. Content keys rotate after
 *       {@link #MAX_RECORDS_PER_CONTENT_KEY} records, after {@link #MAX_CONTENT_KEY_AGE_NS}, when a
 *       new pair is in force and when asked ({@link #rotateContentKey()}: before the appliance seals).</li>
 * </ul>
 * So orders may stop at a seal while venue reports and logon attempts keep draining: the journal
 * keeps sealing them with nothing but a public key and the content key made after the seal. No
 * event ever lands in clear: until the first pair of an installation exists the journal does not
 * drain the drop copy at all ({@link #ready()}).
 * <p>
 * Reading ({@link #open}) needs the pair's private key, hence the envelope, hence an unsealed HSM:
 * a KEK rotation re-wraps the data keys and changes nothing here; destroying the data key that seals
 * a pair's private key makes every record under that pair unreadable (crypto-shredding).
 * <p>
 * Content blob (big-endian): {@code [1: version 1][8: content key id][12: IV = 0^4 || counter]
 * [ciphertext][16: tag]}; the 21-byte header and the record's clear metadata are the AAD.
 * {@link #seal} runs on the journal thread only; {@link #open} on any thread. The next content key is
 * made ahead, on a thread of its own ("journal-content-keys"), so a rotation costs the journal thread a
 * swap, not an EC key generation and an ECDH (milliseconds, during which the drop copy would fill).
 * <p>
 * Sealing is the journal thread's per-event cost, so it does not go through the JCE's GCM, which
 * needs an {@code init} per nonce (a key schedule, parameter objects and buffers: about 0.8 µs an
 * event). Each content key is keyed once, on the preparing thread, into an {@link AesGcm} (the JDK's
 * AES-CTR and GHASH kernels called directly; byte for byte the JDK's GCM, which {@link #open} still
 * uses), and events are sealed in place into the caller's buffer, allocating nothing. The nonce is
 * the content key's own record counter, so it never repeats under one key.
 * <p>
 * Blob: {@code [1: version 2][8: content key id][8: counter][ciphertext][16: tag]}, IV = 0^32 ‖
 * counter, AAD = the 17-byte header ‖ the record's metadata. Version 1 (still opened) stored the
 * whole 12-byte IV; its four zero bytes put an 80-byte order event's record four bytes past a
 * SHA-256 block boundary, one more block to hash for every record.
 */
public final class JournalContentSealer implements RecordSealer
{
    /** KEY_OPERATION subtype: a content key pair came into force. */
    public static final int CONTENT_KEY_PAIR = 20;
    /** KEY_OPERATION subtype: a content key, wrapped to a pair's public key. */
    public static final int CONTENT_KEY = 21;
    public static final long MAX_RECORDS_PER_CONTENT_KEY = 1L << 24;
    public static final long MAX_CONTENT_KEY_AGE_NS = 3_600_000_000_000L;
    /** The blob's key id and counter, and the IV's counter: big-endian longs, one store each. */
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** Bytes a sealed blob adds to its plaintext: the header and the tag. */
    public static final int OVERHEAD_BYTES = 1 + 8 + 8 + 16;
    /** The longest plaintext and metadata {@link #seal} takes (an order-path event and its metadata are far below). */
    public static final int MAX_PLAINTEXT_BYTES = JournalFormat.MAX_PAYLOAD_LENGTH;
    public static final int MAX_AAD_BYTES = 256;

    private static final byte VERSION = 2;
    private static final int HEADER_BYTES = 1 + 8 + 8;
    private static final byte VERSION_1 = 1;
    private static final int VERSION_1_HEADER_BYTES = 1 + 8 + 12;
    private static final int TAG_BITS = 128;
    private static final byte[] PAIR_DOMAIN = "orderguard journal content pair v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEY_DOMAIN = "orderguard journal content key v1".getBytes(StandardCharsets.US_ASCII);

    /** A pair as the journal sealer uses it: its id and public key. */
    public record Pair(long id, PublicKey publicKey)
    {
    }

    /** A content key made ahead of its use, off the journal thread, keyed into its cipher, with the record that journals it. */
    private record Prepared(Pair pair, long id, AesGcm cipher, byte[] record)
    {
    }

    private final RecordSealer envelope;
    private final Path journalDirectory;
    private final SecureRandom random = new SecureRandom();
    private final Map<Long, JsonObject> keyRecords = new ConcurrentHashMap<>();
    private volatile Pair pair;
    private volatile boolean rotationRequested;
    /** The next content key, made by the "journal-content-keys" thread (an EC key pair and an ECDH take milliseconds). */
    private final java.util.concurrent.atomic.AtomicReference<Prepared> next = new java.util.concurrent.atomic.AtomicReference<>();
    private final java.util.concurrent.ExecutorService preparer = java.util.concurrent.Executors.newSingleThreadExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "journal-content-keys");
        thread.setDaemon(true);
        return thread;
    });

    // journal thread only
    private Pair sealingPair;
    private long contentKeyId;
    private AesGcm contentCipher;
    private final byte[] nonce = new byte[AesGcm.NONCE_BYTES];
    private final byte[] aadScratch = new byte[HEADER_BYTES + MAX_AAD_BYTES];
    private long counter;
    private long contentKeyBornEpochNs;
    private byte[] pendingKeyRecord;

    /**
     * @param envelope         key custody's envelope ({@code encrypt}/{@code decrypt} under HSM-wrapped data keys).
     * @param journalDirectory where {@link #open} finds the key records.
     */
    public JournalContentSealer(final RecordSealer envelope, final Path journalDirectory)
    {
        this.envelope = envelope;
        this.journalDirectory = journalDirectory;
    }

    /**
     * Makes a new content key pair: its private key sealed by the envelope (key custody must be
     * unsealed). Journal the returned payload durably as {@code KEY_OPERATION/CONTENT_KEY_PAIR},
     * then {@link #use} it.
     */
    public JsonObject newPair() throws GeneralSecurityException
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        final KeyPair keys = generator.generateKeyPair();
        final long id = random.nextLong() & Long.MAX_VALUE;
        final byte[] pkcs8 = keys.getPrivate().getEncoded();
        try
        {
            final byte[] sealed = envelope.seal(pkcs8, pairAad(id));
            return new JsonObject().put("actor", "appliance").put("action", "journal-content-key-pair").put("pair", Long.toString(id))
                .put("publicKey", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
                .put("sealedPrivateKey", Base64.getEncoder().encodeToString(sealed));
        }
        finally
        {
            Arrays.fill(pkcs8, (byte)0);
        }
    }

    /** Puts a journaled pair (a {@link #newPair} payload, or the last one found in the journal at start) in force. */
    public void use(final JsonObject pairRecord) throws GeneralSecurityException
    {
        final long id = Long.parseLong(pairRecord.getString("pair"));
        final PublicKey publicKey = KeyFactory.getInstance("EC")
            .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pairRecord.getString("publicKey"))));
        keyRecords.put(pairKey(id), pairRecord);
        final Pair inForce = new Pair(id, publicKey);
        pair = inForce;
        prepareNext(inForce);
    }

    /** The pair in force, or null before the installation's first. */
    public Pair pair()
    {
        return pair;
    }

    /** The next event gets a fresh content key (call before sealing the HSM: the key kept in memory covers only what follows). */
    public void rotateContentKey()
    {
        rotationRequested = true;
    }

    @Override
    public boolean ready()
    {
        return pair != null;
    }

    @Override
    public byte[] takeKeyRecord()
    {
        return takeKeyRecord(System.currentTimeMillis() * 1_000_000L);
    }

    /**
     * The key's age is measured on the events' epoch clock: the journal passes each event's own
     * timestamp, so sealing reads no clock per event.
     */
    @Override
    public byte[] takeKeyRecord(final long eventEpochNanos)
    {
        final Pair current = pair;
        if (contentCipher == null || current != sealingPair || rotationRequested || counter >= MAX_RECORDS_PER_CONTENT_KEY ||
            eventEpochNanos - contentKeyBornEpochNs >= MAX_CONTENT_KEY_AGE_NS)
        {
            rotationRequested = false;
            final Prepared prepared = next.getAndSet(null);
            install(prepared != null && prepared.pair() == current ? prepared : prepare(current), eventEpochNanos);
            prepareNext(current);
        }
        final byte[] record = pendingKeyRecord;
        pendingKeyRecord = null;
        return record;
    }

    @Override
    public byte[] seal(final byte[] plaintext, final byte[] aad) throws GeneralSecurityException
    {
        final byte[] blob = new byte[plaintext.length + OVERHEAD_BYTES];
        seal(plaintext, 0, plaintext.length, aad, 0, aad.length, blob, 0);
        return blob;
    }

    /**
     * Writes {@code [header][ciphertext][tag]} to {@code out} at {@code outOffset}: the plaintext is
     * copied there and encrypted in place, the AAD is the header followed by the caller's metadata.
     * Allocates nothing.
     *
     * @return {@code plainLength + OVERHEAD_BYTES}.
     */
    @Override
    public int seal(
        final byte[] plain, final int plainOffset, final int plainLength,
        final byte[] aad, final int aadOffset, final int aadLength,
        final byte[] out, final int outOffset) throws GeneralSecurityException
    {
        final AesGcm cipher = contentCipher;
        if (cipher == null)
        {
            throw new GeneralSecurityException("no journal content key: takeKeyRecord() must come first");
        }
        if (plainLength > MAX_PLAINTEXT_BYTES || aadLength > MAX_AAD_BYTES || out.length - outOffset < plainLength + OVERHEAD_BYTES)
        {
            throw new GeneralSecurityException("cannot seal " + plainLength + " bytes with " + aadLength + " bytes of metadata into " +
                (out.length - outOffset) + " bytes (limits " + MAX_PLAINTEXT_BYTES + " and " + MAX_AAD_BYTES + ")");
        }
        final long sequence = ++counter;
        LONG_BE.set(nonce, 4, sequence);
        out[outOffset] = VERSION;
        LONG_BE.set(out, outOffset + 1, contentKeyId);
        LONG_BE.set(out, outOffset + 9, sequence);
        System.arraycopy(out, outOffset, aadScratch, 0, HEADER_BYTES);
        System.arraycopy(aad, aadOffset, aadScratch, HEADER_BYTES, aadLength);
        final int dataOffset = outOffset + HEADER_BYTES;
        if (plain != out || plainOffset != dataOffset)
        {
            System.arraycopy(plain, plainOffset, out, dataOffset, plainLength);
        }
        cipher.seal(nonce, aadScratch, HEADER_BYTES + aadLength, out, dataOffset, plainLength, out, dataOffset + plainLength);
        return plainLength + OVERHEAD_BYTES;
    }

    @Override
    public int sealedOverheadBytes()
    {
        return OVERHEAD_BYTES;
    }

    /** The ciphertext follows the header: a caller may put the plaintext there and seal in place. */
    @Override
    public int inPlaceOffset()
    {
        return HEADER_BYTES;
    }

    @Override
    public byte[] open(final byte[] sealed, final byte[] aad) throws GeneralSecurityException
    {
        final int headerBytes = sealed.length == 0 ? 0 : sealed[0] == VERSION ? HEADER_BYTES : sealed[0] == VERSION_1 ? VERSION_1_HEADER_BYTES : 0;
        if (0 == headerBytes || sealed.length < headerBytes + TAG_BITS / 8)
        {
            throw new GeneralSecurityException("not a journal content blob");
        }
        final long keyId = ByteBuffer.wrap(sealed, 1, 8).getLong();
        final byte[] iv = new byte[AesGcm.NONCE_BYTES];
        System.arraycopy(sealed, 9, iv, AesGcm.NONCE_BYTES - (headerBytes - 9), headerBytes - 9); // version 2: 0^32 || counter
        final byte[] key = contentKey(keyId);
        try
        {
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(sealed, 0, headerBytes);
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, headerBytes, sealed.length - headerBytes);
        }
        catch (final AEADBadTagException ex)
        {
            throw new AEADBadTagException("journal content under key " + Long.toHexString(keyId) +
                " fails authentication: altered, or moved to other metadata");
        }
        finally
        {
            Arrays.fill(key, (byte)0);
        }
    }

    /** Makes the next content key for {@code current} on the "journal-content-keys" thread, so the journal thread only swaps it in. */
    private void prepareNext(final Pair current)
    {
        preparer.execute(() ->
        {
            try
            {
                next.set(prepare(current));
            }
            catch (final RuntimeException ex)
            {
                // the journal thread makes one itself when it finds none ready
            }
        });
    }

    /** A fresh content key wrapped to {@code current}'s public key, with its KEY_OPERATION record. */
    private Prepared prepare(final Pair current)
    {
        final byte[] keyBytes = new byte[32];
        random.nextBytes(keyBytes);
        final long id = random.nextLong() & Long.MAX_VALUE;
        try
        {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            final KeyPair ephemeral = generator.generateKeyPair();
            final byte[] ephemeralSpki = ephemeral.getPublic().getEncoded();
            final byte[] info = keyInfo(current.id(), id, ephemeralSpki);
            final KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ephemeral.getPrivate());
            agreement.doPhase(current.publicKey(), true);
            final Cipher wrap = Cipher.getInstance("AES/GCM/NoPadding");
            wrap.init(Cipher.ENCRYPT_MODE, kdf(agreement.generateSecret(), info), new GCMParameterSpec(TAG_BITS, new byte[12]));
            wrap.updateAAD(info);
            final byte[] wrapped = wrap.doFinal(keyBytes);
            final AesGcm cipher = new AesGcm(keyBytes, MAX_PLAINTEXT_BYTES, HEADER_BYTES + MAX_AAD_BYTES, true);
            return new Prepared(current, id, cipher, new JsonObject().put("actor", "journal").put("action", "journal-content-key")
                .put("contentKey", Long.toString(id)).put("pair", Long.toString(current.id()))
                .put("ephemeralKey", Base64.getEncoder().encodeToString(ephemeralSpki))
                .put("wrappedKey", Base64.getEncoder().encodeToString(wrapped)).encode().getBytes(StandardCharsets.UTF_8));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot make a journal content key: " + ex.getMessage(), ex);
        }
        finally
        {
            Arrays.fill(keyBytes, (byte)0); // the cipher holds its own key schedule; the clear bytes go at once
        }
    }

    /** Journal thread: from now on, seal under {@code prepared} (the previous cipher becomes garbage). */
    private void install(final Prepared prepared, final long nowEpochNanos)
    {
        pendingKeyRecord = prepared.record();
        sealingPair = prepared.pair();
        contentKeyId = prepared.id();
        contentCipher = prepared.cipher();
        counter = 0;
        contentKeyBornEpochNs = nowEpochNanos;
    }

    /**
     * Unwraps content key {@code id}: finds its record and its pair's, opens the pair's private key
     * with the envelope. Package-private so tests can forge version-1 blobs with it.
     */
    byte[] contentKey(final long id) throws GeneralSecurityException
    {
        final JsonObject record = keyRecord(CONTENT_KEY, "contentKey", id);
        final long pairId = Long.parseLong(record.getString("pair"));
        final JsonObject pairRecord = keyRecord(CONTENT_KEY_PAIR, "pair", pairId);
        final byte[] pkcs8 = envelope.open(Base64.getDecoder().decode(pairRecord.getString("sealedPrivateKey")), pairAad(pairId));
        final PrivateKey privateKey;
        try
        {
            privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        }
        finally
        {
            Arrays.fill(pkcs8, (byte)0);
        }
        final byte[] ephemeralSpki = Base64.getDecoder().decode(record.getString("ephemeralKey"));
        final byte[] info = keyInfo(pairId, id, ephemeralSpki);
        final KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(privateKey);
        agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(ephemeralSpki)), true);
        final Cipher unwrap = Cipher.getInstance("AES/GCM/NoPadding");
        unwrap.init(Cipher.DECRYPT_MODE, kdf(agreement.generateSecret(), info), new GCMParameterSpec(TAG_BITS, new byte[12]));
        unwrap.updateAAD(info);
        return unwrap.doFinal(Base64.getDecoder().decode(record.getString("wrappedKey")));
    }

    private JsonObject keyRecord(final int subtype, final String field, final long id) throws GeneralSecurityException
    {
        final long cacheKey = subtype == CONTENT_KEY_PAIR ? pairKey(id) : id;
        final JsonObject cached = keyRecords.get(cacheKey);
        if (cached != null)
        {
            return cached;
        }
        try
        {
            final JsonObject found = find(journalDirectory, subtype, field, Long.toString(id));
            if (found == null)
            {
                throw new GeneralSecurityException("the journal holds no " + (subtype == CONTENT_KEY ? "content key " : "content key pair ") +
                    Long.toHexString(id));
            }
            keyRecords.put(cacheKey, found);
            return found;
        }
        catch (final IOException ex)
        {
            throw new GeneralSecurityException("cannot read the journal's key records: " + ex.getMessage(), ex);
        }
    }

    /**
     * The last KEY_OPERATION record of {@code subtype} whose {@code field} is {@code value} (any value when
     * null). Segments are read newest first and the search stops in the newest segment that has one: key
     * records are few and recent, and a journal may hold years of segments.
     */
    public static JsonObject find(final Path journal, final int subtype, final String field, final String value) throws IOException
    {
        final java.util.List<Path> segments = JournalSegments.resolve(journal);
        for (int i = segments.size() - 1; i >= 0; i--)
        {
            JsonObject found = null;
            try (JournalReader reader = JournalReader.live(segments.get(i)))
            {
                while (reader.next() == JournalReader.Status.RECORD)
                {
                    if (reader.kindCode() == RecordKind.KEY_OPERATION.code() && reader.subtype() == subtype)
                    {
                        final JsonObject record = new JsonObject(new String(reader.payloadCopy(), StandardCharsets.UTF_8));
                        if (value == null || value.equals(record.getString(field)))
                        {
                            found = record;
                        }
                    }
                }
            }
            if (found != null)
            {
                return found;
            }
        }
        return null;
    }

    /** SP 800-56C one-step KDF, H = SHA-256: key = SHA-256(counter 1 || Z || info). */
    private static SecretKeySpec kdf(final byte[] sharedSecret, final byte[] info) throws GeneralSecurityException
    {
        final MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(new byte[] {0, 0, 0, 1});
        sha256.update(sharedSecret);
        sha256.update(info);
        Arrays.fill(sharedSecret, (byte)0);
        return new SecretKeySpec(sha256.digest(), "AES");
    }

    private static byte[] keyInfo(final long pairId, final long keyId, final byte[] ephemeralSpki)
    {
        return ByteBuffer.allocate(KEY_DOMAIN.length + 16 + ephemeralSpki.length).put(KEY_DOMAIN).putLong(pairId).putLong(keyId)
            .put(ephemeralSpki).array();
    }

    private static byte[] pairAad(final long pairId)
    {
        return ByteBuffer.allocate(PAIR_DOMAIN.length + 8).put(PAIR_DOMAIN).putLong(pairId).array();
    }

    /** Pair ids and content key ids share the cache: pairs are kept under their complement (ids are non-negative). */
    private static long pairKey(final long pairId)
    {
        return ~pairId;
    }
}
