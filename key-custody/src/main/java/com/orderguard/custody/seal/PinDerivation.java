package com.orderguard.custody.seal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * The token's PINs, derived from the 32-byte seal secret, so that no PIN is ever stored:
 * <pre>
 *   user PIN = hex(HMAC-SHA256(key = seal secret, message = "orderguard user-pin v1"))
 *   SO PIN   = hex(HMAC-SHA256(key = seal secret, message = "orderguard so-pin v1"))
 * </pre>
 * 64 lower-case hex characters each (ASCII, within SoftHSM's 4..255). Distinct messages keep the two
 * independent: one PIN says nothing about the other. The SO PIN is used once, to create the token,
 * and is recoverable by the same quorum should the token ever need its security officer.
 * <p>
 * Wiping is best effort: the arrays returned and used here are cleared by their owners, but the JDK's
 * HMAC keeps its own copy of the key until it is garbage.
 */
public final class PinDerivation
{
    public static final String USER_PIN_MESSAGE = "orderguard user-pin v1";
    public static final String SO_PIN_MESSAGE = "orderguard so-pin v1";
    public static final int SECRET_BYTES = 32;

    private PinDerivation()
    {
    }

    public static char[] userPin(final byte[] sealSecret)
    {
        return derive(sealSecret, USER_PIN_MESSAGE);
    }

    public static char[] soPin(final byte[] sealSecret)
    {
        return derive(sealSecret, SO_PIN_MESSAGE);
    }

    private static char[] derive(final byte[] sealSecret, final String message)
    {
        if (sealSecret.length != SECRET_BYTES)
        {
            throw new IllegalArgumentException("the seal secret has " + SECRET_BYTES + " bytes, was " + sealSecret.length);
        }

        byte[] mac = null;
        try
        {
            final Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(sealSecret, "HmacSHA256"));
            mac = hmac.doFinal(message.getBytes(StandardCharsets.US_ASCII));
            hmac.reset();
            return Hex.encodeToChars(mac);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("every JDK has HmacSHA256", ex);
        }
        finally
        {
            if (null != mac)
            {
                Arrays.fill(mac, (byte)0);
            }
        }
    }
}
