package com.orderguard.hsm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator command bin/init-softhsm-token, run as an operator would (Surefire runs in the module directory). */
class InitSoftHsmTokenScriptTest
{
    private static final Path SCRIPT = Path.of("bin/init-softhsm-token");

    @Test
    void shouldCreateTokenWithPinsReadFromStandardInput(@TempDir final Path dir) throws Exception
    {
        final Run run = run(dir, "operator", "operator-so-pin\noperator-user-pin\n");

        assertEquals(0, run.exitCode, run.output);
        final SoftHsm2Token token = SoftHsm2Token.open(dir, "operator");
        assertEquals("token 'operator' in slot " + token.slotId() + "\n" +
            "SoftHSM configuration: " + dir.toRealPath().resolve("softhsm2.conf") + "\n" +
            "SunPKCS11 configuration: " + dir.toRealPath().resolve("sunpkcs11-operator.cfg") + "\n", run.output);
        assertEquals(0, pkcs11ToolLogin(dir, token.slotId(), "operator-user-pin"), "user PIN does not log in");
        assertEquals(0, pkcs11ToolSoLogin(dir, token.slotId(), "operator-so-pin"), "SO PIN does not log in");
        assertTrue(pkcs11ToolSoLogin(dir, token.slotId(), "not-the-so-pin") != 0, "a wrong SO PIN logged in");
        assertTrue(pkcs11ToolLogin(dir, token.slotId(), "not-the-user-pin") != 0, "a wrong PIN logged in");
    }

    @Test
    void shouldWriteTheSameProviderConfigurationAsTheJavaSide() throws Exception
    {
        final Path dir = ProcessTokenDirectory.get();
        final String label = ProcessTokenDirectory.uniqueLabel("same");
        assertEquals(0, run(dir, label, "operator-so-pin\noperator-user-pin\n").exitCode);
        final byte[] writtenByScript = Files.readAllBytes(SoftHsm2Token.providerConfigFile(dir, label));
        Files.delete(SoftHsm2Token.providerConfigFile(dir, label));

        SoftHsm2Token.open(dir, label);   // rewrites it from the same template

        assertArrayEquals(writtenByScript, Files.readAllBytes(SoftHsm2Token.providerConfigFile(dir, label)));
    }

    @Test
    void shouldRefuseMissingUserPinLine(@TempDir final Path dir) throws Exception
    {
        final Run run = run(dir, "nopin", "only-the-so-pin\n");

        assertEquals(1, run.exitCode);
        assertTrue(run.output.contains("expected two lines on standard input"), run.output);
    }

    @Test
    void shouldRefuseLabelThatIsAlreadyThere(@TempDir final Path dir) throws Exception
    {
        assertEquals(0, run(dir, "dup", "operator-so-pin\noperator-user-pin\n").exitCode);

        final Run again = run(dir, "dup", "operator-so-pin\noperator-user-pin\n");

        assertEquals(1, again.exitCode);
        assertTrue(again.output.contains("already has a token labelled 'dup'"), again.output);
    }

    @Test
    void shouldCreateTokenFromTheJavaCommandWithPinsFromStandardInput() throws Exception
    {
        final Path dir = ProcessTokenDirectory.get();
        final String label = ProcessTokenDirectory.uniqueLabel("java-command");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int exitCode = InitSoftHsmToken.run(new String[] {dir.toString(), label},
            new ByteArrayInputStream("java-so-pin\njava-user-pin\n".getBytes(StandardCharsets.US_ASCII)),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, exitCode, err.toString(StandardCharsets.UTF_8));
        final SoftHsm2Token token = SoftHsm2Token.open(dir, label);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("token '" + label + "' in slot " + token.slotId() + "\n"));
        KeyStore.getInstance("PKCS11", token.newProvider()).load(null, "java-user-pin".toCharArray());
    }

    @Test
    void shouldReadPinLinesAsTheJavaCommandDoes() throws Exception
    {
        final ByteArrayInputStream in =
            new ByteArrayInputStream("so-pin-1\r\nuser-pin-2\n".getBytes(StandardCharsets.US_ASCII));

        assertArrayEquals("so-pin-1".toCharArray(), InitSoftHsmToken.readLine(in));
        assertArrayEquals("user-pin-2".toCharArray(), InitSoftHsmToken.readLine(in));
        assertThrows(IOException.class, () -> InitSoftHsmToken.readLine(in));
    }

    record Run(int exitCode, String output)
    {
    }

    /** pkcs11-tool in a fresh process (so it sees every token of {@code dir}); a PIN on its command line is fine in a test. */
    static int pkcs11ToolLogin(final Path dir, final long slotId, final String pin) throws Exception
    {
        return pkcs11Tool(dir, "--slot", Long.toString(slotId), "--login", "--pin", pin, "--list-objects");
    }

    /** The SO logs in (it needs a read-write session, which --change-pin opens) and sets the same PIN again. */
    static int pkcs11ToolSoLogin(final Path dir, final long slotId, final String soPin) throws Exception
    {
        return pkcs11Tool(dir, "--slot", Long.toString(slotId), "--login", "--login-type", "so", "--so-pin", soPin,
            "--change-pin", "--new-pin", soPin);
    }

    static int pkcs11Tool(final Path dir, final String... arguments) throws Exception
    {
        final java.util.List<String> command =
            new java.util.ArrayList<>(java.util.List.of("pkcs11-tool", "--module", SoftHsm2Token.DEFAULT_LIBRARY_PATH));
        command.addAll(java.util.List.of(arguments));
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", dir.resolve("softhsm2.conf").toString());
        final Process process = builder.start();
        process.getOutputStream().close();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue();
    }

    static Run run(final Path dir, final String label, final String stdin) throws Exception
    {
        final Process process = new ProcessBuilder(SCRIPT.toString(), dir.toString(), label)
            .redirectErrorStream(true)
            .start();
        try (OutputStream in = process.getOutputStream())
        {
            in.write(stdin.getBytes(StandardCharsets.US_ASCII));
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }
}
