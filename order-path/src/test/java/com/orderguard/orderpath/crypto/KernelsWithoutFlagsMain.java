package com.orderguard.orderpath.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import com.orderguard.orderpath.gateway.transit.AesGcm;

/**
 * Run by {@link JdkCryptoKernelsTest} in a JVM started without the appliance's flags: prints which
 * kernels it reached, then checks that AES-GCM and SHA-256 still give the JDK's answers through the
 * public APIs, and exits 0 only if they do.
 */
public final class KernelsWithoutFlagsMain
{
    private KernelsWithoutFlagsMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.out.println(JdkCryptoKernels.describe());
        final byte[] key = new byte[32];
        final byte[] nonce = new byte[12];
        final byte[] message = new byte[100];
        for (int i = 0; i < message.length; i++)
        {
            message[i] = (byte)(i * 31);
            key[i & 31] ^= (byte)i;
        }
        final AesGcm gcm = new AesGcm(key);
        final byte[] data = message.clone();
        final byte[] tag = new byte[16];
        gcm.seal(nonce, new byte[0], 0, data, 0, data.length, tag, 0);
        final Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        final byte[] expected = jdk.doFinal(message);
        final Sha256 sha = new Sha256();
        sha.update(message, 0, message.length);
        final byte[] digest = new byte[32];
        sha.digest(digest, 0);
        final boolean ok = Arrays.equals(Arrays.copyOf(expected, 100), data) &&
            Arrays.equals(Arrays.copyOfRange(expected, 100, 116), tag) &&
            Arrays.equals(MessageDigest.getInstance("SHA-256").digest(message), digest) &&
            !gcm.usesJdkKernels() && !sha.direct();
        System.out.println(ok ? "same answers through the public APIs" : "WRONG ANSWERS");
        System.exit(ok ? 0 : 1);
    }
}
