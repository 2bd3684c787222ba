package com.orderguard.custody.seal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ShareAuthenticatorTest
{
    private static final int SET = 0x1a2b3c4d;

    @Test
    void shouldDigestDomainTagSealSetIndexAndShareAsDocumented()
    {
        final byte[] share = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            share[i] = (byte)i;
        }

        // printf 'orderguard share digest v1\x00\x1a\x2b\x3c\x4d\x03' + bytes 00..1f | sha256sum
        assertEquals("8f7373ae193d588ac3ce17135fea27d621179496a476a1a1817f1938f63b6169",
            Hex.encode(ShareAuthenticator.digest(SET, 3, share)));
    }

    @Test
    void shouldTellAuthenticOtherSetMissingIndexAndTamperedApart()
    {
        final byte[][] digests = new byte[3][];
        for (int i = 1; i <= 3; i++)
        {
            digests[i - 1] = ShareAuthenticator.digest(SET, i, bytes(i));
        }
        final ShareAuthenticator authenticator = new ShareAuthenticator(new SealFile(SET, 3, 2, "t", digests));

        assertEquals(ShareAuthenticator.Verdict.AUTHENTIC, authenticator.verdict(new ShareText(SET, 2, bytes(2))));
        assertEquals(ShareAuthenticator.Verdict.OTHER_SET, authenticator.verdict(new ShareText(SET + 1, 2, bytes(2))));
        assertEquals(ShareAuthenticator.Verdict.NO_SUCH_INDEX, authenticator.verdict(new ShareText(SET, 4, bytes(4))));
        final byte[] altered = bytes(2);
        altered[31] ^= 1;
        assertEquals(ShareAuthenticator.Verdict.TAMPERED, authenticator.verdict(new ShareText(SET, 2, altered)));
        assertEquals(ShareAuthenticator.Verdict.TAMPERED, authenticator.verdict(new ShareText(SET, 3, bytes(2))),
            "share 2's bytes presented as share 3");
    }

    private static byte[] bytes(final int seed)
    {
        final byte[] bytes = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            bytes[i] = (byte)(seed * 31 + i);
        }
        return bytes;
    }
}
