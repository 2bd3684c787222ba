package com.orderguard.orderpath.crypto;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's own crypto kernels, called directly: AES counter mode (AES-NI, eight blocks in flight),
 * GHASH (PCLMULQDQ) and the SHA-256 compression function (SHA-NI). HotSpot replaces each of these
 * methods with a hand-written stub, but the public APIs wrap them in per-call bookkeeping that costs
 * more than the kernel for the journal's small records: {@code Cipher("AES/GCM")} needs an
 * {@code init} per nonce, which allocates, and {@code MessageDigest} resets and pads through
 * buffers (measured: 240 ns for a 186-byte SHA-256 whose four compressions take 175 ns; GHASH
 * through the stub 5 ns a block against 25–50 ns for a table-driven GHASH in Java).
 * <p>
 * Reaching them takes {@code --add-opens java.base/com.sun.crypto.provider} and
 * {@code java.base/sun.security.provider} (in {@code orderguard.jvm.flags}). Each family (AES and
 * its counter mode, GHASH, SHA-256) is looked up on its own and checked against a known answer computed through the
 * public API (and, for AES, FIPS-197's example) when this class loads; when either fails (flags missing, a JDK that renamed a
 * method, a wrong answer) that family reports {@code false} and its users fall back to the public
 * API, slower and identical. Only the checked entry points are used ({@code CounterMode.encrypt},
 * {@code GHASH.update}, {@code SHA2.implCompress}), never the unchecked intrinsics beneath them: a
 * bad offset throws instead of reading outside the array. {@code CounterMode} increments all 128
 * bits of its counter where GCM increments the low 32: the same stream for any message under
 * 2^32 blocks from a 96-bit nonce, which is every message here. The method names and signatures are
 * the same in JDK 17 and 25; {@link #describe()} says which kernels are in use, and the build's
 * tests fail if any is not.
 * <p>
 * A further reason to prefer them: the GHASH stub (and the JDK's Java fallback beneath it) runs in
 * constant time, where a table-driven GHASH indexes memory by secret-dependent values.
 */
public final class JdkCryptoKernels
{
    private static final MethodType GHASH_UPDATE_TYPE =
        MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class);
    private static final MethodType SHA_COMPRESS_TYPE = MethodType.methodType(void.class, Object.class, byte[].class, int.class);

    private static final MethodHandle AES_NEW;
    private static final MethodHandle CTR_NEW;
    private static final MethodHandle CTR_INIT;
    private static final MethodHandle CTR_RESET;
    private static final MethodHandle CTR_ENCRYPT;
    private static final VarHandle CTR_IV;
    private static final String AES_PROBLEM;

    private static final MethodHandle GHASH_NEW;
    private static final MethodHandle GHASH_UPDATE;
    private static final VarHandle GHASH_STATE;
    private static final String GHASH_PROBLEM;

    private static final MethodHandle SHA256_NEW;
    private static final MethodHandle SHA256_COMPRESS;
    private static final VarHandle SHA256_STATE;
    private static final String SHA256_PROBLEM;

    static
    {
        MethodHandle aesNew = null;
        MethodHandle ctrNew = null;
        MethodHandle ctrInit = null;
        MethodHandle ctrReset = null;
        MethodHandle ctrEncrypt = null;
        VarHandle ctrIv = null;
        String aesProblem = null;
        try
        {
            final Class<?> type = Class.forName("com.sun.crypto.provider.AESCrypt");
            final MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            aesNew = lookup.findConstructor(type, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
            final Class<?> symmetric = Class.forName("com.sun.crypto.provider.SymmetricCipher");
            final Class<?> feedback = Class.forName("com.sun.crypto.provider.FeedbackCipher");
            final Class<?> ctr = Class.forName("com.sun.crypto.provider.CounterMode");
            final MethodHandles.Lookup ctrLookup = MethodHandles.privateLookupIn(ctr, MethodHandles.lookup());
            ctrNew = ctrLookup.findConstructor(ctr, MethodType.methodType(void.class, symmetric))
                .asType(MethodType.methodType(Object.class, Object.class));
            ctrInit = ctrLookup.findVirtual(ctr, "init",
                MethodType.methodType(void.class, boolean.class, String.class, byte[].class, byte[].class))
                .asType(MethodType.methodType(void.class, Object.class, boolean.class, String.class, byte[].class, byte[].class));
            ctrReset = ctrLookup.findVirtual(ctr, "reset", MethodType.methodType(void.class))
                .asType(MethodType.methodType(void.class, Object.class));
            ctrEncrypt = ctrLookup.findVirtual(ctr, "encrypt",
                MethodType.methodType(int.class, byte[].class, int.class, int.class, byte[].class, int.class))
                .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class, byte[].class, int.class));
            ctrIv = MethodHandles.privateLookupIn(feedback, MethodHandles.lookup()).findVarHandle(feedback, "iv", byte[].class);
            aesProblem = checkCtr(aesNew, ctrNew, ctrInit, ctrReset, ctrEncrypt, ctrIv);
        }
        catch (final Throwable ex) // whatever the lookup or the known-answer check threw: the public API serves
        {
            aesProblem = ex.toString();
        }
        AES_PROBLEM = aesProblem;
        AES_NEW = null == aesProblem ? aesNew : null;
        CTR_NEW = null == aesProblem ? ctrNew : null;
        CTR_INIT = null == aesProblem ? ctrInit : null;
        CTR_RESET = null == aesProblem ? ctrReset : null;
        CTR_ENCRYPT = null == aesProblem ? ctrEncrypt : null;
        CTR_IV = null == aesProblem ? ctrIv : null;

        MethodHandle ghashNew = null;
        MethodHandle ghashUpdate = null;
        VarHandle ghashState = null;
        String ghashProblem = null;
        try
        {
            final Class<?> type = Class.forName("com.sun.crypto.provider.GHASH");
            final MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            ghashNew = lookup.findConstructor(type, MethodType.methodType(void.class, byte[].class))
                .asType(MethodType.methodType(Object.class, byte[].class));
            ghashUpdate = lookup.findVirtual(type, "update", MethodType.methodType(int.class, byte[].class, int.class, int.class))
                .asType(GHASH_UPDATE_TYPE);
            ghashState = lookup.findVarHandle(type, "state", long[].class);
            ghashProblem = checkGhash(ghashNew, ghashUpdate, ghashState);
        }
        catch (final Throwable ex) // whatever the lookup or the known-answer check threw: the public API serves
        {
            ghashProblem = ex.toString();
        }
        GHASH_PROBLEM = ghashProblem;
        GHASH_NEW = null == ghashProblem ? ghashNew : null;
        GHASH_UPDATE = null == ghashProblem ? ghashUpdate : null;
        GHASH_STATE = null == ghashProblem ? ghashState : null;

        MethodHandle shaNew = null;
        MethodHandle shaCompress = null;
        VarHandle shaState = null;
        String shaProblem = null;
        try
        {
            final Class<?> base = Class.forName("sun.security.provider.SHA2");
            final Class<?> type = Class.forName("sun.security.provider.SHA2$SHA256");
            final MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(base, MethodHandles.lookup());
            shaNew = lookup.findConstructor(type, MethodType.methodType(void.class)).asType(MethodType.methodType(Object.class));
            shaCompress = lookup.findVirtual(base, "implCompress", MethodType.methodType(void.class, byte[].class, int.class))
                .asType(SHA_COMPRESS_TYPE);
            shaState = lookup.findVarHandle(base, "state", int[].class);
            shaProblem = checkSha256(shaNew, shaCompress, shaState);
        }
        catch (final Throwable ex) // whatever the lookup or the known-answer check threw: the public API serves
        {
            shaProblem = ex.toString();
        }
        SHA256_PROBLEM = shaProblem;
        SHA256_NEW = null == shaProblem ? shaNew : null;
        SHA256_COMPRESS = null == shaProblem ? shaCompress : null;
        SHA256_STATE = null == shaProblem ? shaState : null;
    }

    private JdkCryptoKernels()
    {
    }

    /** Whether the AES counter-mode methods ({@link #newAesCtr} and those taking what it returns) may be used. */
    public static boolean hasAes()
    {
        return null == AES_PROBLEM;
    }

    /** Whether {@link #newGhash}, {@link #ghashState} and {@link #ghashUpdate} may be used. */
    public static boolean hasGhash()
    {
        return null == GHASH_PROBLEM;
    }

    /** Whether {@link #newSha256}, {@link #sha256State} and {@link #sha256Compress} may be used. */
    public static boolean hasSha256()
    {
        return null == SHA256_PROBLEM;
    }

    /** One line for the start-up log: which kernels are reached directly, and why any is not. */
    public static String describe()
    {
        return "JDK crypto kernels: AES " + state(AES_PROBLEM) + ", GHASH " + state(GHASH_PROBLEM) + ", SHA-256 " +
            state(SHA256_PROBLEM);
    }

    /**
     * The JDK's AES counter mode keyed with {@code key}. Per message: write the first counter block
     * into {@link #aesCtrCounter}, {@link #aesCtrRestart}, then {@link #aesCtrCrypt}.
     */
    public static Object newAesCtr(final byte[] key)
    {
        requireAvailable(AES_PROBLEM, "AES");
        try
        {
            final Object ctr = (Object)CTR_NEW.invokeExact((Object)AES_NEW.invokeExact());
            CTR_INIT.invokeExact(ctr, false, "AES", key, new byte[16]);
            return ctr;
        }
        catch (final Throwable ex)
        {
            throw unchecked(ex, "the JDK's AES refused the key");
        }
    }

    /** The 16-byte block {@link #aesCtrRestart} starts the counter from: the object's own array, the same for its whole life. */
    public static byte[] aesCtrCounter(final Object ctr)
    {
        return (byte[])CTR_IV.get(ctr);
    }

    /** Starts the key stream again from the block in {@link #aesCtrCounter}. */
    public static void aesCtrRestart(final Object ctr)
    {
        try
        {
            CTR_RESET.invokeExact(ctr);
        }
        catch (final Throwable ex)
        {
            throw unchecked(ex, null);
        }
    }

    /** out[outOffset, +length) = in[inOffset, +length) XOR the next {@code length} bytes of key stream; in and out may be the same range. */
    public static void aesCtrCrypt(final Object ctr, final byte[] in, final int inOffset, final int length, final byte[] out, final int outOffset)
    {
        try
        {
            final int done = (int)CTR_ENCRYPT.invokeExact(ctr, in, inOffset, length, out, outOffset);
            if (done != length)
            {
                throw new IllegalStateException("counter mode took " + done + " of " + length + " bytes");
            }
        }
        catch (final Throwable ex)
        {
            throw unchecked(ex, null);
        }
    }

    /** The JDK's GHASH keyed with the 16-byte hash subkey {@code h}, its running hash zero. */
    public static Object newGhash(final byte[] h)
    {
        requireAvailable(GHASH_PROBLEM, "GHASH");
        try
        {
            return (Object)GHASH_NEW.invokeExact(h);
        }
        catch (final Throwable ex)
        {
            throw unchecked(ex, null);
        }
    }

    /**
     * The running hash of {@code ghash} as two big-endian words: read it for the result, zero it to
     * start a new hash. The array is the object's own, the same for its whole life.
     */
    public static long[] ghashState(final Object ghash)
    {
        return (long[])GHASH_STATE.get(ghash);
    }

    /** Absorbs {@code bytes[offset, offset+length)}; {@code length} must be a multiple of 16. */
    public static void ghashUpdate(final Object ghash, final byte[] bytes, final int offset, final int length)
    {
        try
        {
            final int absorbed = (int)GHASH_UPDATE.invokeExact(ghash, bytes, offset, length);
            if (absorbed != length)
            {
                throw new IllegalArgumentException("GHASH takes whole 16-byte blocks, got " + length + " bytes");
            }
        }
        catch (final Throwable ex)
        {
            throw unchecked(ex, null);
        }
    }

    /** A SHA-256 compression state; {@link #sha256State} gives its eight chaining words to set and read. */
    public static Object newSha256()
    {
        requireAvailable(SHA256_PROBLEM, "SHA-256");
        try
        {
            return (Object)SHA256_NEW.invokeExact();
        }
        catch (final Throwable ex)
        {
            throw unchecked(ex, null);
        }
    }

    /** The eight chaining words of {@code sha256}, the object's own array for its whole life. */
    public static int[] sha256State(final Object sha256)
    {
        return (int[])SHA256_STATE.get(sha256);
    }

    /** Compresses the 64-byte block {@code block[offset, offset+64)} into the chaining words. */
    public static void sha256Compress(final Object sha256, final byte[] block, final int offset)
    {
        try
        {
            SHA256_COMPRESS.invokeExact(sha256, block, offset);
        }
        catch (final Throwable ex)
        {
            throw unchecked(ex, null);
        }
    }

    /**
     * The kernels declare no checked exception, so a Throwable from invokeExact is a runtime
     * exception or an error of theirs (rethrown as it is); anything else is wrapped.
     */
    private static RuntimeException unchecked(final Throwable ex, final String context)
    {
        if (ex instanceof Error error)
        {
            throw error;
        }
        if (ex instanceof RuntimeException runtime)
        {
            return runtime;
        }
        return null == context ? new IllegalStateException(ex) : new IllegalArgumentException(context + ": " + ex.getMessage(), ex);
    }

    private static String state(final String problem)
    {
        return null == problem ? "direct" : "through the public API (" + problem + ")";
    }

    private static void requireAvailable(final String problem, final String kernel)
    {
        if (null != problem)
        {
            throw new IllegalStateException("the JDK's " + kernel + " kernel is not reachable: " + problem);
        }
    }

    /**
     * FIPS-197's AES-256 example (appendix C.3) as the key stream of its plaintext taken for a counter
     * block, then counter mode restarted twice from a new counter block against the public AES/CTR Cipher.
     */
    private static String checkCtr(
        final MethodHandle newAes, final MethodHandle newCtr, final MethodHandle init, final MethodHandle reset,
        final MethodHandle encrypt, final VarHandle iv) throws Throwable
    {
        final HexFormat hex = HexFormat.of();
        final Object fips = (Object)newCtr.invokeExact((Object)newAes.invokeExact());
        init.invokeExact(fips, false, "AES", hex.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
            hex.parseHex("00112233445566778899aabbccddeeff"));
        final byte[] block = new byte[16];
        final int encrypted = (int)encrypt.invokeExact(fips, block, 0, block.length, block, 0);
        if (encrypted != block.length || !Arrays.equals(block, hex.parseHex("8ea2b7ca516745bfeafc49904b496089")))
        {
            return "AES's known answer wrong: " + hex.formatHex(block);
        }

        final byte[] key = new byte[32];
        final byte[] message = new byte[100];
        for (int i = 0; i < message.length; i++)
        {
            message[i] = (byte)(i * 7);
            key[i & 31] ^= (byte)(i * 13 + 1);
        }
        final Object ctr = (Object)newCtr.invokeExact((Object)newAes.invokeExact());
        init.invokeExact(ctr, false, "AES", key, new byte[16]);
        for (int round = 1; round <= 2; round++)
        {
            final byte[] counter = (byte[])iv.get(ctr);
            Arrays.fill(counter, (byte)round);
            counter[15] = 2;
            reset.invokeExact(ctr);
            final byte[] out = message.clone();
            final int done = (int)encrypt.invokeExact(ctr, out, 0, out.length, out, 0);
            final Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new javax.crypto.spec.IvParameterSpec(counter.clone()));
            if (done != message.length || !Arrays.equals(out, cipher.doFinal(message)))
            {
                return "counter mode's known answer wrong in round " + round;
            }
        }
        return null;
    }

    /** The GHASH of test case 2 of the GCM specification (McGrew and Viega), H = AES(0^128, 0^128). */
    private static String checkGhash(final MethodHandle newGhash, final MethodHandle update, final VarHandle state) throws Throwable
    {
        final HexFormat hex = HexFormat.of();
        final Object ghash = (Object)newGhash.invokeExact(hex.parseHex("66e94bd4ef8a2c3b884cfa59ca342b2e"));
        final byte[] blocks = hex.parseHex("0388dace60b6a392f328c2b971b2fe78" + "00000000000000000000000000000080");
        final int absorbed = (int)update.invokeExact(ghash, blocks, 0, blocks.length);
        final long[] y = (long[])state.get(ghash);
        if (absorbed != blocks.length || y.length != 2 || y[0] != 0xf38cbb1ad69223dcL || y[1] != 0xc3457ae5b6b0f885L)
        {
            return "known answer wrong: " + (y.length == 2 ? Long.toHexString(y[0]) + Long.toHexString(y[1]) : "state of " + y.length);
        }
        return null;
    }

    /** SHA-256 of "abc" (one padded block) compared with the public MessageDigest. */
    private static String checkSha256(final MethodHandle newSha, final MethodHandle compress, final VarHandle state) throws Throwable
    {
        final Object sha = (Object)newSha.invokeExact();
        final int[] words = (int[])state.get(sha);
        if (words.length != 8 || words[0] != 0x6a09e667)
        {
            return "unexpected initial state";
        }
        final byte[] block = new byte[64];
        block[0] = 'a';
        block[1] = 'b';
        block[2] = 'c';
        block[3] = (byte)0x80;
        block[63] = 24; // the message length in bits
        compress.invokeExact(sha, block, 0);
        final byte[] out = new byte[32];
        for (int i = 0; i < 8; i++)
        {
            out[4 * i] = (byte)(words[i] >>> 24);
            out[4 * i + 1] = (byte)(words[i] >>> 16);
            out[4 * i + 2] = (byte)(words[i] >>> 8);
            out[4 * i + 3] = (byte)words[i];
        }
        if (!Arrays.equals(out, MessageDigest.getInstance("SHA-256").digest(new byte[] {'a', 'b', 'c'})))
        {
            return "known answer wrong: " + HexFormat.of().formatHex(out);
        }
        return null;
    }
}
