package com.orderguard.custody;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HSM faults against real SoftHSM tokens: sessions killed under SunPKCS11 ({@code C_CloseAllSessions}) and
 * the token's directory moved away and back. Custody must notice, say so once, and recover by itself.
 */
class TokenFaultTest
{
    private static final byte[] RECORD = "checkpoint 9".getBytes(StandardCharsets.US_ASCII);

    @Test
    void shouldLogInAgainWhenTheSessionsDieAndKeepSigningWithoutAnAlert() throws Exception
    {
        final TestCustody custody = TestCustody.initialise().unsealed();
        final Events events = listen(custody);

        custody.keyCustody.token().closeAllSessions();
        final TokenHealth health = custody.keyCustody.probeToken();

        assertEquals(TokenHealth.RECOVERED, health);
        assertEquals(List.of(), events.seen, "recovered within the probe: nothing to alert");
        assertTrue(verifies(custody, custody.keyCustody.signJournal(RECORD)));
        assertEquals(TokenHealth.CAN_SIGN, custody.keyCustody.probeToken());
    }

    @Test
    void shouldRecoverInsideSignJournalWhenTheSessionsDieBetweenProbes() throws Exception
    {
        final TestCustody custody = TestCustody.initialise().unsealed();

        custody.keyCustody.token().closeAllSessions();

        assertTrue(verifies(custody, custody.keyCustody.signJournal(RECORD)));
    }

    @Test
    void shouldReportCannotSignOnceWhileTheTokenIsGoneAndRecoverByItselfWhenItReturns() throws Exception
    {
        final TestCustody custody = TestCustody.initialise().unsealed();
        final byte[] blob = custody.keyCustody.envelope().encrypt(RECORD, new byte[0]);
        final Events events = listen(custody);
        final Path tokens = custody.config.tokenDir().resolve("tokens");
        final Path away = custody.config.tokenDir().resolve("tokens-away");

        Files.move(tokens, away);
        try
        {
            assertEquals(TokenHealth.CANNOT_SIGN, custody.keyCustody.probeToken());
            assertEquals(TokenHealth.CANNOT_SIGN, custody.keyCustody.probeToken());
            final IllegalStateException ex =
                assertThrows(IllegalStateException.class, () -> custody.keyCustody.signJournal(RECORD));
            assertEquals("the token cannot sign: journal-signing.v1 is unreachable (token gone or session dead)", ex.getMessage());
            assertEquals(1, events.seen.size(), events.seen.toString());
            assertTrue(events.seen.get(0).startsWith("cannot sign: "), events.seen.toString());
        }
        finally
        {
            Files.move(away, tokens);
        }

        assertEquals(TokenHealth.RECOVERED, custody.keyCustody.probeToken());
        assertEquals("can sign again", events.seen.get(1));
        assertEquals(2, events.seen.size(), events.seen.toString());
        assertTrue(verifies(custody, custody.keyCustody.signJournal(RECORD)));
        assertArrayEquals(RECORD, custody.keyCustody.envelope().decrypt(blob, new byte[0]));
        assertEquals(TokenHealth.CAN_SIGN, custody.keyCustody.probeToken());
    }

    @Test
    void shouldProbeNothingWhileSealed() throws Exception
    {
        final TestCustody custody = TestCustody.initialise();
        final Events events = listen(custody);

        assertEquals(TokenHealth.SEALED, custody.keyCustody.probeToken());
        custody.unsealed();
        custody.keyCustody.seal();
        assertEquals(TokenHealth.SEALED, custody.keyCustody.probeToken());
        assertEquals(List.of(), events.seen);
    }

    private static final class Events implements TokenHealthListener
    {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void cannotSign(final String reason)
        {
            seen.add("cannot sign: " + reason);
        }

        @Override
        public void canSignAgain()
        {
            seen.add("can sign again");
        }
    }

    private static Events listen(final TestCustody custody)
    {
        final Events events = new Events();
        custody.keyCustody.addHealthListener(events);
        return events;
    }

    private static boolean verifies(final TestCustody custody, final byte[] signature) throws Exception
    {
        final Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(custody.keyCustody.journalPublicKey());
        verifier.update(RECORD);
        return verifier.verify(signature);
    }
}
