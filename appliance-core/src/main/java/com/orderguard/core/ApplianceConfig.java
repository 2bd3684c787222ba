package com.orderguard.core;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import com.orderguard.core.audit.JournalSettings;
import com.orderguard.custody.KeyCustodyConfig;
import com.orderguard.orderpath.OrderPathConfig;
import com.orderguard.quorum.QuorumConfig;

/**
 * The appliance's configuration: one properties file, read once at start-up and validated
 * before anything starts, so a bad setting is named instead of surfacing later as a strange
 * failure. Each module validates its own keys (orderpath.*, custody.*); this class owns the
 * appliance.* and control.* keys and resolves relative paths against the file's directory.
 * <p>
 * Keys:
 * <ul>
 *   <li>{@code appliance.dataDir} — where the journal, custody state and TLS material live (required)</li>
 *   <li>{@code control.host} (default 127.0.0.1), {@code control.port} (default 8443) — the HTTPS control plane</li>
 *   <li>{@code control.session.ttlSeconds} (default 900, 1..86400) — how long a control-plane login token is valid</li>
 *   <li>{@code journal.idle} — idle strategy of the journal thread: backoff (default) or yield</li>
 *   <li>{@code journal.orderContent} — {@code sealed} (default): order content encrypted at rest; {@code plain}:
 *       in clear, for the latency benchmark only (announced loudly at start-up and journaled)</li>
 * </ul>
 * {@code custody.dir} defaults to {@code <dataDir>/custody}; {@code orderpath.dropCopy.file} to
 * {@code /dev/shm/orderguard/<digest of dataDir>/dropcopy.ring} where /dev/shm exists, so drop-copy
 * events outlive a kill -9 and are journaled at the next start.
 */
public final class ApplianceConfig
{
    private final Path configFile;
    private final Path dataDir;
    private final String controlHost;
    private final int controlPort;
    private final int sessionTtlSeconds;
    private final String journalIdle;
    private final boolean orderContentSealed;
    private final OrderPathConfig orderPath;
    private final KeyCustodyConfig custody;
    private final QuorumConfig quorum;
    private final JournalSettings journal;

    private ApplianceConfig(final Path configFile, final Properties p)
    {
        this.configFile = configFile;
        final Path base = configFile.toAbsolutePath().getParent();
        final String dataDirText = p.getProperty("appliance.dataDir");
        if (dataDirText == null || dataDirText.isBlank())
        {
            throw new IllegalArgumentException("appliance.dataDir is required (" + configFile + ")");
        }
        this.dataDir = base.resolve(dataDirText.trim()).normalize();
        this.controlHost = p.getProperty("control.host", "127.0.0.1").trim();
        this.controlPort = intSetting(p, "control.port", 8443, 0, 65535);
        this.sessionTtlSeconds = intSetting(p, "control.session.ttlSeconds", 900, 1, 86_400);
        this.journalIdle = p.getProperty("journal.idle", "backoff").trim();
        if (!journalIdle.equals("backoff") && !journalIdle.equals("yield"))
        {
            throw new IllegalArgumentException("journal.idle must be backoff or yield, was " + journalIdle);
        }
        final String orderContent = p.getProperty("journal.orderContent", "sealed").trim();
        if (!orderContent.equals("sealed") && !orderContent.equals("plain"))
        {
            throw new IllegalArgumentException("journal.orderContent must be sealed or plain (plain: latency benchmark only), was " +
                orderContent);
        }
        this.orderContentSealed = orderContent.equals("sealed");
        final String custodyDir = p.getProperty("custody.dir");
        p.setProperty("custody.dir", custodyDir == null || custodyDir.isBlank() ?
            dataDir.resolve("custody").toString() : base.resolve(custodyDir.trim()).normalize().toString());
        if (!p.containsKey(OrderPathConfig.DROP_COPY_FILE) && Files.isDirectory(Path.of("/dev/shm")))
        {
            // tmpfs: the drop copy outlives a kill -9 of this process and never reaches the disk in clear
            p.setProperty(OrderPathConfig.DROP_COPY_FILE, defaultDropCopyFile(dataDir).toString());
        }
        this.orderPath = OrderPathConfig.from(p);
        this.custody = KeyCustodyConfig.from(p);
        this.quorum = QuorumConfig.from(p);
        this.journal = JournalSettings.from(p, dataDir);
    }

    /** /dev/shm/orderguard/&lt;a digest of the data directory&gt;/dropcopy.ring: one per appliance on the host. */
    static Path defaultDropCopyFile(final Path dataDir)
    {
        try
        {
            final byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(dataDir.toAbsolutePath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Path.of("/dev/shm", "orderguard", java.util.HexFormat.of().formatHex(digest, 0, 8), "dropcopy.ring");
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 missing from the JDK", ex);
        }
    }

    public static ApplianceConfig load(final Path configFile)
    {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read configuration " + configFile + ": " + ex.getMessage(), ex);
        }
        return new ApplianceConfig(configFile, properties);
    }

    static int intSetting(final Properties p, final String key, final int defaultValue, final int min, final int max)
    {
        final String text = p.getProperty(key);
        if (text == null || text.isBlank())
        {
            return defaultValue;
        }
        try
        {
            final int value = Integer.parseInt(text.trim());
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", was " + value);
            }
            return value;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + text + "'", ex);
        }
    }

    public Path configFile()
    {
        return configFile;
    }

    public Path dataDir()
    {
        return dataDir;
    }

    public Path journalDir()
    {
        return dataDir.resolve("journal");
    }

    public Path quorumDir()
    {
        return dataDir.resolve("quorum");
    }

    public JournalSettings journal()
    {
        return journal;
    }

    public QuorumConfig quorum()
    {
        return quorum;
    }

    public Path tlsDir()
    {
        return dataDir.resolve("tls");
    }

    public String controlHost()
    {
        return controlHost;
    }

    public int controlPort()
    {
        return controlPort;
    }

    public int sessionTtlSeconds()
    {
        return sessionTtlSeconds;
    }

    public String journalIdle()
    {
        return journalIdle;
    }

    /** False only in the benchmark's plain mode: order content then lands in the journal in clear. */
    public boolean orderContentSealed()
    {
        return orderContentSealed;
    }

    public OrderPathConfig orderPath()
    {
        return orderPath;
    }

    public KeyCustodyConfig custody()
    {
        return custody;
    }
}
