package com.orderguard.orderpath.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels are reached under the appliance's flags, and a JVM started without them loses speed,
 * not correctness: the lookups fail quietly, the class says so, and everything runs through the
 * public APIs with the same answers.
 */
class JdkCryptoKernelsTest
{
    @Test
    void shouldReachEveryKernelUnderTheAppliancesFlags()
    {
        assertTrue(JdkCryptoKernels.hasAes() && JdkCryptoKernels.hasGhash() && JdkCryptoKernels.hasSha256(),
            JdkCryptoKernels.describe());
        assertEquals("JDK crypto kernels: AES direct, GHASH direct, SHA-256 direct", JdkCryptoKernels.describe());
    }

    @Test
    void shouldFallBackToThePublicApisWithTheSameAnswersWithoutTheFlags() throws Exception
    {
        final Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
            "-cp", System.getProperty("java.class.path"), KernelsWithoutFlagsMain.class.getName()))
            .redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM without flags did not finish");
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("AES through the public API (") && output.contains("GHASH through the public API (") &&
            output.contains("SHA-256 through the public API ("), output);
        assertTrue(output.contains("same answers through the public APIs"), output);
    }
}
