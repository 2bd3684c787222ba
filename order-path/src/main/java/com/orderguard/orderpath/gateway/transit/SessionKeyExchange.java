package com.orderguard.orderpath.gateway.transit;

import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;

/**
 * The per-session key exchange for order flow in transit: ephemeral ECDH on P-256 (in the JCE: forward
 * secrecy, nothing of it lives past the session), the appliance authenticated by a signature of its
 * {@code gateway-signing} key inside the HSM over the whole transcript (the client checks it with the
 * pinned public key), the client by its logon HMAC, which covers its hello (SecureLogon). Keys:
 * HKDF-SHA256 (RFC 5869) of the shared secret, salt = SHA-256 of the transcript, one AES-256 key per
 * direction, each used by a {@link SessionCipher} with its own direction in the nonce.
 * <pre>
 * client hello (97 bytes): ephemeral point (65, uncompressed) || client nonce (32)
 * server hello (97 + sig): ephemeral point (65) || server nonce (32) || ECDSA-SHA256 DER signature
 * transcript = "orderguard session v1" || client hello || server point || server nonce
 * c2s key = HKDF(shared, salt, "orderguard c2s v1", 32), s2c key = HKDF(shared, salt, "orderguard s2c v1", 32)
 * </pre>
 * Why not TLS 1.3 with the server key in the token: see docs/threat-model.md ("Order flow in transit").
 * This is the same cryptography (ECDHE + signature + AEAD) sized to the binary protocol: one token
 * signature per session, on the establisher thread; per message an in-place AES-GCM that allocates
 * nothing on the order-path thread. Off the hot path: allocates freely.
 */
public final class SessionKeyExchange
{
    public static final int POINT_BYTES = 65;
    public static final int NONCE_BYTES = 32;
    public static final int HELLO_BYTES = POINT_BYTES + NONCE_BYTES;
    private static final byte[] LABEL = "orderguard session v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] C2S = "orderguard c2s v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] S2C = "orderguard s2c v1".getBytes(StandardCharsets.US_ASCII);

    private SessionKeyExchange()
    {
    }

    /** The client's first step: its hello and the ephemeral key pair it must keep until the server answers. */
    public record ClientStart(byte[] hello, KeyPair ephemeral)
    {
    }

    /** What the server sends back, and its side of the keys. */
    public record ServerResult(byte[] serverHello, TransitKeys keys)
    {
    }

    public static ClientStart clientHello(final SecureRandom random) throws GeneralSecurityException
    {
        final KeyPair ephemeral = ephemeral();
        final byte[] hello = new byte[HELLO_BYTES];
        System.arraycopy(point((ECPublicKey)ephemeral.getPublic()), 0, hello, 0, POINT_BYTES);
        final byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, hello, POINT_BYTES, NONCE_BYTES);
        return new ClientStart(hello, ephemeral);
    }

    /**
     * The appliance's step: answers a client hello, signing the transcript with {@code tokenSigner}
     * (key custody's {@code sign(KeyPurpose.GATEWAY_SIGNING, data)}: SHA256withECDSA in the HSM).
     *
     * @throws GeneralSecurityException for a hello that is not a P-256 point, or when the signer fails.
     */
    public static ServerResult serverRespond(final byte[] clientHello, final TranscriptSigner tokenSigner,
        final SecureRandom random) throws GeneralSecurityException
    {
        if (clientHello.length != HELLO_BYTES)
        {
            throw new GeneralSecurityException("client hello must be " + HELLO_BYTES + " bytes, was " + clientHello.length);
        }
        final PublicKey clientPoint = publicKey(Arrays.copyOf(clientHello, POINT_BYTES));
        final KeyPair ephemeral = ephemeral();
        final byte[] serverPoint = point((ECPublicKey)ephemeral.getPublic());
        final byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        final byte[] transcript = transcript(clientHello, serverPoint, nonce);
        final byte[] signature = tokenSigner.sign(transcript);

        final byte[] hello = new byte[HELLO_BYTES + signature.length];
        System.arraycopy(serverPoint, 0, hello, 0, POINT_BYTES);
        System.arraycopy(nonce, 0, hello, POINT_BYTES, NONCE_BYTES);
        System.arraycopy(signature, 0, hello, HELLO_BYTES, signature.length);
        return new ServerResult(hello, keys(ephemeral, clientPoint, transcript, false));
    }

    /**
     * The client's second step: checks the server's signature with the appliance's pinned gateway public
     * key (exported under quorum) and derives its keys.
     *
     * @throws GeneralSecurityException if the signature does not verify: not the appliance, or tampered.
     */
    public static TransitKeys clientFinish(final ClientStart start, final byte[] serverHello, final PublicKey pinnedGatewayKey)
        throws GeneralSecurityException
    {
        if (serverHello.length <= HELLO_BYTES)
        {
            throw new GeneralSecurityException("server hello too short: " + serverHello.length + " bytes");
        }
        final byte[] serverPoint = Arrays.copyOf(serverHello, POINT_BYTES);
        final byte[] nonce = Arrays.copyOfRange(serverHello, POINT_BYTES, HELLO_BYTES);
        final byte[] transcript = transcript(start.hello(), serverPoint, nonce);
        final Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pinnedGatewayKey);
        verifier.update(transcript);
        if (!verifier.verify(Arrays.copyOfRange(serverHello, HELLO_BYTES, serverHello.length)))
        {
            throw new GeneralSecurityException("the server's signature does not verify with the pinned gateway key");
        }
        return keys(start.ephemeral(), publicKey(serverPoint), transcript, true);
    }

    private static TransitKeys keys(final KeyPair own, final PublicKey peer, final byte[] transcript, final boolean client)
        throws GeneralSecurityException
    {
        final KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(own.getPrivate());
        ecdh.doPhase(peer, true);
        final byte[] shared = ecdh.generateSecret();
        final byte[] salt = MessageDigest.getInstance("SHA-256").digest(transcript);
        try
        {
            final byte[] prk = hmac(salt, shared);
            final byte[] c2s = expand(prk, C2S);
            final byte[] s2c = expand(prk, S2C);
            Arrays.fill(prk, (byte)0);
            final SessionCipher c2sCipher = new SessionCipher(c2s, SessionCipher.CLIENT_TO_APPLIANCE, client);
            final SessionCipher s2cCipher = new SessionCipher(s2c, SessionCipher.APPLIANCE_TO_CLIENT, !client);
            Arrays.fill(c2s, (byte)0);
            Arrays.fill(s2c, (byte)0);
            return client ? new TransitKeys(c2sCipher, s2cCipher, salt) : new TransitKeys(s2cCipher, c2sCipher, salt);
        }
        finally
        {
            Arrays.fill(shared, (byte)0);
        }
    }

    /** HKDF-Expand for one 32-byte block (L = 32 = HashLen, so T(1) only). */
    private static byte[] expand(final byte[] prk, final byte[] info) throws GeneralSecurityException
    {
        final byte[] input = Arrays.copyOf(info, info.length + 1);
        input[info.length] = 1;
        return hmac(prk, input);
    }

    private static byte[] hmac(final byte[] key, final byte[] data) throws GeneralSecurityException
    {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] transcript(final byte[] clientHello, final byte[] serverPoint, final byte[] serverNonce)
    {
        final byte[] transcript = new byte[LABEL.length + HELLO_BYTES + POINT_BYTES + NONCE_BYTES];
        int at = 0;
        System.arraycopy(LABEL, 0, transcript, at, LABEL.length);
        at += LABEL.length;
        System.arraycopy(clientHello, 0, transcript, at, HELLO_BYTES);
        at += HELLO_BYTES;
        System.arraycopy(serverPoint, 0, transcript, at, POINT_BYTES);
        at += POINT_BYTES;
        System.arraycopy(serverNonce, 0, transcript, at, NONCE_BYTES);
        return transcript;
    }

    private static KeyPair ephemeral() throws GeneralSecurityException
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static byte[] point(final ECPublicKey key)
    {
        final byte[] out = new byte[POINT_BYTES];
        out[0] = 4;
        copyFixed(key.getW().getAffineX(), out, 1);
        copyFixed(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copyFixed(final BigInteger value, final byte[] out, final int offset)
    {
        final byte[] bytes = value.toByteArray();
        final int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, out, offset + 32 - length, length);
    }

    /** Decodes an uncompressed P-256 point; the JCE's ECDH refuses a point not on the curve. */
    private static PublicKey publicKey(final byte[] point) throws GeneralSecurityException
    {
        if (point[0] != 4)
        {
            throw new GeneralSecurityException("EC point must be uncompressed (0x04)");
        }
        final java.security.AlgorithmParameters parameters = java.security.AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        final ECParameterSpec params = parameters.getParameterSpec(ECParameterSpec.class);
        final ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, params));
    }
}
