package com.orderguard.custody.seal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShareTextTest
{
    private static final String HEX64 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @Test
    void shouldFormatAsTagSealSetIndexAndHex()
    {
        assertEquals("ogs1-1a2b3c4d-3-" + HEX64, ShareText.format(0x1a2b3c4d, 3, Hex.decodeOrNull(HEX64)));
        assertEquals("ogs1-0000002a-16-" + HEX64, ShareText.format(42, 16, Hex.decodeOrNull(HEX64)));
    }

    @Test
    void shouldParseWhatItFormatsTrimmingSpaceAndIgnoringCase() throws Exception
    {
        final ShareText share = ShareText.parse("  OGS1-FFFFFFFE-12-" + HEX64.toUpperCase() + "\n");

        assertEquals(0xfffffffe, share.sealSetId());
        assertEquals(12, share.index());
        assertArrayEquals(Hex.decodeOrNull(HEX64), share.bytes());
    }

    @Test
    void shouldRefuseGarbageWithoutAShareNumber()
    {
        final MalformedShareException ex =
            assertThrows(MalformedShareException.class, () -> ShareText.parse("hello officer"));

        assertEquals(-1, ex.shareIndex());
        assertTrue(ex.getMessage().startsWith("not a share: expected ogs1-"), ex.getMessage());
    }

    @Test
    void shouldNameTheShareWhenOnlyItsHexIsWrong()
    {
        final MalformedShareException shortened =
            assertThrows(MalformedShareException.class, () -> ShareText.parse("ogs1-1a2b3c4d-4-" + HEX64.substring(1)));
        final MalformedShareException notHex =
            assertThrows(MalformedShareException.class, () -> ShareText.parse("ogs1-1a2b3c4d-4-" + HEX64.replace('a', 'x')));

        assertEquals(4, shortened.shareIndex());
        assertEquals("share 4 is malformed: it must end in 64 hex digits, has 63 characters", shortened.getMessage());
        assertEquals(4, notHex.shareIndex());
        assertTrue(notHex.getMessage().endsWith("with non-hex ones"), notHex.getMessage());
    }

    @Test
    void shouldRefuseShareNumbersOutsideOneToSixteenAndLeadingZeros()
    {
        assertThrows(MalformedShareException.class, () -> ShareText.parse("ogs1-1a2b3c4d-0-" + HEX64));
        assertThrows(MalformedShareException.class, () -> ShareText.parse("ogs1-1a2b3c4d-17-" + HEX64));
        assertThrows(MalformedShareException.class, () -> ShareText.parse("ogs1-1a2b3c4d-03-" + HEX64));
        assertThrows(MalformedShareException.class, () -> ShareText.parse(null));
    }

    @Test
    void shouldNeverPrintTheShareBytes() throws Exception
    {
        final String text = ShareText.parse("ogs1-1a2b3c4d-3-" + HEX64).toString();

        assertFalse(text.contains(HEX64), text);
        assertEquals("ShareText[set=1a2b3c4d, index=3, bytes=<withheld>]", text);
    }

    @Test
    void shouldWipeItsBytes() throws Exception
    {
        final ShareText share = ShareText.parse("ogs1-1a2b3c4d-3-" + HEX64);

        share.wipe();

        assertArrayEquals(new byte[32], share.bytes());
    }
}
