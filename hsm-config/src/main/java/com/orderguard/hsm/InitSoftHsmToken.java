package com.orderguard.hsm;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code java com.orderguard.hsm.InitSoftHsmToken DIR LABEL}: the Java twin of
 * {@code bin/init-softhsm-token}. Reads the SO PIN and the user PIN from standard input, one line
 * each, never from arguments (arguments are visible to every local user in the process list).
 * Prints the slot and the provider configuration file. Exit codes: 0 done, 1 failed, 2 usage.
 */
public final class InitSoftHsmToken
{
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private InitSoftHsmToken()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(final String[] args, final InputStream in, final PrintStream out, final PrintStream err)
    {
        if (args.length != 2)
        {
            err.println("usage: InitSoftHsmToken DIR LABEL  (SO PIN and user PIN on stdin, one line each)");
            return EXIT_USAGE;
        }

        char[] soPin = null;
        char[] userPin = null;
        try
        {
            soPin = readLine(in);
            userPin = readLine(in);
            final SoftHsm2Token token = SoftHsm2Token.create(Path.of(args[0]), args[1], soPin, userPin);
            out.println("token '" + token.label() + "' in slot " + token.slotId());
            out.println("SoftHSM configuration: " + token.softHsmConfigFile());
            out.println("SunPKCS11 configuration: " + token.providerConfigFile());
            return EXIT_OK;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("init-softhsm-token: " + ex.getMessage());
            return EXIT_FAILED;
        }
        finally
        {
            wipe(soPin);
            wipe(userPin);
        }
    }

    /** Reads one line into a char[] (no String, so it can be wiped); ASCII only, as PINs are. */
    static char[] readLine(final InputStream in) throws IOException
    {
        final char[] line = new char[TokenInputs.MAX_PIN_LENGTH + 1];
        int length = 0;
        int b;
        while ((b = in.read()) != -1 && b != '\n')
        {
            if (b == '\r')
            {
                continue;
            }

            if (length == line.length)
            {
                wipe(line);
                throw new IOException("PIN line longer than " + TokenInputs.MAX_PIN_LENGTH + " characters");
            }

            line[length++] = (char)b;
        }

        if (b == -1 && length == 0)
        {
            wipe(line);
            throw new IOException("expected two lines on standard input: SO PIN, then user PIN");
        }

        final char[] pin = Arrays.copyOf(line, length);
        wipe(line);
        return pin;
    }

    private static void wipe(final char[] secret)
    {
        if (null != secret)
        {
            Arrays.fill(secret, '\0');
        }
    }
}
