package com.orderguard.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;

import com.orderguard.core.audit.AuditJournal;
import com.orderguard.core.audit.Checkpoint;
import com.orderguard.core.audit.CheckpointSigner;
import com.orderguard.core.audit.ControlRecords;
import com.orderguard.core.audit.JournalContentSealer;
import com.orderguard.core.audit.JournalSettings;
import com.orderguard.core.audit.RecordSealer;
import com.orderguard.core.audit.SealedContentAccess;
import com.orderguard.core.audit.WitnessLog;
import com.orderguard.core.audit.JournalWriter;
import com.orderguard.core.audit.JournaledOrderEvents;
import com.orderguard.core.audit.RecordKind;
import com.orderguard.core.audit.SignerUnavailableException;
import com.orderguard.core.metrics.ApplianceMetrics;
import com.orderguard.core.quorum.AuditExport;
import com.orderguard.core.quorum.CommandGate;
import com.orderguard.core.quorum.GatedOperation;
import com.orderguard.core.quorum.HaltAuthority;
import com.orderguard.core.quorum.KeyLifecycleOperations;
import com.orderguard.core.quorum.OfficerOperations;
import com.orderguard.core.quorum.OrderPathOperations;
import com.orderguard.core.quorum.QuorumService;
import com.orderguard.core.quorum.SystemInitiator;
import com.orderguard.core.quorum.TradingResume;
import com.orderguard.custody.KeyCustody;
import com.orderguard.custody.ShareOutcome;
import com.orderguard.custody.TokenHealthListener;
import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.orderpath.OrderPath;
import com.orderguard.orderpath.crypto.JdkCryptoKernels;
import com.orderguard.quorum.QuorumConfig;
import com.orderguard.quorum.QuorumEvent;
import com.orderguard.quorum.QuorumRequest;
import com.orderguard.quorum.SignedStatement;
import com.orderguard.quorum.SystemQuorumClock;

import io.vertx.core.json.JsonObject;

/**
 * The running appliance: wires key custody, the order path, the audit journal and metrics, and
 * holds the acts the control plane offers (unseal, seal, status). It knows nothing of HTTP.
 * <p>
 * It always starts sealed. Every act is journaled, and an act is acknowledged only after its
 * record is durable; when that cannot happen the appliance fails closed — intake shut, HSM PIN
 * wiped — and says why in its status.
 */
public final class Appliance implements AutoCloseable
{
    /** Journal SEAL subtypes. */
    public static final int SEAL_SHARE_ACCEPTED = 1;
    public static final int SEAL_SHARE_REFUSED = 2;
    public static final int SEAL_UNSEALED = 3;
    public static final int SEAL_SEALED = 4;
    public static final int SEAL_SEAL_REFUSED = 5;
    /** The file in the data directory an appliance holds locked while it runs. */
    public static final String DATA_DIR_LOCK = "appliance.lock";
    /** Journal LIFECYCLE subtypes. */
    public static final int LIFECYCLE_STARTED = 1;
    public static final int LIFECYCLE_STOPPED = 2;
    public static final int LIFECYCLE_JOURNAL_RECOVERED = 3;
    public static final int LIFECYCLE_FAILED_CLOSED = 4;
    public static final int LIFECYCLE_HALTED = 5;
    public static final int LIFECYCLE_RESUMED = 6;
    public static final int LIFECYCLE_HALT_REFUSED = 7;
    public static final int LIFECYCLE_HSM_FAULT = 8;
    public static final int LIFECYCLE_HSM_RECOVERED = 9;

    /** Journal ALERT subtypes. */
    public static final int ALERT_KEY_ROTATION_DUE = 1;

    private static final long AUDIT_TIMEOUT_MS = 10_000;
    /** Officers may halt; so may principals given ops.halt. */
    private static final String HALT_ROLE = "security-officer";

    private final ApplianceConfig config;
    private final java.nio.channels.FileLock dataDirLock;
    private final KeyCustody custody;
    private final OrderPath orderPath;
    /** What the start found the journal already held of the drop copy (or an inconsistency), else null. */
    private final String dropCopyJournaled;
    private final AuditJournal journal;
    private final AgentRunner journalRunner;
    private final ApplianceMetrics metrics;
    private final QuorumService quorum;
    private final CommandGate commands;
    private final WitnessLog witness;
    private final com.orderguard.core.quorum.RotationReminders rotationReminders;
    private final SystemInitiator systemInitiator;
    private volatile Checkpoint lastCheckpoint;
    private volatile String failClosedReason;
    private volatile String haltedBy;
    private volatile String hsmFault;
    /** Seals order content in the journal; null only in the benchmark's plain mode. */
    private final JournalContentSealer contentSealer;
    private final SealedContentAccess contentAccess;
    /** The last journal content key pair found in the journal at start (read with the quorum history), or null. */
    private String journaledContentKeyPair;
    private final java.util.concurrent.ScheduledExecutorService probe =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "hsm-probe");
            thread.setDaemon(true);
            return thread;
        });

    /**
     * Signs an order-gateway session's key exchange with the ACTIVE gateway-signing key in the token (on the
     * gateway's establisher thread, once per session). While sealed or faulted the key is out of reach: the
     * logon is refused (TRANSIT_UNAVAILABLE) and sessions already open carry on.
     */
    private byte[] signGatewayTranscript(final byte[] transcript) throws java.security.GeneralSecurityException
    {
        if (custody.isSealed() || null != hsmFault)
        {
            throw new java.security.GeneralSecurityException("the gateway key is out of reach (sealed or HSM fault)");
        }
        try
        {
            return custody.sign(com.orderguard.custody.inventory.KeyPurpose.GATEWAY_SIGNING, transcript);
        }
        catch (final RuntimeException ex)
        {
            throw new java.security.GeneralSecurityException("the token did not sign the key exchange: " + ex.getMessage(), ex);
        }
    }

    private Appliance(final ApplianceConfig config) throws IOException
    {
        this.config = config;
        this.dataDirLock = lockDataDir(config.dataDir());
        this.custody = new KeyCustody(config.custody());
        this.orderPath = new OrderPath(config.orderPath(), this::signGatewayTranscript);
        final List<QuorumEvent> quorumHistory = readQuorumHistory(config);
        final JournalSettings settings = config.journal();
        final JournalWriter writer = JournalWriter.open(config.journalDir(), settings.segmentBytes());
        // before the journal drains it: skip what a dead run's journal already holds, and mark the ring afresh
        this.dropCopyJournaled = orderPath.dropCopyOutlivesProcess() ?
            JournaledOrderEvents.recover(orderPath.dropCopyReader(), writer) : null;
        if (dropCopyJournaled != null)
        {
            // said at once: the ring is marked afresh already, so a start that fails before journaling this could not say it again
            System.err.println("drop copy: " + dropCopyJournaled);
        }
        this.witness = settings.witnessFile() == null ? null : new WitnessLog(settings.witnessFile());
        this.contentSealer = config.orderContentSealed() ? new JournalContentSealer(envelope(custody), config.journalDir()) : null;
        resumeContentKeyPair();
        // Checkpoints are signed in the token by the journal key; while sealed the key is locked away
        // and signing waits: the first checkpoint after the unseal covers everything before it.
        final CheckpointSigner signer = CheckpointSigner.when(() -> !custody.isSealed() && hsmFault == null, this::signCheckpoint);
        this.journal = new AuditJournal(writer, AuditJournal.DropCopySource.of(orderPath.dropCopyReader()), new SystemEpochNanoClock(), this::journalFailed,
            settings.checkpointPolicy(signer, witness, this::checkpointSigned), settings.maxBatchRecords(), true);
        final IdleStrategy idle = config.journalIdle().equals("yield") ?
            new YieldingIdleStrategy() : AuditJournal.backoffIdleStrategy();
        if (contentSealer != null)
        {
            journal.sealOrderContentWith(contentSealer);
        }
        this.contentAccess = contentSealer == null ? null :
            new SealedContentAccess(journal, contentSealer, config.journalDir(), AUDIT_TIMEOUT_MS);
        this.journalRunner = new AgentRunner(idle, this::journalError, null, journal);
        this.metrics = new ApplianceMetrics(
            orderPath.metrics(), custody::isSealed, orderPath::isOpen, journal::durableSequence, () -> journal.failure() != null,
            () -> lastCheckpoint == null ? 0 : lastCheckpoint.treeSize(),
            () -> lastCheckpoint == null ? 0 : lastCheckpoint.epochNanos(),
            () -> hsmFault == null);
        this.commands = new CommandGate(orderPath);
        final List<GatedOperation> gated = new ArrayList<>(OrderPathOperations.all(orderPath, commands));
        gated.add(new TradingResume(this::resumeBlocker, this::resume));
        for (final GatedOperation keyOperation : KeyLifecycleOperations.all(custody))
        {
            gated.add(KeyOperations.DESTROY_DATA_KEY.equals(keyOperation.operation()) ?
                new RenewsContentKeyPair(keyOperation, this::renewContentKeyPairAfterShredding) : keyOperation);
        }
        gated.addAll(OfficerOperations.all(this::quorum));
        gated.add(new com.orderguard.core.control.AccessRoles(this::quorum));
        gated.add(new AuditExport(config.journalDir(), config.dataDir().resolve("exports")));
        this.quorum = new QuorumService(config.quorum(), config.quorumDir(), SystemQuorumClock.INSTANCE, this::journalQuorumEvent,
            quorumHistory, gated);
        this.systemInitiator = new SystemInitiator(quorum, custody, SystemQuorumClock.INSTANCE);
        this.rotationReminders = new com.orderguard.core.quorum.RotationReminders(config.quorumDir(),
            custody::keysDueForRotation, systemInitiator,
            reminder -> auditDurably(RecordKind.ALERT, ALERT_KEY_ROTATION_DUE, reminder));
        custody.attachQuorum(quorum.book());
        custody.addHealthListener(new TokenHealthListener()
        {
            @Override
            public void cannotSign(final String reason)
            {
                hsmFailed(reason);
            }

            @Override
            public void canSignAgain()
            {
                hsmRecovered();
            }
        });
    }

    /**
     * The token cannot sign: no new orders until it can (fail closed). Unlike a journal failure this
     * heals itself: custody re-logs in with the PIN it holds, and intake reopens when it signs again.
     */
    private synchronized void hsmFailed(final String reason)
    {
        if (hsmFault != null)
        {
            return;
        }
        hsmFault = reason;
        System.err.println("ALERT: the HSM cannot sign (" + reason + "): order intake stopped until it recovers");
        commands.offer(() -> orderPath.seal(SealReason.HSM_FAULT));
        audit(RecordKind.LIFECYCLE, LIFECYCLE_HSM_FAULT, new JsonObject().put("reason", reason));
    }

    private synchronized void hsmRecovered()
    {
        hsmFault = null;
        System.err.println("the HSM signs again");
        audit(RecordKind.LIFECYCLE, LIFECYCLE_HSM_RECOVERED, new JsonObject().put("intakeReopened", intakeMayReopen()));
        if (intakeMayReopen())
        {
            commands.offer(orderPath::open);
        }
    }

    private boolean intakeMayReopen()
    {
        return hsmFault == null && failClosedReason == null && !custody.isSealed();
    }

    private void probeToken()
    {
        try
        {
            custody.probeToken();
        }
        catch (final RuntimeException ex)
        {
            System.err.println("token probe failed: " + ex);
        }
    }

    public java.util.List<KeyRecord> keyInventory()
    {
        return custody.keyInventory();
    }

    /** Signs a control-plane session token in the HSM with the ACTIVE control-token-signing key (once per login). */
    public byte[] signControlToken(final byte[] data)
    {
        return custody.sign(com.orderguard.custody.inventory.KeyPurpose.CONTROL_TOKEN_SIGNING, data);
    }

    /** The alias of the ACTIVE control-token-signing key, or null when a quorum has not made one. */
    public String activeControlTokenKey()
    {
        for (final KeyRecord key : custody.keyInventory())
        {
            if (key.purpose() == com.orderguard.custody.inventory.KeyPurpose.CONTROL_TOKEN_SIGNING &&
                key.state() == com.orderguard.custody.inventory.KeyState.ACTIVE)
            {
                return key.alias();
            }
        }
        return null;
    }

    /** Whether tokens signed by {@code alias} are still accepted: a control-token-signing key ACTIVE or DEACTIVATED. */
    public boolean controlTokenKeyVerifies(final String alias)
    {
        for (final KeyRecord key : custody.keyInventory())
        {
            if (key.alias().equals(alias))
            {
                return key.purpose() == com.orderguard.custody.inventory.KeyPurpose.CONTROL_TOKEN_SIGNING &&
                    (key.state() == com.orderguard.custody.inventory.KeyState.ACTIVE ||
                    key.state() == com.orderguard.custody.inventory.KeyState.DEACTIVATED);
            }
        }
        return false;
    }

    /**
     * The public key tokens signed by {@code alias} verify with: only for a control-token-signing key
     * that is ACTIVE or DEACTIVATED, read from custody's published key file and checked against the
     * inventory's fingerprint; null otherwise.
     */
    public java.security.PublicKey controlTokenPublicKey(final String alias)
    {
        for (final KeyRecord key : custody.keyInventory())
        {
            if (key.alias().equals(alias) && controlTokenKeyVerifies(alias))
            {
                try
                {
                    final java.security.PublicKey publicKey = com.orderguard.custody.token.PublicKeyPem.readEc(
                        config.custody().dir().resolve("public-keys").resolve(alias + ".pub.pem"));
                    return com.orderguard.custody.token.KeyFingerprint.of(publicKey).equals(key.fingerprint()) ? publicKey : null;
                }
                catch (final IOException | java.security.GeneralSecurityException ex)
                {
                    return null;
                }
            }
        }
        return null;
    }

    public java.util.List<KeyRecord> keysDueForRotation()
    {
        return custody.keysDueForRotation();
    }

    /**
     * Signs a checkpoint in the token. A token that fails here is an HSM fault, not a journal
     * fault: intake closes now (before the probe would notice), the checkpoint is skipped, and the
     * first one after recovery covers everything.
     */
    private byte[] signCheckpoint(final byte[] message)
    {
        try
        {
            return custody.signJournal(message);
        }
        catch (final RuntimeException ex)
        {
            if (custody.isSealed())
            {
                throw ex;
            }
            hsmFailed("checkpoint signing failed: " + ex.getMessage());
            throw new SignerUnavailableException("the token cannot sign: " + ex.getMessage(), ex);
        }
    }

    /** Called on the journal thread: record it, never block. */
    private void checkpointSigned(final Checkpoint checkpoint)
    {
        lastCheckpoint = checkpoint;
    }

    /** Best effort: sign everything journaled so far while the key is still there (before a seal or stop). */
    private void checkpointNow()
    {
        try
        {
            journal.requestCheckpoint().get(AUDIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            System.err.println("could not sign a checkpoint before sealing: " + ex.getMessage());
        }
    }

    public Checkpoint lastCheckpoint()
    {
        return lastCheckpoint;
    }

    /**
     * The quorum book's history and the last journal content key pair, read at start through the
     * segment summaries ({@link ControlRecords}): the control records and
     * the open segment, not every order event. The key pair lets the journal seal order content while
     * the appliance starts sealed.
     */
    private List<QuorumEvent> readQuorumHistory(final ApplianceConfig config) throws IOException
    {
        final List<QuorumEvent> events = new ArrayList<>();
        if (!java.nio.file.Files.isDirectory(config.journalDir()))
        {
            return events;
        }
        // through the segment summaries: the control records plus the open segment, not every order event
        ControlRecords.read(config.journalDir(), (sequence, kindCode, subtype, payload) ->
        {
            if (kindCode == RecordKind.APPROVAL.code())
            {
                // "actor" is the journal's annotation for search, not part of the book's event.
                final JsonObject event = new JsonObject(new String(payload, StandardCharsets.UTF_8));
                event.remove("actor");
                events.add(QuorumEvent.fromJson(event.encode()));
            }
            else if (kindCode == RecordKind.KEY_OPERATION.code() && subtype == JournalContentSealer.CONTENT_KEY_PAIR)
            {
                journaledContentKeyPair = new String(payload, StandardCharsets.UTF_8);
            }
        });
        return events;
    }

    /** Puts the last journaled content key pair back in force, so the journal seals from the start (while sealed). */
    private void resumeContentKeyPair() throws IOException
    {
        if (contentSealer != null && journaledContentKeyPair != null)
        {
            try
            {
                contentSealer.use(new JsonObject(journaledContentKeyPair));
            }
            catch (final java.security.GeneralSecurityException | RuntimeException ex)
            {
                throw new IOException("the journal's last content key pair is unusable: " + ex.getMessage(), ex);
            }
        }
    }

    /** Key custody's envelope as the journal's key wrapper: data keys wrapped under the HSM's order-flow KEK. */
    private static RecordSealer envelope(final KeyCustody custody)
    {
        return new RecordSealer()
        {
            @Override
            public byte[] seal(final byte[] plaintext, final byte[] aad)
            {
                // A data key of its own for each pair, so destroying it shreds exactly that pair's records.
                custody.envelope().rotateDataKey();
                return custody.envelope().encrypt(plaintext, aad);
            }

            @Override
            public byte[] open(final byte[] sealed, final byte[] aad) throws java.security.GeneralSecurityException
            {
                return custody.envelope().decrypt(sealed, aad);
            }
        };
    }

    /**
     * A new journal content key pair, its private key sealed by key custody's envelope, journaled
     * durably before the journal seals anything under it. At every unseal, so the content of one
     * unsealed period can be shredded on its own.
     */
    private void renewContentKeyPair() throws IOException
    {
        if (contentSealer == null)
        {
            return;
        }
        try
        {
            final JsonObject pair = contentSealer.newPair();
            auditDurably(RecordKind.KEY_OPERATION, JournalContentSealer.CONTENT_KEY_PAIR, pair);
            contentSealer.use(pair);
        }
        catch (final java.security.GeneralSecurityException | RuntimeException ex)
        {
            throw new IOException("cannot make a journal content key pair: " + ex.getMessage(), ex);
        }
    }

    /** After a quorum destroyed a data key: it may have sealed the pair in force; never seal more under a shredded pair. */
    private void renewContentKeyPairAfterShredding()
    {
        try
        {
            renewContentKeyPair();
        }
        catch (final IOException ex)
        {
            failClosed(ex.getMessage());
        }
    }

    /**
     * Reads the decrypted content of sealed order record {@code sequence}: the attempt is journaled
     * durably first, allowed or refused; see {@link SealedContentAccess}.
     */
    public byte[] readOrderContent(final long sequence, final String actor, final String session, final String source,
        final boolean permitted) throws IOException, java.security.GeneralSecurityException
    {
        if (contentAccess == null)
        {
            throw new IOException("order content is not sealed in this journal (plain mode): read it with a search");
        }
        return contentAccess.read(sequence, actor, session, source, permitted);
    }

    /** The book's sink: an event is durable before the call that caused it returns, or the call fails. */
    private void journalQuorumEvent(final QuorumEvent event)
    {
        if (event.isAlert())
        {
            System.err.println("ALERT: " + event);
        }
        try
        {
            // "actor": whoever signed the statement (or asked), so a search by actor finds every act of theirs.
            final String actor = event.statement() != null ? event.statement().officerId() :
                event.request() != null ? event.request().initiatorId() : "appliance";
            auditDurably(RecordKind.APPROVAL, QuorumService.subtypeOf(event),
                new JsonObject(event.toJson()).put("actor", actor));
        }
        catch (final IOException ex)
        {
            failClosed("cannot persist a quorum event: " + ex.getMessage());
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * One officer halts trading: intake closes at once, the HSM stays unsealed, and only a
     * quorum's "trading.resume" reopens it.
     *
     * @return null when halted, else why the halt was refused
     */
    public String halt(final String requestJson, final String submissionJson, final String source)
    {
        String refusal;
        QuorumRequest request = null;
        SignedStatement statement = null;
        try
        {
            request = QuorumRequest.fromJson(requestJson);
            statement = SignedStatement.fromJson(submissionJson);
            refusal = HaltAuthority.check(request, statement, quorum.registry(), SystemQuorumClock.INSTANCE);
            final com.orderguard.quorum.officer.Officer officer = quorum.registry().find(statement.officerId());
            if (refusal == null && !officer.hasRole(HALT_ROLE) && !officer.hasRole(com.orderguard.core.control.AccessRoles.OPS_HALT))
            {
                // Compliance users are enrolled principals too: holding a key is not the right to halt.
                refusal = statement.officerId() + " holds neither " + HALT_ROLE + " nor " + com.orderguard.core.control.AccessRoles.OPS_HALT;
            }
        }
        catch (final RuntimeException ex)
        {
            refusal = "malformed halt: " + ex.getMessage();
        }
        if (refusal != null)
        {
            auditOrFailClosed(RecordKind.LIFECYCLE, LIFECYCLE_HALT_REFUSED, new JsonObject()
                .put("actor", statement == null ? null : statement.officerId()).put("source", source).put("reason", refusal));
            return refusal;
        }
        final String notHalted = commands.apply(orderPath::haltAll);
        if (notHalted != null)
        {
            failClosed("halt-all failed: " + notHalted);
            return "halt-all failed (" + notHalted + "); the appliance failed closed";
        }
        haltedBy = statement.officerId();
        auditOrFailClosed(RecordKind.LIFECYCLE, LIFECYCLE_HALTED, new JsonObject()
            .put("actor", statement.officerId()).put("source", source).put("officer", statement.officerId()).put("requestId", request.id())
            .put("parameters", new JsonObject(request.parameters().canonicalJson())));
        return null;
    }

    private String resumeBlocker()
    {
        if (failClosedReason != null)
        {
            return "the appliance has failed closed: " + failClosedReason;
        }
        if (custody.isSealed())
        {
            return "the appliance is sealed: unseal it instead";
        }
        if (haltedBy == null)
        {
            return "trading is not halted";
        }
        return null;
    }

    private void resume()
    {
        final String notResumed = commands.apply(orderPath::resume);
        if (notResumed != null)
        {
            throw new IllegalStateException("resume failed: " + notResumed);
        }
        auditOrFailClosed(RecordKind.LIFECYCLE, LIFECYCLE_RESUMED, new JsonObject().put("haltedBy", haltedBy));
        haltedBy = null;
    }

    /**
     * One appliance per data directory: a second one would append to the same journal and map the same
     * drop-copy file, corrupting both. The lock is the operating system's, so a kill -9 releases it.
     */
    private static java.nio.channels.FileLock lockDataDir(final java.nio.file.Path dataDir) throws IOException
    {
        java.nio.file.Files.createDirectories(dataDir);
        final java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dataDir.resolve(DATA_DIR_LOCK),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        final java.nio.channels.FileLock lock;
        try
        {
            lock = channel.tryLock();
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
        if (lock == null)
        {
            channel.close();
            throw new IOException("another appliance is running on " + dataDir + " (it holds " + DATA_DIR_LOCK +
                "); one data directory, one appliance");
        }
        return lock;
    }

    /** Starts every part, sealed, and journals the start. */
    public static Appliance start(final ApplianceConfig config) throws IOException
    {
        final Appliance appliance = new Appliance(config);
        AgentRunner.startOnThread(appliance.journalRunner);
        // The probe bounds how long a dead token goes unnoticed: about a second.
        appliance.probe.scheduleWithFixedDelay(appliance::probeToken, 1, 1, TimeUnit.SECONDS);
        appliance.probe.scheduleWithFixedDelay(appliance::raiseRotationsDue, 1, 1, TimeUnit.DAYS);
        appliance.orderPath.start();
        if (appliance.journal.recoveryNote() != null)
        {
            appliance.auditDurably(RecordKind.LIFECYCLE, LIFECYCLE_JOURNAL_RECOVERED,
                new JsonObject().put("note", appliance.journal.recoveryNote()));
        }
        if (appliance.orderPath.dropCopyRecovery() != null)
        {
            // the events themselves are the journal's first drop-copy records of this run
            appliance.auditDurably(RecordKind.LIFECYCLE, LIFECYCLE_JOURNAL_RECOVERED,
                new JsonObject().put("note", appliance.orderPath.dropCopyRecovery()));
        }
        if (appliance.dropCopyJournaled != null)
        {
            appliance.auditDurably(RecordKind.LIFECYCLE, LIFECYCLE_JOURNAL_RECOVERED,
                new JsonObject().put("note", appliance.dropCopyJournaled));
        }
        appliance.auditDurably(RecordKind.LIFECYCLE, LIFECYCLE_STARTED, new JsonObject()
            .put("sealed", true)
            .put("gateway", appliance.orderPath.gatewayAddress().toString())
            .put("orderPathCpu", appliance.orderPath.cpuId())
            .put("affinity", appliance.orderPath.affinityDescription())
            .put("sealSetId", appliance.custody.sealSetId())
            .put("orderContent", appliance.contentSealer == null ? "plain" : "sealed")
            .put("cryptoKernels", JdkCryptoKernels.describe())
            .put("journalDirectIo", appliance.journal.directIo())
            .put("journalPageCacheReason", appliance.journal.pageCacheReason())
            .put("systemPrincipal", appliance.systemPrincipal()));
        if (!JdkCryptoKernels.hasAes() || !JdkCryptoKernels.hasGhash() ||
            !JdkCryptoKernels.hasSha256())
        {
            System.err.println("WARNING: " + JdkCryptoKernels.describe() +
                " -- the journal and encrypted sessions run slower; start with the JVM flags in the launcher (orderguard.jvm.flags)");
        }
        if (appliance.contentSealer == null)
        {
            System.err.println("WARNING: journal.orderContent=plain -- ORDER CONTENT IS WRITTEN TO THE JOURNAL IN CLEAR. " +
                "This mode exists for the latency benchmark only; never run it with real order flow.");
        }
        return appliance;
    }

    /**
     * An officer offers one unseal share. At the threshold the appliance logs in to the HSM and
     * opens order intake. Blocks on the HSM and on the journal: call from a worker thread.
     */
    public ShareOutcome offerShare(final String share, final String source)
    {
        if (failClosedReason != null)
        {
            return new ShareOutcome(ShareOutcome.Status.REFUSED_MALFORMED, -1, custody.sharesGiven(), custody.threshold(),
                "the appliance has failed closed and cannot be unsealed until restarted: " + failClosedReason);
        }
        final ShareOutcome outcome = custody.offerShare(share);
        metrics.shareOffered(outcome.status().name());
        final JsonObject record = new JsonObject()
            .put("source", source)
            .put("shareIndex", outcome.shareIndex())
            .put("outcome", outcome.status().name())
            .put("given", outcome.given())
            .put("threshold", outcome.threshold())
            .put("message", outcome.message());
        if (!auditOrFailClosed(RecordKind.SEAL, outcome.refused() ? SEAL_SHARE_REFUSED : SEAL_SHARE_ACCEPTED, record))
        {
            return new ShareOutcome(ShareOutcome.Status.REFUSED_MALFORMED, outcome.shareIndex(), 0, outcome.threshold(),
                "share not taken: the audit journal cannot record it (" + failClosedReason + ")");
        }
        if (outcome.status() == ShareOutcome.Status.UNSEALED)
        {
            try
            {
                renewContentKeyPair();
            }
            catch (final IOException ex)
            {
                failClosed(ex.getMessage());
                return new ShareOutcome(ShareOutcome.Status.FAILED_LOGIN, outcome.shareIndex(), 0, outcome.threshold(),
                    "unsealed the HSM but could not key the journal's order content; failed closed (" + ex.getMessage() + ")");
            }
        }
        if (outcome.status() == ShareOutcome.Status.UNSEALED && haltedBy != null)
        {
            // Unsealing restores the keys, not trading: a halt still needs a quorum's trading.resume.
            auditOrFailClosed(RecordKind.SEAL, SEAL_UNSEALED, new JsonObject()
                .put("source", source).put("lastShareIndex", outcome.shareIndex()).put("intakeOpen", false)
                .put("haltedBy", haltedBy)
            .put("hsmFault", hsmFault));
            raiseRotationsDue();
            return outcome;
        }
        if (outcome.status() == ShareOutcome.Status.UNSEALED)
        {
            if (!commands.offer(orderPath::open) || !awaitIntake(true))
            {
                custody.seal();
                return new ShareOutcome(ShareOutcome.Status.FAILED_LOGIN, outcome.shareIndex(), 0, outcome.threshold(),
                    "unsealed the HSM but the order path did not open intake; sealed again");
            }
            auditOrFailClosed(RecordKind.SEAL, SEAL_UNSEALED, new JsonObject()
                .put("source", source).put("lastShareIndex", outcome.shareIndex()).put("intakeOpen", true));
        }
        if (outcome.status() == ShareOutcome.Status.UNSEALED)
        {
            raiseRotationsDue();
        }
        return outcome;
    }

    /**
     * Who the appliance is in the quorum, for the start record (auditable: the registry entry and the token key
     * it signs with must be the same key): the system principal's id and key fingerprint, or why there is none.
     */
    private JsonObject systemPrincipal()
    {
        try
        {
            final com.orderguard.quorum.officer.Officer principal = systemInitiator.principal();
            return principal == null ?
                new JsonObject().put("enrolled", false).put("error", "no active system principal holds the token's key") :
                new JsonObject().put("enrolled", true).put("id", principal.id()).put("fingerprint", principal.keyFingerprint());
        }
        catch (final IOException | RuntimeException ex)
        {
            return new JsonObject().put("enrolled", false).put("error", String.valueOf(ex.getMessage()));
        }
    }

    /**
     * Raises (submits as the appliance's system principal and journals, once per key version) every key whose
     * rotation is due within custody's notice, as a pending key.rotate request for officers to approve; at
     * unseal and daily. A failure is reported, not fatal:
     * the reminder is raised again at the next check.
     */
    public List<JsonObject> raiseRotationsDue()
    {
        try
        {
            final List<JsonObject> raised = rotationReminders.check();
            for (final JsonObject reminder : raised)
            {
                System.out.println("ALERT: key rotation due: " + reminder.encode());
            }
            return raised;
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("rotation reminders not raised (retried at the next check): " + ex.getMessage());
            return List.of();
        }
    }

    /**
     * An officer seals the appliance, proving they are one by a valid share. Intake closes first,
     * then the HSM PIN is wiped.
     *
     * @return null when sealed, else why not.
     */
    public String seal(final String share, final String source)
    {
        final ShareOutcome check = custody.checkShare(share);
        if (check.refused())
        {
            auditOrFailClosed(RecordKind.SEAL, SEAL_SEAL_REFUSED, new JsonObject()
                .put("source", source).put("shareIndex", check.shareIndex()).put("outcome", check.status().name())
                .put("message", check.message()));
            return check.message();
        }
        commands.offer(() -> orderPath.seal(SealReason.OFFICER));
        awaitIntake(false);
        checkpointNow();
        rotateContentKey();
        custody.seal();
        auditOrFailClosed(RecordKind.SEAL, SEAL_SEALED, new JsonObject()
            .put("source", source).put("shareIndex", check.shareIndex()).put("intakeOpen", orderPath.isOpen()));
        return null;
    }

    private boolean awaitIntake(final boolean open)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (orderPath.isOpen() != open)
        {
            if (System.nanoTime() > deadlineNs)
            {
                return false;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }

    /** Queues an audit record; the future completes when it is durable. */
    public CompletableFuture<Long> audit(final RecordKind kind, final int subtype, final JsonObject payload)
    {
        return journal.append(kind, subtype, payload.encode().getBytes(StandardCharsets.UTF_8));
    }

    private void auditDurably(final RecordKind kind, final int subtype, final JsonObject payload) throws IOException
    {
        try
        {
            audit(kind, subtype, payload).get(AUDIT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the audit journal", ex);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IOException("audit journal did not persist a record: " + ex.getMessage(), ex);
        }
    }

    private boolean auditOrFailClosed(final RecordKind kind, final int subtype, final JsonObject payload)
    {
        try
        {
            auditDurably(kind, subtype, payload);
            return true;
        }
        catch (final IOException ex)
        {
            failClosed("cannot persist audit records: " + ex.getMessage());
            return false;
        }
    }

    private void journalFailed(final String reason)
    {
        failClosed("audit journal failed: " + reason);
    }

    private void journalError(final Throwable error)
    {
        failClosed("audit journal thread error: " + error);
    }

    /** Shuts intake and wipes the PIN; the reason shows in status and health until restart. */
    void failClosed(final String reason)
    {
        if (failClosedReason == null)
        {
            failClosedReason = reason;
            System.err.println("FAIL CLOSED: " + reason + " -- order intake stopped, HSM PIN wiped");
            // Best effort: when the journal itself is what failed, this record cannot land either.
            audit(RecordKind.LIFECYCLE, LIFECYCLE_FAILED_CLOSED, new JsonObject().put("reason", reason));
        }
        commands.offer(() -> orderPath.seal(SealReason.JOURNAL_FAILED));
        rotateContentKey();
        custody.seal();
    }

    /** The content key kept in memory while sealed covers only what drains after the seal. */
    private void rotateContentKey()
    {
        if (contentSealer != null)
        {
            contentSealer.rotateContentKey();
        }
    }

    public JsonObject status()
    {
        final String state = failClosedReason != null ? "FAILED_CLOSED" : custody.isSealed() ? "SEALED" :
            hsmFault != null ? "HSM_FAULT" :
            haltedBy != null ? "HALTED" : orderPath.isOpen() ? "OPEN" : "UNSEALED_INTAKE_CLOSED";
        return new JsonObject()
            .put("state", state)
            .put("sealed", custody.isSealed())
            .put("intakeOpen", orderPath.isOpen())
            .put("failure", failClosedReason)
            .put("haltedBy", haltedBy)
            .put("hsmFault", hsmFault)
            .put("seal", sealStatus())
            .put("orderPath", new JsonObject()
                .put("gateway", orderPath.gatewayAddress().getHostString() + ":" + orderPath.gatewayAddress().getPort())
                .put("cpu", orderPath.cpuId())
                .put("affinity", orderPath.affinityDescription()))
            .put("journal", new JsonObject()
                .put("directory", journal.directory().toString())
                .put("lastCheckpoint", lastCheckpoint == null ? null : new JsonObject(lastCheckpoint.toJson()))
                .put("durableSequence", journal.durableSequence())
                .put("orderContent", contentSealer == null ? "plain" : "sealed")
                .put("failure", journal.failure()));
    }

    public JsonObject sealStatus()
    {
        return new JsonObject()
            .put("sealed", custody.isSealed())
            .put("sealSetId", custody.sealSetId())
            .put("given", custody.sharesGiven())
            .put("threshold", custody.threshold())
            .put("shares", custody.shares());
    }

    public boolean failedClosed()
    {
        return failClosedReason != null;
    }

    public QuorumService quorum()
    {
        return quorum;
    }

    public ApplianceMetrics metrics()
    {
        return metrics;
    }

    public ApplianceConfig config()
    {
        return config;
    }

    public OrderPath orderPath()
    {
        return orderPath;
    }

    public AuditJournal journal()
    {
        return journal;
    }

    /**
     * Orderly stop: intake closes, the PIN is wiped, the order path stops, the journal drains the
     * last drop-copy events and then records the stop, so the stop is the journal's last record.
     */
    @Override
    public void close()
    {
        probe.shutdownNow();
        commands.offer(() -> orderPath.seal(SealReason.SHUTDOWN));
        awaitIntake(false);
        orderPath.close();
        try
        {
            auditDurably(RecordKind.LIFECYCLE, LIFECYCLE_STOPPED, new JsonObject().put("sealed", true));
        }
        catch (final IOException ex)
        {
            System.err.println("could not journal the shutdown: " + ex.getMessage());
        }
        if (!custody.isSealed() && journal.failure() == null)
        {
            checkpointNow();
        }
        custody.seal();
        journalRunner.close();
        if (journal.failure() == null)
        {
            orderPath.removeDropCopyFileIfDrained(); // every event journaled: nothing for the next start to recover
        }
        if (witness != null)
        {
            try
            {
                witness.close();
            }
            catch (final IOException ex)
            {
                System.err.println("could not close the witness file: " + ex.getMessage());
            }
        }
        custody.close();
        try
        {
            dataDirLock.channel().close(); // releases the lock
        }
        catch (final IOException ex)
        {
            System.err.println("could not release " + DATA_DIR_LOCK + ": " + ex.getMessage());
        }
    }

    /** A key operation (custody verifies its proof itself) that, once it has executed, puts a new journal content key pair in force. */
    private static final class RenewsContentKeyPair implements com.orderguard.core.quorum.SelfVerifyingOperation
    {
        private final com.orderguard.core.quorum.SelfVerifyingOperation operation;
        private final Runnable renew;

        RenewsContentKeyPair(final GatedOperation operation, final Runnable renew)
        {
            this.operation = (com.orderguard.core.quorum.SelfVerifyingOperation)operation;
            this.renew = renew;
        }

        @Override
        public String operation()
        {
            return operation.operation();
        }

        @Override
        public String validate(final com.orderguard.quorum.json.Parameters parameters)
        {
            return operation.validate(parameters);
        }

        @Override
        public String precondition(final com.orderguard.quorum.json.Parameters parameters)
        {
            return operation.precondition(parameters);
        }

        @Override
        public String execute(final com.orderguard.quorum.json.Parameters parameters)
        {
            return operation.execute(parameters);
        }

        @Override
        public String execute(final com.orderguard.quorum.ApprovalProof proof) throws Exception
        {
            final String done = operation.execute(proof);
            renew.run();
            return done;
        }
    }
}
