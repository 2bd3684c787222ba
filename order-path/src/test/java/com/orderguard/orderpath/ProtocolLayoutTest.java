package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.Side;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/** The byte-level examples of docs/order-entry-protocol.md, checked against the codecs. */
class ProtocolLayoutTest
{
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

    @Test
    void shouldEncodeLogonExactlyAsDocumented()
    {
        final byte[] logon = TestFrames.logon("BROKER1", new byte[32], 1_700_000_000_000_000_000L);
        assertEquals(64, logon.length);
        assertEquals("40 00 00 00 01 00 01 00 42 52 4F 4B 45 52 31 00 00 00 2A 36 FE 9C 97 17",
            HEX.formatHex(logon, 0, 24));
        final byte[] again = TestFrames.logon("BROKER1", new byte[32], 1_700_000_000_000_000_000L);
        java.lang.System.arraycopy(logon, 24, again, 24, 8); // same nonce: the MAC is then a function of the bytes
        com.orderguard.orderpath.gateway.LogonAuthenticator.sign(new byte[32], again);
        assertArrayEquals(logon, again, "HMAC-SHA256 over bytes 0..31 at 32..63");
    }

    @Test
    void shouldEncodeNewOrderExactlyAsDocumented()
    {
        assertEquals(
            "38 00 00 00 04 00 01 00 " +
            "01 00 00 00 00 00 00 00 " +
            "41 43 43 31 00 00 00 00 " +
            "41 41 50 4C 00 00 00 00 " +
            "01 02 00 00 01 00 00 00 " +
            "64 00 00 00 00 00 00 00 " +
            "14 73 0F 00 00 00 00 00",
            HEX.formatHex(TestFrames.newOrder(1, 1, "ACC1", "AAPL", Side.BUY, 100, 1_012_500)));
    }

    @Test
    void shouldEncodeCancelReplaceReferencePriceAndReportExactlyAsDocumented()
    {
        assertEquals("20 00 00 00 07 00 01 00 02 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00",
            HEX.formatHex(TestFrames.cancel(2, 2, 1)));
        assertEquals("30 00 00 00 08 00 01 00 03 00 00 00 00 00 00 00 01 00 00 00 00 00 00 00 " +
            "C8 00 00 00 00 00 00 00 14 73 0F 00 00 00 00 00 03 00 00 00 00 00 00 00",
            HEX.formatHex(TestFrames.replace(3, 3, 1, 200, 1_012_500)));
        assertEquals("18 00 00 00 09 00 01 00 41 41 50 4C 00 00 00 00 14 73 0F 00 00 00 00 00",
            HEX.formatHex(TestFrames.referencePrice("AAPL", 1_012_500)));
        final byte[] report = TestFrames.executionReport(1, 7, com.orderguard.orderpath.protocol.ExecType.FILL, 100, 1_012_500);
        assertEquals("38 00 00 00 05 00 01 00 01 00 00 00 00 00 00 00 07 00 00 00 00 00 00 00 " +
            "64 00 00 00 00 00 00 00 14 73 0F 00 00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00",
            HEX.formatHex(report));
    }

    @Test
    void shouldGiveEveryMessageTypeItsDocumentedFixedLength()
    {
        assertEquals(64, MessageType.frameLength(MessageType.LOGON));
        assertEquals(32, MessageType.frameLength(MessageType.CANCEL));
        assertEquals(48, MessageType.frameLength(MessageType.REPLACE));
        assertEquals(24, MessageType.frameLength(MessageType.REFERENCE_PRICE));
        assertEquals(16, MessageType.frameLength(MessageType.LOGON_ACK));
        assertEquals(24, MessageType.frameLength(MessageType.LOGON_REJECT));
        assertEquals(56, MessageType.frameLength(MessageType.NEW_ORDER));
        assertEquals(56, MessageType.frameLength(MessageType.EXECUTION_REPORT));
        assertEquals(8, MessageType.frameLength(MessageType.HEARTBEAT));
        assertEquals(-1, MessageType.frameLength(99));
    }

    @Test
    void shouldAcceptOnlyNulPaddedPrintableAsciiIdentifiers()
    {
        assertTrue(Ascii8.isValid(Ascii8.encode("AAPL")));
        assertTrue(Ascii8.isValid(Ascii8.encode("12345678")));
        assertFalse(Ascii8.isValid(0), "empty");
        assertFalse(Ascii8.isValid(Ascii8.encode("AAPL") | 0x20L << 32), "space padding");
        assertFalse(Ascii8.isValid(Ascii8.encode("AA") | 0x41L << 24), "a character after the NUL padding");
        assertFalse(Ascii8.isValid(Ascii8.encode("AAPL") | 0xC3L << 8 & 0xFF00L | 0x41L), "non-ASCII byte");
        assertEquals("A\\xc3PL", Ascii8.decode(Ascii8.encode("AAPL") & ~0xFF00L | 0xC3L << 8));
        assertThrows(IllegalArgumentException.class, () -> Ascii8.encode("TOOLONGID"));
        assertThrows(IllegalArgumentException.class, () -> Ascii8.encode("A B"));
    }

    @Test
    void shouldNameEveryRejectReasonAndCountThem()
    {
        assertEquals("MAX_QUANTITY", RejectReason.name(RejectReason.MAX_QUANTITY));
        assertEquals("DROP_COPY_FULL", RejectReason.name(RejectReason.DROP_COPY_FULL));
        assertEquals("UNKNOWN", RejectReason.name(RejectReason.COUNT));
        for (int reason = 0; reason < RejectReason.COUNT; reason++)
        {
            assertNotEquals("UNKNOWN", RejectReason.name(reason));
        }
    }

    @Test
    void shouldLayOutTheTransitFramesAsDocumented() throws Exception
    {
        final com.orderguard.orderpath.gateway.transit.ClientHandshake handshake =
            com.orderguard.orderpath.gateway.transit.ClientHandshake.begin(new java.security.SecureRandom());
        final byte[] key = new byte[32];
        final byte[] secureLogon = handshake.secureLogon(Ascii8.encode("BROKER1"), 1_700_000_000_000_000_000L, 0, key);
        assertEquals(164, secureLogon.length);
        assertEquals("A4 00 00 00 0A 00 01 00 42 52 4F 4B 45 52 31 00 00 00 2A 36 FE 9C 97 17",
            HEX.formatHex(secureLogon, 0, 24));
        assertEquals(0x04, secureLogon[32], "the client's ephemeral point, uncompressed, at 32");
        assertEquals("00 00 00", HEX.formatHex(secureLogon, 129, 132));
        final byte[] resigned = secureLogon.clone();
        com.orderguard.orderpath.gateway.LogonAuthenticator.sign(key, resigned, 132);
        assertArrayEquals(secureLogon, resigned, "HMAC-SHA256 over bytes 0..131 at 132..163");

        final byte[] serverHello = new byte[97 + 71];
        serverHello[0] = 4;
        java.util.Arrays.fill(serverHello, 97, serverHello.length, (byte)0x30);
        final byte[] ack = com.orderguard.orderpath.protocol.SecureLogonAckCodec.encode(Ascii8.encode("BROKER1"), serverHello);
        assertEquals(192, ack.length);
        assertEquals("C0 00 00 00 0B 00 01 00 42 52 4F 4B 45 52 31 00 04", HEX.formatHex(ack, 0, 17));
        assertEquals(71, ack[113], "signature length at 113");
        assertEquals(0x30, ack[114], "DER signature from 114");
        assertEquals(0, ack[114 + 71], "zero-padded to 72 bytes");
        assertArrayEquals(serverHello, com.orderguard.orderpath.protocol.SecureLogonAckCodec.serverHello(ack));

        final byte[] c2s = new byte[32];
        final com.orderguard.orderpath.gateway.transit.SessionCipher sealer = new com.orderguard.orderpath.gateway.transit.SessionCipher(
            c2s, com.orderguard.orderpath.gateway.transit.SessionCipher.CLIENT_TO_APPLIANCE, true);
        final byte[] order = TestFrames.newOrder(1, 1, "ACC1", "AAPL", Side.BUY, 100, 1_012_500);
        final org.agrona.concurrent.UnsafeBuffer sealed = new org.agrona.concurrent.UnsafeBuffer(new byte[88]);
        sealed.putBytes(16, order);
        assertEquals(88, sealer.seal(sealed, 0, order.length));
        assertEquals("58 00 00 00 0C 00 01 00 01 00 00 00 00 00 00 00", HEX.formatHex(sealed.byteArray(), 0, 16),
            "Sealed: 88 bytes, type 12, v1, sequence 1");
        // the nonce is direction || sequence, big-endian: the JDK's AES/GCM with that nonce and bytes 0..15 as AAD agrees
        final javax.crypto.Cipher jdk = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        jdk.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(c2s, "AES"),
            new javax.crypto.spec.GCMParameterSpec(128, HexFormat.of().parseHex("000000010000000000000001")));
        jdk.updateAAD(sealed.byteArray(), 0, 16);
        assertEquals(HEX.formatHex(jdk.doFinal(order)), HEX.formatHex(sealed.byteArray(), 16, 88));
    }
}
