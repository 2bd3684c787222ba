package com.orderguard.custody;

import com.orderguard.testsupport.SoftHsmFixture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A custody initialised on a fresh real SoftHSM token in this JVM's token directory, with its shares. */
final class TestCustody
{
    final KeyCustodyConfig config;
    final SealInitialisation initialisation;
    final MutableClock clock;
    KeyCustody keyCustody;

    private TestCustody(final KeyCustodyConfig config, final SealInitialisation initialisation, final MutableClock clock,
        final KeyCustody keyCustody)
    {
        this.config = config;
        this.initialisation = initialisation;
        this.clock = clock;
        this.keyCustody = keyCustody;
    }

    static TestCustody initialise(final String... settings) throws Exception
    {
        final Properties p = new Properties();
        p.setProperty("custody.dir", SoftHsmFixture.freshTempDir("custody").toString());
        p.setProperty("custody.token.dir", SoftHsmFixture.tokenDirectory().toString());
        p.setProperty("custody.token.label", SoftHsmFixture.uniqueLabel("custody"));
        p.setProperty("custody.seal.shares", "3");
        p.setProperty("custody.seal.threshold", "2");
        for (final String setting : settings)
        {
            final int eq = setting.indexOf('=');
            p.setProperty(setting.substring(0, eq), setting.substring(eq + 1));
        }
        final KeyCustodyConfig config = KeyCustodyConfig.from(p);
        final MutableClock clock = new MutableClock(Instant.now());
        final SealInitialisation initialisation = KeyCustody.initialise(config, clock);
        return new TestCustody(config, initialisation, clock, new KeyCustody(config, clock));
    }

    String share(final int index)
    {
        return initialisation.shareTexts().get(index - 1);
    }

    TestCustody unsealed()
    {
        keyCustody.offerShare(share(1));
        final ShareOutcome outcome = keyCustody.offerShare(share(2));
        assertEquals(ShareOutcome.Status.UNSEALED, outcome.status(), outcome.message());
        return this;
    }

    /** The appliance restarting: a new custody over the same directory and token, sealed, then unsealed. */
    TestCustody restarted() throws Exception
    {
        keyCustody.close();
        keyCustody = new KeyCustody(config, clock);
        return unsealed();
    }

    /**
     * Runs OpenSC's pkcs11-tool against this custody's token from outside the JVM, logged in with the PIN
     * custody holds (unsealed only): what an insider with the PIN and a shell could try.
     */
    String pkcs11Tool(final String... arguments) throws Exception
    {
        final char[] pin = keyCustody.userPinForTests();
        final long slot = com.orderguard.hsm.SoftHsm2Token.open(config.tokenDir(), config.tokenLabel()).slotId();
        final java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("pkcs11-tool", "--module",
            config.pkcs11Library(), "--slot", Long.toString(slot), "--login", "--pin", new String(pin)));
        command.addAll(java.util.List.of(arguments));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", config.tokenDir().resolve("softhsm2.conf").toString());
        final Process process = builder.start();
        process.getOutputStream().close();
        final String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        return "exit " + process.exitValue() + "\n" + output;
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock
    {
        private volatile Instant now;

        MutableClock(final Instant now)
        {
            this.now = now;
        }

        void advance(final Duration by)
        {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone)
        {
            return this;
        }

        @Override
        public Instant instant()
        {
            return now;
        }
    }
}
