package com.orderguard.hsm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Provider;
import java.security.Security;
import java.util.Map;

/**
 * One SoftHSM2 token in a token directory of ours, and the SunPKCS11 configuration that reaches it.
 * <p>
 * A token directory {@code DIR} holds {@code softhsm2.conf} (token store {@code DIR/tokens}), the
 * tokens under {@code DIR/tokens}, and one provider configuration per token,
 * {@code DIR/sunpkcs11-LABEL.cfg}. A directory may hold several tokens with distinct labels: the
 * appliance uses one, a test JVM many.
 * <p>
 * What must hold in a process, found on SoftHSM 2.6.1 with JDK 17 and 25 (see SoftHsm2TokenTest):
 * <ul>
 * <li>SoftHSM reads {@code SOFTHSM2_CONF} from the native environment once, in {@code C_Initialize},
 * and SunPKCS11 initialises a library once per JVM and never finalises it. So a JVM uses the tokens of
 * exactly one directory: {@link #useInThisProcess(Path)} sets the variable and refuses another.</li>
 * <li>SoftHSM builds its slot list in {@code C_Initialize} and never rescans its token directory. A token
 * created by another process (softhsm2-util, bin/init-softhsm-token) after this JVM initialised SoftHSM
 * stays invisible to this JVM. So {@link #create} makes the token through this process's own library
 * instance (PKCS#11 {@code C_InitToken}/{@code C_InitPIN} via JNA), which sees it at once.</li>
 * <li>A token made in this process sits, in this process, in the slot that was the free one; every later
 * process finds it in the slot SoftHSM derives from its serial ({@link #slotId()}, what the provider
 * configuration file says). So {@link #newProvider()} looks the token up by label in this process.</li>
 * </ul>
 */
public final class SoftHsm2Token
{
    public static final String DEFAULT_LIBRARY_PATH = "/usr/lib/softhsm/libsofthsm2.so";
    public static final String DEFAULT_LOG_LEVEL = "ERROR";
    public static final String SOFTHSM_CONF_FILE = "softhsm2.conf";
    public static final String TOKENS_DIR = "tokens";
    public static final String ENV_SOFTHSM2_CONF = "SOFTHSM2_CONF";

    private static Path confInUse;

    private final Path directory;
    private final Path softHsmConfigFile;
    private final Path providerConfigFile;
    private final long slotId;
    private final String label;
    private final String libraryPath;

    private SoftHsm2Token(final Path directory, final long slotId, final String label, final String libraryPath)
    {
        this.directory = directory;
        this.softHsmConfigFile = directory.resolve(SOFTHSM_CONF_FILE);
        this.providerConfigFile = providerConfigFile(directory, label);
        this.slotId = slotId;
        this.label = label;
        this.libraryPath = libraryPath;
    }

    /** As {@link #create(Path, String, char[], char[], String)} with {@link #DEFAULT_LIBRARY_PATH}. */
    public static SoftHsm2Token create(final Path dir, final String label, final char[] soPin, final char[] userPin)
        throws IOException
    {
        return create(dir, label, soPin, userPin, DEFAULT_LIBRARY_PATH);
    }

    /**
     * Initialises a new token labelled {@code label} in {@code dir} (made, with its softhsm2.conf, if
     * missing), sets its user PIN, and writes its provider configuration. Puts {@code dir} in use in this
     * process ({@link #useInThisProcess(Path)}): to make a token in a directory this JVM does not use,
     * run bin/init-softhsm-token. The PINs are read, never kept; the caller wipes them. Refuses a label
     * the directory already has: SoftHSM itself would make a second token with the same label, and then
     * no one could tell them apart.
     */
    public static SoftHsm2Token create(
        final Path dir,
        final String label,
        final char[] soPin,
        final char[] userPin,
        final String libraryPath) throws IOException
    {
        TokenInputs.requireLabel(label);
        TokenInputs.requirePin("SO PIN", soPin);
        TokenInputs.requirePin("user PIN", userPin);
        requireLibrary(libraryPath);

        final Path directory = dir.toAbsolutePath().normalize();
        final Path conf = prepareDirectory(directory);
        useInThisProcess(conf);
        for (final SoftHsm2Util.Slot slot : SoftHsm2Util.showSlots(conf))
        {
            // also catches a token another process made after this JVM initialised SoftHSM
            if (slot.initialised() && slot.label().equals(label))
            {
                throw new IllegalStateException("token directory " + directory + " already has a token labelled '" +
                    label + "' (slot " + slot.slotId() + ")");
            }
        }

        final SoftHsm2Library library = SoftHsm2Library.of(libraryPath);
        library.initialise();
        final SoftHsm2Library.TokenSlot slot = library.createToken(label, soPin, userPin);
        final SoftHsm2Token token = new SoftHsm2Token(directory, slot.freshProcessSlotId(), label, libraryPath);
        token.writeProviderConfig();
        return token;
    }

    /** As {@link #open(Path, String, String)} with {@link #DEFAULT_LIBRARY_PATH}. */
    public static SoftHsm2Token open(final Path dir, final String label) throws IOException
    {
        return open(dir, label, DEFAULT_LIBRARY_PATH);
    }

    /**
     * The existing token labelled {@code label} in {@code dir}, found by {@code softhsm2-util --show-slots}
     * (so this works for any directory, without putting it in use here). Rewrites the provider
     * configuration if it is missing or out of date (e.g. another library path).
     */
    public static SoftHsm2Token open(final Path dir, final String label, final String libraryPath) throws IOException
    {
        TokenInputs.requireLabel(label);
        requireLibrary(libraryPath);
        final Path directory = dir.toAbsolutePath().normalize();
        final Path conf = directory.resolve(SOFTHSM_CONF_FILE);
        if (!Files.isRegularFile(conf))
        {
            throw new IOException("no SoftHSM token directory at " + directory + ": " + conf + " is missing");
        }

        long found = -1;
        for (final SoftHsm2Util.Slot slot : SoftHsm2Util.showSlots(conf))
        {
            if (slot.initialised() && slot.label().equals(label))
            {
                if (found >= 0)
                {
                    throw new IllegalStateException("token directory " + directory +
                        " has more than one token labelled '" + label + "' (slots " + found + " and " + slot.slotId() + ")");
                }
                found = slot.slotId();
            }
        }

        if (found < 0)
        {
            throw new IOException("token directory " + directory + " has no token labelled '" + label + "'");
        }

        final SoftHsm2Token token = new SoftHsm2Token(directory, found, label, libraryPath);
        token.writeProviderConfig();
        return token;
    }

    /**
     * Makes {@code dir} a token directory if it is not one yet: the directory and {@code dir/tokens}
     * (owner-only where the file system has POSIX permissions) and {@code dir/softhsm2.conf} from the
     * template. Leaves an existing softhsm2.conf as it is. Returns the softhsm2.conf path.
     */
    public static Path prepareDirectory(final Path dir) throws IOException
    {
        final Path directory = dir.toAbsolutePath().normalize();
        createOwnerOnlyDirectory(directory);
        final Path tokens = directory.resolve(TOKENS_DIR);
        createOwnerOnlyDirectory(tokens);

        final Path conf = directory.resolve(SOFTHSM_CONF_FILE);
        if (!Files.exists(conf))
        {
            writeAtomically(conf, Templates.render(Templates.SOFTHSM2_CONF, Map.of(
                "TOKEN_DIR", tokens.toString(),
                "LOG_LEVEL", DEFAULT_LOG_LEVEL)));
        }

        return conf;
    }

    /**
     * Points SoftHSM in this process at {@code softHsmConf} by setting {@code SOFTHSM2_CONF} in the
     * native environment (libc {@code setenv}; {@link System#getenv()} does not change). Must run before
     * SoftHSM is first initialised in this JVM, by a SunPKCS11 provider or by this class, because SoftHSM
     * reads the variable only then; nothing else in the JVM may configure a SoftHSM provider before.
     * Calling it again with the same file is fine; with a different one it throws
     * {@link IllegalStateException}, because SoftHSM would silently keep using the first.
     */
    public static synchronized void useInThisProcess(final Path softHsmConf)
    {
        final Path conf;
        try
        {
            conf = softHsmConf.toRealPath();
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("SoftHSM configuration " + softHsmConf + " cannot be read: " + ex, ex);
        }

        if (null == confInUse)
        {
            NativeEnvironment.set(ENV_SOFTHSM2_CONF, conf.toString());
            confInUse = conf;
        }
        else if (!confInUse.equals(conf))
        {
            throw new IllegalStateException(
                "SoftHSM in this JVM already uses " + confInUse + "; it reads " + ENV_SOFTHSM2_CONF +
                " once per process, so " + conf + " cannot be used as well: create the tokens in " +
                confInUse.getParent() + " or use that directory from another JVM");
        }
    }

    /** The softhsm2.conf this JVM uses, or null if {@link #useInThisProcess(Path)} was not called yet. */
    public static synchronized Path confInThisProcess()
    {
        return confInUse;
    }

    /**
     * A new SunPKCS11 provider for this token, not added to {@link Security}'s list: pass it to
     * {@code getInstance} calls. Puts this token's directory in use in this process if none is yet, and
     * finds the token by label in this process's SoftHSM instance (its slot here may differ from
     * {@link #slotId()}, see the class comment).
     *
     * @throws IllegalStateException if another directory is in use here, or if this JVM's SoftHSM
     *                               cannot see the token because another process created it after
     *                               SoftHSM was initialised in this JVM.
     */
    public Provider newProvider()
    {
        useInThisProcess(softHsmConfigFile);
        final SoftHsm2Library library = SoftHsm2Library.of(libraryPath);
        library.initialise();
        final SoftHsm2Library.TokenSlot slot = library.find(label);
        if (null == slot)
        {
            throw new IllegalStateException("token '" + label + "' of " + directory + " is not visible to SoftHSM " +
                "in this JVM: SoftHSM reads its token directory once per process, so a token created by another " +
                "process after SoftHSM was initialised here appears only in a new JVM (create tokens this JVM " +
                "must use with SoftHsm2Token.create)");
        }

        final Provider template = Security.getProvider("SunPKCS11");
        if (null == template)
        {
            throw new IllegalStateException("the JDK's SunPKCS11 provider is missing (module jdk.crypto.cryptoki)");
        }

        return template.configure("--" + providerConfig(slot.slotId()));
    }

    /**
     * Kills every PKCS#11 session this process has on this token (and so its login), as a library reset
     * or a token pulled out would: SunPKCS11's next call on it fails. For fault drills and tests of recovery.
     */
    public void closeAllSessions()
    {
        final SoftHsm2Library library = SoftHsm2Library.of(libraryPath);
        library.initialise();
        library.closeAllSessions(label);
    }

    /**
     * SoftHSM's recovery after its token directory went away and came back: re-initialises the library in
     * this process so it reads the directory again (SoftHSM otherwise keeps the token invalid until the
     * process ends). Kills every session of every SoftHSM token in this process: log in again afterwards,
     * through {@link #newProvider()}. A vendor HSM recovers through its own library (HA reconnect) instead.
     */
    public void reinitialiseLibrary()
    {
        SoftHsm2Library.of(libraryPath).reinitialise();
    }

    /**
     * Changes the token's user PIN ({@code C_SetPIN}); the caller knows the old one and wipes both.
     * Used when officers re-key the seal, so the old shares no longer open the token.
     */
    public void changeUserPin(final char[] oldPin, final char[] newPin)
    {
        TokenInputs.requirePin("new user PIN", newPin);
        final SoftHsm2Library library = SoftHsm2Library.of(libraryPath);
        library.initialise();
        library.setUserPin(label, oldPin, newPin);
    }

    /** The directory that holds softhsm2.conf, tokens/ and the provider configuration files. */
    public Path directory()
    {
        return directory;
    }

    public Path softHsmConfigFile()
    {
        return softHsmConfigFile;
    }

    /** {@code directory()/sunpkcs11-LABEL.cfg}: for processes that start after the token exists. */
    public Path providerConfigFile()
    {
        return providerConfigFile;
    }

    /** The token's slot in every process that initialises SoftHSM after the token exists. */
    public long slotId()
    {
        return slotId;
    }

    public String label()
    {
        return label;
    }

    public String libraryPath()
    {
        return libraryPath;
    }

    /** The provider configuration file a token labelled {@code label} has in {@code dir}. */
    public static Path providerConfigFile(final Path dir, final String label)
    {
        return dir.resolve("sunpkcs11-" + TokenInputs.requireLabel(label) + ".cfg");
    }

    @Override
    public String toString()
    {
        return "SoftHsm2Token[label=" + label + ", slot=" + slotId + ", directory=" + directory + "]";
    }

    private String providerConfig(final long slot)
    {
        return Templates.render(Templates.SUNPKCS11_CFG, Map.of(
            "NAME", "OrderGuard-" + label,
            "LIBRARY", libraryPath,
            "SLOT", Long.toString(slot)));
    }

    private void writeProviderConfig() throws IOException
    {
        final String text = providerConfig(slotId);
        if (!Files.exists(providerConfigFile) || !Files.readString(providerConfigFile).equals(text))
        {
            writeAtomically(providerConfigFile, text);
        }
    }

    private static void requireLibrary(final String libraryPath)
    {
        if (null == libraryPath || !libraryPath.startsWith("/"))
        {
            throw new IllegalArgumentException("PKCS#11 library path must be absolute, was " + libraryPath);
        }

        for (int i = 0; i < libraryPath.length(); i++)
        {
            final char c = libraryPath.charAt(i);
            if (c <= 0x20 || c == '$' || c == '"' || c == '#' || c == 0x7f)
            {
                // SunPKCS11's configuration syntax would split or expand it
                throw new IllegalArgumentException(
                    "PKCS#11 library path may not hold spaces, control characters, '$', '\"' or '#', was " + libraryPath);
            }
        }
    }

    private static void createOwnerOnlyDirectory(final Path directory) throws IOException
    {
        if (Files.isDirectory(directory))
        {
            return;
        }

        Files.createDirectories(directory);
        if (null != Files.getFileAttributeView(directory, PosixFileAttributeView.class))
        {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void writeAtomically(final Path file, final String text) throws IOException
    {
        final Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
