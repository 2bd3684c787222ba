package com.orderguard.custody.seal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Known answers computed with openssl, so the documented derivation is the one implemented. */
class PinDerivationTest
{
    private static final byte[] SECRET = Hex.decodeOrNull("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    @Test
    void shouldDeriveUserPinAsHexOfHmacSha256OfTheDocumentedMessage()
    {
        // printf 'orderguard user-pin v1' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
        assertArrayEquals("486f4dd0b122c309d2f46a179997187e1ba0e104fa5783d93ec4fe3f88ffc9d0".toCharArray(),
            PinDerivation.userPin(SECRET));
    }

    @Test
    void shouldDeriveSoPinIndependentlyOfTheUserPin()
    {
        // printf 'orderguard so-pin v1' | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
        assertArrayEquals("c814e218783e5b6b020d9c23f75c7bc92ea93ed88b9bad3162b5f024c0d15d1e".toCharArray(),
            PinDerivation.soPin(SECRET));
    }

    @Test
    void shouldRefuseSecretOfTheWrongLength()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> PinDerivation.userPin(new byte[31]));

        assertEquals("the seal secret has 32 bytes, was 31", ex.getMessage());
    }
}
