package com.orderguard.orderpath.venue;

import com.orderguard.orderpath.protocol.FramedConnection;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.*;

/** The venue's address is looked up once, at start; reconnects reuse it and never ask DNS on the hot thread. */
class VenueSessionTest
{
    @Test
    void shouldResolveTheVenueHostOnceAtStartAndReuseItOnEveryReconnect() throws Exception
    {
        final int port;
        try (ServerSocket closed = new ServerSocket(0))
        {
            port = closed.getLocalPort(); // nothing listens once closed: every connect fails
        }
        final VenueSession venue = new VenueSession(0, "SIM", 1, "localhost", port, 2, new FramedConnection(64, 64));
        final InetSocketAddress resolved = venue.address();
        assertFalse(resolved.isUnresolved(), "resolved at start");
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (!venue.startConnect())
                {
                    final long deadline = System.nanoTime() + 5_000_000_000L;
                    while (!venue.finishConnect() && System.nanoTime() < deadline)
                    {
                        Thread.onSpinWait();
                    }
                }
            }
            catch (final java.io.IOException expected)
            {
                // refused: the venue is down
            }
            venue.down(System.nanoTime(), 0);
            assertSame(resolved, venue.address(), "the same address on reconnect " + attempt);
        }
        venue.connection().release();
    }

    @Test
    void shouldRefuseToStartWithAVenueHostThatDoesNotResolve()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new VenueSession(0, "SIM", 1, "no-such-venue.invalid", 9000, 2, new FramedConnection(64, 64)));
        assertTrue(ex.getMessage().contains("SIM") && ex.getMessage().contains("no-such-venue.invalid"), ex.getMessage());
    }
}
