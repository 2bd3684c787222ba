package com.orderguard.custody;

import com.codahale.shamir.Scheme;
import com.orderguard.custody.envelope.DataKeyStore;
import com.orderguard.custody.envelope.EnvelopeAdmin;
import com.orderguard.custody.lifecycle.ApprovalGate;
import com.orderguard.custody.lifecycle.ApprovalRefusedException;
import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.quorum.ApprovalProof;
import com.orderguard.quorum.QuorumBook;
import com.orderguard.custody.envelope.EnvelopeEncryption;
import com.orderguard.custody.envelope.KekAccess;
import com.orderguard.custody.inventory.KeyInventory;
import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.custody.inventory.KeyState;
import com.orderguard.custody.seal.MalformedShareException;
import com.orderguard.custody.seal.PinDerivation;
import com.orderguard.custody.seal.SealFile;
import com.orderguard.custody.seal.ShareAuthenticator;
import com.orderguard.custody.seal.ShareText;
import com.orderguard.custody.token.CustodyKeys;
import com.orderguard.custody.token.PublicKeyPem;
import com.orderguard.custody.token.TokenKeyRing;
import com.orderguard.hsm.SoftHsm2Token;

import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The appliance's keys, kept in the HSM token and usable only while a quorum of officers has unsealed it.
 * <p>
 * The appliance boots SEALED, and the token's user PIN is stored nowhere: it is derived
 * ({@link PinDerivation}) from a 32-byte seal secret that exists only as Shamir shares held by officers.
 * Each share is authenticated on its own against the seal file's digest for its number
 * ({@link ShareAuthenticator}), so a wrong share is refused by number the moment it is offered. At the
 * k-th authentic share the secret is combined, the PIN derived, the secret wiped, the token logged in,
 * and the active keys proved usable and proved to be the ones the inventory names; the PIN stays in a
 * char[] (for re-login after a token fault) until {@link #seal()}.
 * <p>
 * Keys ({@link KeyInventory}): one ACTIVE version per purpose, every version born in the token,
 * sensitive and never extractable. Envelope encryption ({@link #envelope()}) keeps data keys in memory,
 * wrapped under the ACTIVE order-flow KEK on disk.
 * <p>
 * Locks, always taken in this order: this object (ceremony, seal state, lifecycle), the envelope's, then
 * {@code tokenLock} (every token call). Health listeners are told after all locks are released.
 */
public final class KeyCustody implements AutoCloseable
{
    private static final int SECRET_BYTES = PinDerivation.SECRET_BYTES;

    private final KeyCustodyConfig config;
    private final Clock clock;
    /** The seal set in force; replaced when a re-key commits. Guarded by this. */
    private SealFile sealFile;
    private ShareAuthenticator authenticator;
    private UnsealCeremony ceremony;
    /** A re-key begun and not yet committed (its shares handed out, being confirmed), or null. Guarded by this. */
    private SealFile pendingSeal;
    private ShareAuthenticator pendingAuthenticator;
    private UnsealCeremony pendingCeremony;
    /** Share numbers confirmed in the current share check (index 1..n). Guarded by this. */
    private boolean[] checkedShares;
    private final SoftHsm2Token token;
    private final KeyInventory inventory;
    private final EnvelopeEncryption envelope;
    private final EnvelopeAdmin envelopeAdmin;
    /** Set once by {@link #attachQuorum}; until then every lifecycle act is refused. */
    private volatile ApprovalGate approvals;
    private final Object tokenLock = new Object();
    private final List<TokenHealthListener> healthListeners = new CopyOnWriteArrayList<>();
    private volatile PublicKey journalPublicKey;
    /** Guarded by tokenLock. */
    private Provider provider;
    /** Guarded by tokenLock; null while sealed. */
    private TokenKeyRing ring;
    /** Guarded by tokenLock; null while sealed. */
    private char[] userPin;
    /** Guarded by tokenLock: the last health reported to listeners was CANNOT_SIGN. */
    private boolean reportedCannotSign;
    private volatile boolean unsealed;

    /** As {@link #KeyCustody(KeyCustodyConfig, Clock)} with the system UTC clock. */
    public KeyCustody(final KeyCustodyConfig config) throws IOException
    {
        this(config, Clock.systemUTC());
    }

    /**
     * Opens custody sealed: reads the seal file, the key inventory, the data-key store and the journal
     * public key, puts the token directory in use in this JVM ({@link SoftHsm2Token#useInThisProcess}) and
     * finds the token. Touches no secret.
     *
     * @throws IOException if custody is not initialised, its files do not fit the configuration, or the
     *                     token is missing.
     */
    public KeyCustody(final KeyCustodyConfig config, final Clock clock) throws IOException
    {
        this.config = config;
        this.clock = clock;
        if (!Files.exists(config.sealFile()))
        {
            throw new NoSuchFileException(config.sealFile().toString(), null,
                "key custody is not initialised (no seal file): run the appliance's init first");
        }
        this.sealFile = SealFile.read(config.sealFile());
        if (!sealFile.tokenLabel().equals(config.tokenLabel()))
        {
            throw new IOException(KeyCustodyConfig.TOKEN_LABEL + " is '" + config.tokenLabel() + "' but " +
                config.sealFile() + " was made for token '" + sealFile.tokenLabel() + "'");
        }
        if (!Files.exists(config.inventoryFile()))
        {
            throw new NoSuchFileException(config.inventoryFile().toString(), null,
                "key custody has no key inventory: it was initialised by an older version; initialise it again");
        }
        this.inventory = KeyInventory.read(config.inventoryFile());
        this.authenticator = new ShareAuthenticator(sealFile);
        this.journalPublicKey = readChecked(config.journalPublicKeyFile(), inventory.active(KeyPurpose.JOURNAL_SIGNING));
        SoftHsm2Token.useInThisProcess(config.tokenDir().resolve(SoftHsm2Token.SOFTHSM_CONF_FILE));
        this.token = SoftHsm2Token.open(config.tokenDir(), config.tokenLabel(), config.pkcs11Library());
        this.ceremony = new UnsealCeremony(sealFile.shares(), sealFile.threshold());
        this.checkedShares = new boolean[sealFile.shares() + 1];
        if (Files.exists(config.pendingSealFile()))
        {
            usePending(SealFile.read(config.pendingSealFile()));
        }
        this.envelope = new EnvelopeEncryption(new CustodyKek(), DataKeyStore.open(config.dataKeyFile()), clock,
            config.envelopeMaxRecordsPerDataKey(), config.envelopeMaxDataKeyAgeSeconds() * 1000L);
        this.envelopeAdmin = envelope.claimAdmin();
    }

    /**
     * First-time set-up: draws the seal secret, creates the token with PINs derived from it, generates
     * inside it the ACTIVE journal-signing key (EC P-256), order-flow KEK (AES-256), gateway-signing and
     * quorum-initiator keys (EC P-256), writes the key
     * inventory, publishes the journal public key, splits the secret into n shares (any k unseal), writes
     * the seal file, and wipes the secret and the PINs. Refuses a custody directory that is already
     * initialised. Puts the token directory in use in this JVM.
     *
     * @return the seal set; its share texts exist nowhere else.
     */
    public static SealInitialisation initialise(final KeyCustodyConfig config) throws IOException, GeneralSecurityException
    {
        return initialise(config, Clock.systemUTC());
    }

    /** As {@link #initialise(KeyCustodyConfig)}, dating the keys by {@code clock}. */
    public static SealInitialisation initialise(final KeyCustodyConfig config, final Clock clock)
        throws IOException, GeneralSecurityException
    {
        createOwnerOnly(config.dir());
        refuseExisting(config.sealFile());
        refuseExisting(config.journalPublicKeyFile());
        refuseExisting(config.inventoryFile());
        refuseExisting(config.dataKeyFile());
        refuseExisting(config.pendingSealFile());

        final SecureRandom random = new SecureRandom();
        final byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        final int sealSetId = random.nextInt();
        final String sealSetIdText = ShareText.sealSetIdText(sealSetId);
        final char[] userPin = PinDerivation.userPin(secret);
        final char[] soPin = PinDerivation.soPin(secret);
        Map<Integer, byte[]> parts = Map.of();
        try
        {
            final SoftHsm2Token token =
                SoftHsm2Token.create(config.tokenDir(), config.tokenLabel(), soPin, userPin, config.pkcs11Library());
            final Provider provider = token.newProvider();
            final KeyInventory inventory = KeyInventory.create(config.inventoryFile());
            final Instant now = clock.instant();
            try
            {
                final TokenKeyRing ring = TokenKeyRing.login(provider, userPin);
                // the gateway key too: the order gateway encrypts by default, and its key exchange needs it;
                // the appliance's own quorum principal, which submits the rotations it raises; and the
                // control-plane token key, without which no compliance or ops principal can log in
                for (final KeyPurpose purpose : new KeyPurpose[] {KeyPurpose.JOURNAL_SIGNING, KeyPurpose.ORDER_FLOW_KEK,
                    KeyPurpose.GATEWAY_SIGNING, KeyPurpose.QUORUM_INITIATOR, KeyPurpose.CONTROL_TOKEN_SIGNING})
                {
                    final KeyRecord generated = generateInToken(ring, inventory, purpose, sealSetIdText, now, config);
                    inventory.put(generated.moveTo(KeyState.ACTIVE, now, now.plus(inventory.rotationPeriod(purpose))));
                }
                inventory.write(inventorySigner(ring, inventory));
            }
            finally
            {
                logout(provider);
            }
            Files.copy(publicKeyFile(config, KeyRecord.alias(KeyPurpose.JOURNAL_SIGNING, 1)), config.journalPublicKeyFile());

            parts = new Scheme(random, config.shares(), config.threshold()).split(secret);
            final List<String> shareTexts = new ArrayList<>(config.shares());
            final byte[][] digests = new byte[config.shares()][];
            for (int i = 1; i <= config.shares(); i++)
            {
                shareTexts.add(ShareText.format(sealSetId, i, parts.get(i)));
                digests[i - 1] = ShareAuthenticator.digest(sealSetId, i, parts.get(i));
            }
            new SealFile(sealSetId, config.shares(), config.threshold(), config.tokenLabel(), digests)
                .write(config.sealFile());

            return new SealInitialisation(sealSetIdText, config.shares(), config.threshold(), shareTexts);
        }
        finally
        {
            Arrays.fill(secret, (byte)0);
            Arrays.fill(userPin, '\0');
            Arrays.fill(soPin, '\0');
            for (final byte[] part : parts.values())
            {
                Arrays.fill(part, (byte)0);
            }
        }
    }

    /**
     * Takes one officer's share. Refused at once, naming the share number where it can be read, if it is
     * malformed, of another seal set, of a number the set does not have, altered, given twice in this
     * ceremony, or not needed (already unsealed). At the k-th authentic share it unseals (UNSEALED) or,
     * if the token refuses the derived PIN or its keys do not prove usable, reports FAILED_LOGIN and
     * starts the ceremony again.
     */
    public synchronized ShareOutcome offerShare(final String shareText)
    {
        final ShareText share;
        try
        {
            share = ShareText.parse(shareText);
        }
        catch (final MalformedShareException ex)
        {
            return outcome(ShareOutcome.Status.REFUSED_MALFORMED, ex.shareIndex(), ex.getMessage());
        }

        try
        {
            if (!unsealed && null != pendingSeal && share.sealSetId() == pendingSeal.sealSetId())
            {
                return offerPendingSetShare(share);
            }
            final ShareOutcome refusal = authenticate(share);
            if (null != refusal)
            {
                return refusal;
            }

            final int index = share.index();
            if (unsealed)
            {
                return outcome(ShareOutcome.Status.REFUSED_ALREADY_UNSEALED, index,
                    "already unsealed: share " + index + " is not needed");
            }

            if (ceremony.has(index))
            {
                return outcome(ShareOutcome.Status.REFUSED_REPEATED, index, "share " + index +
                    " was already given in this ceremony (" + ceremony.count() + " of " + sealFile.threshold() + " given)");
            }

            ceremony.add(share);
            if (!ceremony.complete())
            {
                return outcome(ShareOutcome.Status.ACCEPTED, index, "share " + index + " accepted: " + ceremony.count() +
                    " of " + sealFile.threshold() + " given");
            }

            return unseal(index);
        }
        finally
        {
            share.wipe();
        }
    }

    /**
     * Authenticates a share without counting it or changing any state (an officer proving they are one,
     * e.g. to seal, or checking their own share against the current set): ACCEPTED if it is an authentic
     * share of this seal set, else the refusal offerShare would give for the same reason.
     */
    public synchronized ShareOutcome checkShare(final String shareText)
    {
        final ShareText share;
        try
        {
            share = ShareText.parse(shareText);
        }
        catch (final MalformedShareException ex)
        {
            return outcome(ShareOutcome.Status.REFUSED_MALFORMED, ex.shareIndex(), ex.getMessage());
        }

        try
        {
            final ShareOutcome refusal = authenticate(share);
            return null != refusal ? refusal : outcome(ShareOutcome.Status.ACCEPTED, share.index(),
                "share " + share.index() + " is an authentic share of seal set " + sealFile.sealSetIdText());
        }
        finally
        {
            share.wipe();
        }
    }

    /**
     * The share-check ceremony (what Vault cannot do): an officer shows their share and learns, at once and
     * without unsealing or counting towards an unseal, whether it is an authentic share of the seal set in
     * force; the round remembers who has confirmed ({@link #shareCheckReport()}), so officers can find out
     * before they need it whether enough good shares still exist. Works sealed or unsealed.
     */
    public synchronized ShareOutcome confirmShareHeld(final String shareText)
    {
        final ShareOutcome check = checkShare(shareText);
        if (check.status() != ShareOutcome.Status.ACCEPTED)
        {
            return check;
        }
        checkedShares[check.shareIndex()] = true;
        final ShareCheckReport report = shareCheckReport();
        return new ShareOutcome(ShareOutcome.Status.ACCEPTED, check.shareIndex(), report.confirmed().size(), report.threshold(),
            "share " + check.shareIndex() + " is an authentic share of seal set " + report.sealSetId() + "; confirmed so far: " +
            report.confirmed() + ", not yet: " + report.missing() + (report.enough() ? " (enough to unseal)" : ""));
    }

    /** Who has confirmed their share in the current check. */
    public synchronized ShareCheckReport shareCheckReport()
    {
        final List<Integer> confirmed = new ArrayList<>();
        final List<Integer> missing = new ArrayList<>();
        for (int i = 1; i <= sealFile.shares(); i++)
        {
            (checkedShares[i] ? confirmed : missing).add(i);
        }
        return new ShareCheckReport(sealFile.sealSetIdText(), sealFile.shares(), sealFile.threshold(), confirmed, missing);
    }

    /** Starts a new share check: nobody has confirmed yet. */
    public synchronized void startShareCheck()
    {
        checkedShares = new boolean[sealFile.shares() + 1];
    }

    public boolean isSealed()
    {
        return !unsealed;
    }

    /** Authentic shares counted in the current ceremony (0 once unsealed). */
    public synchronized int sharesGiven()
    {
        return ceremony.count();
    }

    public synchronized int threshold()
    {
        return sealFile.threshold();
    }

    public synchronized int shares()
    {
        return sealFile.shares();
    }

    /** The seal set id as shares carry it: 8 lower-case hex digits. */
    public synchronized String sealSetId()
    {
        return sealFile.sealSetIdText();
    }

    /**
     * Seals: closes envelope encryption (its clear data keys are dropped), drops the key handles, wipes
     * the PIN and the ceremony's shares, and logs the token out. Using the keys again takes a new ceremony
     * of k shares. Idempotent.
     */
    public synchronized void seal()
    {
        ceremony.reset();
        unsealed = false;
        envelopeAdmin.close();
        synchronized (tokenLock)
        {
            ring = null;
            reportedCannotSign = false;
            if (null != userPin)
            {
                Arrays.fill(userPin, '\0');
                userPin = null;
            }
            logout(provider);
        }
    }

    /**
     * Signs {@code data} with the ACTIVE journal-signing key in the token: SHA256withECDSA, DER-encoded.
     * Verifies with {@link #journalPublicKey()}. A failing token is probed and logged in again once
     * (see {@link #probeToken()}); if it still cannot sign, listeners are told and this throws.
     *
     * @throws IllegalStateException if sealed, or if the token cannot sign.
     */
    public byte[] signJournal(final byte[] data)
    {
        final KeyRecord active = inventory.active(KeyPurpose.JOURNAL_SIGNING);
        if (null == active)
        {
            throw new IllegalStateException("there is no ACTIVE journal-signing key");
        }
        return signWith(active, data);
    }

    /**
     * Signs with the ACTIVE key of {@code purpose} (JOURNAL_SIGNING, CONTROL_TOKEN_SIGNING, TLS_SERVER,
     * GATEWAY_SIGNING, QUORUM_INITIATOR), in
     * the token; the signature algorithm is {@code KeyAlgorithm.signatureAlgorithm()} (DER ECDSA).
     */
    public byte[] sign(final KeyPurpose purpose, final byte[] data)
    {
        final KeyRecord active = inventory.active(purpose);
        if (null == active || active.algorithm().isSecretKey())
        {
            throw new IllegalStateException("there is no ACTIVE signing key for " + purpose.label());
        }
        return signWith(active, data);
    }

    /**
     * The public key of the ACTIVE key pair of {@code purpose}, as published in the custody directory and
     * checked against the inventory's fingerprint; available while sealed.
     *
     * @throws IllegalStateException when {@code purpose} has no ACTIVE key pair
     */
    public synchronized PublicKey activePublicKey(final KeyPurpose purpose) throws IOException
    {
        final KeyRecord active = inventory.active(purpose);
        if (null == active || active.algorithm().isSecretKey())
        {
            throw new IllegalStateException("there is no ACTIVE key pair for " + purpose.label());
        }
        return readChecked(publicKeyFile(config, active.alias()), active);
    }

    /** The ACTIVE journal-signing public key as published in the custody directory; available while sealed. */
    public PublicKey journalPublicKey()
    {
        return journalPublicKey;
    }

    /** Every key version custody ever had, with its state and dates; never secret material. Available while sealed. */
    public synchronized List<KeyRecord> keyInventory()
    {
        return inventory.list();
    }

    /** ACTIVE keys whose rotation is due now or within {@code custody.rotation.noticeDays}, soonest first. */
    public synchronized List<KeyRecord> keysDueForRotation()
    {
        return inventory.dueForRotation(clock.instant(), Duration.ofDays(config.rotationNoticeDays()));
    }

    /**
     * Envelope encryption for the journal and the order path: usable while unsealed, it throws
     * {@link IllegalStateException} while sealed. The same object for the life of this custody.
     */
    public EnvelopeEncryption envelope()
    {
        return envelope;
    }

    /** Told when the token stops or starts being able to sign. */
    public void addHealthListener(final TokenHealthListener listener)
    {
        healthListeners.add(listener);
    }

    /**
     * Checks the token can sign now: signs a fresh challenge with the ACTIVE journal key. If it cannot
     * (dead session, token gone), logs in again with the PIN held in memory and tries once more. Tells the
     * listeners on a change (CANNOT_SIGN, then back). The appliance calls this periodically; a failing
     * {@link #signJournal} calls it too. Cost: one or two token signatures (~100 µs on SoftHSM).
     */
    public TokenHealth probeToken()
    {
        final TokenHealth health;
        final String reason;
        final boolean tellCannot;
        final boolean tellCan;
        synchronized (tokenLock)
        {
            if (null == userPin)
            {
                return TokenHealth.SEALED;
            }
            final KeyRecord active = inventory.active(KeyPurpose.JOURNAL_SIGNING);
            final String firstFailure = null == ring ? "not logged in" : trySign(active);
            if (null == firstFailure)
            {
                health = TokenHealth.CAN_SIGN;
                reason = null;
            }
            else
            {
                final String secondFailure = relogin(active);
                health = null == secondFailure ? TokenHealth.RECOVERED : TokenHealth.CANNOT_SIGN;
                reason = null == secondFailure ? null : firstFailure + "; logging in again failed: " + secondFailure;
            }
            tellCannot = health == TokenHealth.CANNOT_SIGN && !reportedCannotSign;
            tellCan = health.canSign() && reportedCannotSign;
            reportedCannotSign = health == TokenHealth.CANNOT_SIGN;
        }

        for (final TokenHealthListener listener : healthListeners)
        {
            if (tellCannot)
            {
                listener.cannotSign(reason);
            }
            else if (tellCan)
            {
                listener.canSignAgain();
            }
        }
        return health;
    }

    // ---------------------------------------------------------------------------------------------
    // Key lifecycle under quorum. Each act: check it can be done (state, seal), verify the proof for
    // exactly this act and claim its execution in the quorum book (ApprovalGate), then do it.

    /**
     * Gives custody the quorum book whose officer registry and policy set it verifies approval proofs
     * against, and in which it claims each execution. Once: a second call throws, so nobody can swap the
     * authority later. Until attached, every lifecycle act is refused (NO_QUORUM).
     */
    public synchronized void attachQuorum(final QuorumBook book)
    {
        if (null != approvals)
        {
            throw new IllegalStateException("key custody already has its quorum book");
        }
        approvals = new ApprovalGate(book, clock);
    }

    /** Generates a new PRE_ACTIVE version of {@code purpose} in the token. Proof: {@link KeyOperations#GENERATE}. */
    public synchronized KeyRecord generateKey(final KeyPurpose purpose, final ApprovalProof proof)
        throws IOException, GeneralSecurityException
    {
        requireUnsealed();
        authorise(proof, KeyOperations.GENERATE, KeyOperations.generate(purpose));
        return generateNow(purpose);
    }

    /** Activates PRE_ACTIVE {@code alias} (the previous ACTIVE one is deactivated). Proof: {@link KeyOperations#ACTIVATE}. */
    public synchronized KeyRecord activateKey(final String alias, final ApprovalProof proof)
        throws IOException, GeneralSecurityException
    {
        requireUnsealed();
        final KeyRecord key = requireKey(alias);
        requireTransition(key, KeyState.ACTIVE);
        authorise(proof, KeyOperations.ACTIVATE, KeyOperations.onKey(key));
        return activateNow(alias);
    }

    /** Generates and activates a new version of {@code purpose}. Proof: {@link KeyOperations#ROTATE}. */
    public synchronized KeyRecord rotateKey(final KeyPurpose purpose, final ApprovalProof proof)
        throws IOException, GeneralSecurityException
    {
        requireUnsealed();
        authorise(proof, KeyOperations.ROTATE, KeyOperations.rotate(purpose, inventory.active(purpose)));
        return rotateNow(purpose);
    }

    /** ACTIVE {@code alias} stops protecting. Proof: {@link KeyOperations#DEACTIVATE}. */
    public synchronized KeyRecord deactivateKey(final String alias, final ApprovalProof proof) throws IOException
    {
        requireUnsealed();
        final KeyRecord key = requireKey(alias);
        if (key.purpose() == KeyPurpose.JOURNAL_SIGNING && key.state() == KeyState.ACTIVE)
        {
            throw new IllegalStateException("the ACTIVE journal-signing key signs the journal and the key inventory: rotate it " +
                "instead of deactivating it");
        }
        requireTransition(key, KeyState.DEACTIVATED);
        authorise(proof, KeyOperations.DEACTIVATE, KeyOperations.onKey(key));
        return deactivateNow(alias);
    }

    /** Deletes {@code alias} (not ACTIVE) from the token. Proof: {@link KeyOperations#DESTROY}. */
    public synchronized KeyRecord destroyKey(final String alias, final ApprovalProof proof)
        throws IOException, GeneralSecurityException
    {
        requireUnsealed();
        final KeyRecord key = requireKey(alias);
        requireTransition(key, KeyState.DESTROYED);
        authorise(proof, KeyOperations.DESTROY, KeyOperations.onKey(key));
        return destroyNow(alias);
    }

    /** Sets the rotation period of {@code purpose} in days (at least 1). Proof: {@link KeyOperations#ROTATION_POLICY}. */
    public synchronized void changeRotationPolicy(final KeyPurpose purpose, final int days, final ApprovalProof proof)
        throws IOException
    {
        requireUnsealed();
        if (days < 1 || days > 3650)
        {
            throw new IllegalArgumentException("rotation period must be 1 to 3650 days, was " + days);
        }
        authorise(proof, KeyOperations.ROTATION_POLICY, KeyOperations.rotationPolicy(purpose, days));
        changeRotationPolicyNow(purpose, days);
    }

    /** The PEM public key of key pair {@code alias}. Proof: {@link KeyOperations#EXPORT_PUBLIC_KEY}. */
    public synchronized String exportPublicKey(final String alias, final ApprovalProof proof) throws IOException
    {
        final KeyRecord key = requireKey(alias);
        if (key.algorithm().isSecretKey() || key.state() == KeyState.DESTROYED)
        {
            throw new IllegalArgumentException(alias + " has no public key to export (" +
                (key.algorithm().isSecretKey() ? "a secret key never leaves the token" : "destroyed") + ")");
        }
        authorise(proof, KeyOperations.EXPORT_PUBLIC_KEY, KeyOperations.onKey(key));
        return exportPublicKeyNow(alias);
    }

    /** Crypto-shreds the records under envelope data key {@code dataKeyId}. Proof: {@link KeyOperations#DESTROY_DATA_KEY}. */
    public synchronized void destroyDataKey(final long dataKeyId, final ApprovalProof proof) throws IOException
    {
        authorise(proof, KeyOperations.DESTROY_DATA_KEY, KeyOperations.destroyDataKey(dataKeyId));
        envelopeAdmin.destroyDataKey(dataKeyId);
    }

    private void authorise(final ApprovalProof proof, final String operation, final com.orderguard.quorum.json.Parameters parameters)
    {
        final ApprovalGate gate = approvals;
        if (null == gate)
        {
            throw new ApprovalRefusedException("NO_QUORUM", operation + " refused: key custody has no quorum book attached");
        }
        gate.authorise(proof, operation, parameters);
    }

    private static void requireTransition(final KeyRecord key, final KeyState next)
    {
        if (!key.state().canBecome(next))
        {
            throw new IllegalStateException(key.alias() + " is " + key.state() + " and cannot become " + next);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Key lifecycle, carried out once the quorum gate has passed. Each: token first, then the inventory
    // (written atomically). A crash in between leaves, at worst, an unrecorded PRE_ACTIVE key in the token
    // (removed by the next generate of that purpose) or a recorded key already deleted (destroy is idempotent).

    /** Generates a new version of {@code purpose} in the token, PRE_ACTIVE. */
    synchronized KeyRecord generateNow(final KeyPurpose purpose) throws IOException, GeneralSecurityException
    {
        requireUnsealed();
        final KeyRecord generated;
        synchronized (tokenLock)
        {
            requireRing();
            final String alias = KeyRecord.alias(purpose, inventory.nextVersion(purpose));
            if (ring.contains(alias))
            {
                ring.destroy(alias);   // an orphan of a generate that crashed before it was recorded; it protected nothing
            }
            generated = generateInToken(ring, inventory, purpose, sealFile.sealSetIdText(), clock.instant(), config);
        }
        writeInventory();
        return generated;
    }

    /**
     * Makes PRE_ACTIVE {@code alias} the ACTIVE key of its purpose; the previous ACTIVE one is DEACTIVATED
     * (still verifies / unwraps). A new journal key is published as journal-signing.pub.pem; a new KEK
     * re-wraps every live data key, so the old KEK is no longer needed to read anything.
     */
    synchronized KeyRecord activateNow(final String alias) throws IOException, GeneralSecurityException
    {
        requireUnsealed();
        final KeyRecord record = requireKey(alias);
        if (record.state() != KeyState.PRE_ACTIVE)
        {
            throw new IllegalStateException(alias + " is " + record.state() + ": only a PRE_ACTIVE key can be activated");
        }
        final Instant now = clock.instant();
        synchronized (tokenLock)
        {
            requireRing();
            final String fingerprint = ring.fingerprint(alias, record.algorithm());
            if (!fingerprint.equals(record.fingerprint()))
            {
                throw new GeneralSecurityException("the token's '" + alias + "' is not the key the inventory names");
            }
        }
        final KeyRecord previous = inventory.active(record.purpose());
        final KeyRecord activated = record.moveTo(KeyState.ACTIVE, now, now.plus(inventory.rotationPeriod(record.purpose())));
        final Runnable switchInventory = () ->
        {
            if (null != previous)
            {
                inventory.put(previous.moveTo(KeyState.DEACTIVATED, now, null));
            }
            inventory.put(activated);
        };
        if (record.purpose() == KeyPurpose.ORDER_FLOW_KEK)
        {
            envelopeAdmin.switchKek(switchInventory, alias);
        }
        else
        {
            switchInventory.run();
        }
        writeInventory();
        if (record.purpose() == KeyPurpose.JOURNAL_SIGNING)
        {
            final Path published = publicKeyFile(config, alias);
            final Path temp = config.journalPublicKeyFile().resolveSibling(KeyCustodyConfig.JOURNAL_PUBLIC_KEY_FILE + ".tmp");
            Files.copy(published, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, config.journalPublicKeyFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            journalPublicKey = readChecked(config.journalPublicKeyFile(), activated);
        }
        return activated;
    }

    /** Generates and activates a new version of {@code purpose}: see {@link #generateNow} and {@link #activateNow}. */
    synchronized KeyRecord rotateNow(final KeyPurpose purpose) throws IOException, GeneralSecurityException
    {
        return activateNow(generateNow(purpose).alias());
    }

    /** ACTIVE {@code alias} stops protecting; it still processes (decrypt, verify) until destroyed. */
    synchronized KeyRecord deactivateNow(final String alias) throws IOException
    {
        requireUnsealed();
        final KeyRecord record = requireKey(alias);
        if (record.purpose() == KeyPurpose.JOURNAL_SIGNING && record.state() == KeyState.ACTIVE)
        {
            throw new IllegalStateException("the ACTIVE journal-signing key signs the journal and the key inventory: rotate it " +
                "instead of deactivating it");
        }
        final KeyRecord deactivated = record.moveTo(KeyState.DEACTIVATED, clock.instant(), null);
        inventory.put(deactivated);
        writeInventory();
        return deactivated;
    }

    /**
     * Deletes {@code alias} from the token ({@code C_DestroyObject}); it must not be ACTIVE (deactivate it
     * first). Destroying a KEK destroys the data keys still wrapped only under it: what they encrypted is
     * gone for good.
     */
    synchronized KeyRecord destroyNow(final String alias) throws IOException, GeneralSecurityException
    {
        requireUnsealed();
        final KeyRecord record = requireKey(alias);
        final KeyRecord destroyed = record.moveTo(KeyState.DESTROYED, clock.instant(), null);
        if (record.purpose() == KeyPurpose.ORDER_FLOW_KEK)
        {
            envelopeAdmin.destroyDataKeysWrappedUnder(alias);
        }
        synchronized (tokenLock)
        {
            requireRing();
            ring.destroy(alias);
        }
        inventory.put(destroyed);
        writeInventory();
        return destroyed;
    }

    /** Sets the rotation period of {@code purpose}; the ACTIVE key's expiry moves with it. */
    synchronized void changeRotationPolicyNow(final KeyPurpose purpose, final int days) throws IOException
    {
        requireUnsealed();
        inventory.rotationPeriod(purpose, Duration.ofDays(days));
        writeInventory();
    }

    /** Destroys envelope data key {@code id}. */
    synchronized void destroyDataKeyNow(final long id) throws IOException
    {
        envelopeAdmin.destroyDataKey(id);
    }

    /** The PEM public key of key pair {@code alias} (any state but DESTROYED). */
    synchronized String exportPublicKeyNow(final String alias) throws IOException
    {
        final KeyRecord record = requireKey(alias);
        if (record.algorithm().isSecretKey())
        {
            throw new IllegalArgumentException(alias + " is a secret key: it has no public key, and it never leaves the token");
        }
        if (record.state() == KeyState.DESTROYED)
        {
            throw new IllegalStateException(alias + " was destroyed");
        }
        return PublicKeyPem.encode(readChecked(publicKeyFile(config, alias), record));
    }

    /**
     * Reads a published public key and checks it is the one the inventory names (same fingerprint), so a
     * file swapped on disk is never exported, trusted for verification, or published as the journal key.
     */
    private static PublicKey readChecked(final Path file, final KeyRecord record) throws IOException
    {
        final PublicKey key = PublicKeyPem.readEc(file);
        if (null != record)
        {
            try
            {
                final String fingerprint = com.orderguard.custody.token.KeyFingerprint.of(key);
                if (!fingerprint.equals(record.fingerprint()))
                {
                    throw new IOException(file + " is not the public key of " + record.alias() + " (" + fingerprint +
                        ", the inventory says " + record.fingerprint() + ")");
                }
            }
            catch (final GeneralSecurityException ex)
            {
                throw new IOException(file + ": cannot fingerprint: " + ex.getMessage(), ex);
            }
        }
        return key;
    }

    private KeyRecord requireKey(final String alias)
    {
        final KeyRecord record = inventory.find(alias);
        if (null == record)
        {
            throw new IllegalArgumentException("there is no key " + alias + " in the inventory");
        }
        return record;
    }

    private void requireUnsealed()
    {
        if (!unsealed)
        {
            throw new IllegalStateException("key custody is sealed: key lifecycle acts need the token, unseal first");
        }
    }

    /** Holds tokenLock. */
    private void requireRing()
    {
        if (null == ring)
        {
            throw new IllegalStateException("the token is unreachable: key lifecycle acts wait until it is back");
        }
    }

    /** Seals. The token directory stays in use in this JVM. */
    @Override
    public void close()
    {
        seal();
    }

    /** The token handle of {@code alias} while unsealed, else null; for tests of where keys live. */
    Key tokenKey(final String alias) throws GeneralSecurityException
    {
        synchronized (tokenLock)
        {
            return null == ring ? null : ring.key(alias);
        }
    }

    /** The token's user PIN while unsealed (a copy), else null; for tests that read the token from outside. */
    char[] userPinForTests()
    {
        synchronized (tokenLock)
        {
            return null == userPin ? null : userPin.clone();
        }
    }

    SoftHsm2Token token()
    {
        return token;
    }

    KeyCustodyConfig config()
    {
        return config;
    }

    private byte[] signWith(final KeyRecord key, final byte[] data)
    {
        if (!unsealed)
        {
            throw new IllegalStateException(key.purpose() == KeyPurpose.JOURNAL_SIGNING ?
                "key custody is sealed: the journal cannot be signed until officers unseal" :
                "key custody is sealed: nothing can be signed until officers unseal");
        }

        synchronized (tokenLock)
        {
            if (null != ring && !reportedCannotSign)
            {
                try
                {
                    return ring.sign(key.alias(), key.algorithm().signatureAlgorithm(), data);
                }
                catch (final GeneralSecurityException | RuntimeException ex)
                {
                    // fall through to the probe: a dead session is re-logged in once
                }
            }
        }

        if (probeToken().canSign())
        {
            synchronized (tokenLock)
            {
                try
                {
                    return ring.sign(key.alias(), key.algorithm().signatureAlgorithm(), data);
                }
                catch (final GeneralSecurityException | RuntimeException ex)
                {
                    throw new IllegalStateException("the token failed to sign with " + key.alias() + ": " + ex.getMessage(), ex);
                }
            }
        }
        throw new IllegalStateException("the token cannot sign: " + key.alias() + " is unreachable (token gone or session dead)");
    }

    /** Null if the token signed with {@code active} just now, else what failed. Holds tokenLock. */
    private String trySign(final KeyRecord active)
    {
        final byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try
        {
            ring.sign(active.alias(), active.algorithm().signatureAlgorithm(), challenge);
            return null;
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return String.valueOf(ex.getMessage());
        }
    }

    /**
     * Logs in again with the PIN held and signs; null on success, else what failed. Holds tokenLock. First
     * through a new provider (a dead session); if that fails, re-initialises the SoftHSM library, which
     * otherwise keeps a token whose directory went away invalid for good, and tries once more.
     */
    private String relogin(final KeyRecord active)
    {
        final String plain = loginAndSign(active);
        if (null == plain)
        {
            return null;
        }
        try
        {
            token.reinitialiseLibrary();
        }
        catch (final RuntimeException ex)
        {
            return plain + "; re-initialising the library failed: " + ex.getMessage();
        }
        final String afterReset = loginAndSign(active);
        return null == afterReset ? null : afterReset;
    }

    private String loginAndSign(final KeyRecord active)
    {
        ring = null;
        logout(provider);
        try
        {
            provider = token.newProvider();
            ring = TokenKeyRing.login(provider, userPin);
            final String failure = trySign(active);
            if (null != failure)
            {
                ring = null;
            }
            return failure;
        }
        catch (final IOException | GeneralSecurityException | RuntimeException ex)
        {
            ring = null;
            return String.valueOf(ex.getMessage());
        }
    }

    private ShareOutcome authenticate(final ShareText share)
    {
        return authenticate(share, sealFile, authenticator, false);
    }

    private ShareOutcome authenticate(
        final ShareText share, final SealFile set, final ShareAuthenticator by, final boolean pending)
    {
        final int index = share.index();
        final String setWord = pending ? "the new seal set " : "this appliance's seal set ";
        switch (by.verdict(share))
        {
            case OTHER_SET:
                return outcome(ShareOutcome.Status.REFUSED_OTHER_SET, index, "share " + index + " belongs to seal set " +
                    ShareText.sealSetIdText(share.sealSetId()) + ", not to " + setWord +
                    set.sealSetIdText() + " (or its seal-set part was mistyped)");
            case NO_SUCH_INDEX:
                return outcome(ShareOutcome.Status.REFUSED_NO_INDEX, index, "seal set " + set.sealSetIdText() +
                    " has shares 1 to " + set.shares() + ": there is no share " + index);
            case TAMPERED:
                return outcome(ShareOutcome.Status.REFUSED_TAMPERED, index, "share " + index + " is not the share " +
                    index + " issued for seal set " + set.sealSetIdText() + ": its digits were altered or mistyped");
            case AUTHENTIC:
            default:
                return null;
        }
    }

    private ShareOutcome unseal(final int lastIndex)
    {
        return unsealWith(ceremony.combine(), lastIndex);
    }

    /** Combined secret to PIN to login; wipes the secret. */
    private ShareOutcome unsealWith(final byte[] secret, final int lastIndex)
    {
        final char[] pin;
        try
        {
            pin = PinDerivation.userPin(secret);
        }
        finally
        {
            Arrays.fill(secret, (byte)0);
        }

        synchronized (tokenLock)
        {
            try
            {
                if (null == provider)
                {
                    provider = token.newProvider();
                }
                final TokenKeyRing loggedIn = provenKeyRing(pin);
                ring = loggedIn;
                userPin = pin;
                reportedCannotSign = false;
            }
            catch (final IOException | GeneralSecurityException | RuntimeException ex)
            {
                Arrays.fill(pin, '\0');
                ring = null;
                logout(provider);
                return outcome(ShareOutcome.Status.FAILED_LOGIN, lastIndex, failedLoginMessage(ex) +
                    "; the ceremony starts again");
            }
        }
        unsealed = true;
        envelopeAdmin.open();
        return outcome(ShareOutcome.Status.UNSEALED, lastIndex, "share " + lastIndex + " accepted: " +
            sealFile.threshold() + " of " + sealFile.threshold() + " given; unsealed, the token's keys proved usable");
    }

    // ---------------------------------------------------------------------------------------------
    // Re-keying the seal, without downtime: new shares (new n, new k) are handed out while custody stays
    // unsealed and the old shares keep working; each officer then confirms their new share; at the k-th
    // confirmation the token's user PIN is changed (C_SetPIN) to the one the new set derives and the new
    // seal file replaces the old one: from then on the old shares open nothing.

    /**
     * Begins a re-key: draws a new seal secret and seal set id, splits it into {@code shares} shares of which
     * {@code threshold} unseal, and writes {@code seal-rekey.properties} (digests only). Nothing else
     * changes yet: the old shares still unseal. Proof: {@link KeyOperations#REKEY_SEAL} for this seal set,
     * n and k. Custody must be unsealed (the PIN change needs the current PIN).
     *
     * @return the new shares; they exist nowhere else.
     */
    public synchronized SealInitialisation beginRekey(final int shares, final int threshold, final ApprovalProof proof)
        throws IOException
    {
        requireUnsealed();
        if (shares < KeyCustodyConfig.MIN_SHARES || shares > KeyCustodyConfig.MAX_SHARES || threshold < KeyCustodyConfig.MIN_THRESHOLD ||
            threshold > shares)
        {
            throw new IllegalArgumentException("a seal set needs 2 <= threshold <= shares <= 16, was " + threshold + " of " + shares);
        }
        if (null != pendingSeal)
        {
            throw new IllegalStateException("re-key to seal set " + pendingSeal.sealSetIdText() +
                " is pending: confirm its shares or cancel it first");
        }
        authorise(proof, KeyOperations.REKEY_SEAL, KeyOperations.rekeySeal(sealFile.sealSetIdText(), shares, threshold));

        final SecureRandom random = new SecureRandom();
        final byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        int newId = random.nextInt();
        while (newId == sealFile.sealSetId())
        {
            newId = random.nextInt();
        }
        Map<Integer, byte[]> parts = Map.of();
        try
        {
            parts = new Scheme(random, shares, threshold).split(secret);
            final List<String> shareTexts = new ArrayList<>(shares);
            final byte[][] digests = new byte[shares][];
            for (int i = 1; i <= shares; i++)
            {
                shareTexts.add(ShareText.format(newId, i, parts.get(i)));
                digests[i - 1] = ShareAuthenticator.digest(newId, i, parts.get(i));
            }
            final SealFile pending = new SealFile(newId, shares, threshold, config.tokenLabel(), digests);
            pending.write(config.pendingSealFile());
            usePending(pending);
            return new SealInitialisation(pending.sealSetIdText(), shares, threshold, shareTexts);
        }
        finally
        {
            Arrays.fill(secret, (byte)0);
            for (final byte[] part : parts.values())
            {
                Arrays.fill(part, (byte)0);
            }
        }
    }

    /**
     * An officer confirms their new share of the pending re-key: authenticated at once against the new set
     * (refusals as for unsealing); ACCEPTED while fewer than the new k are confirmed; at the k-th, REKEYED:
     * the token's PIN is now the new set's and the old shares are void. Refused (REFUSED_NO_REKEY) when no
     * re-key is pending; FAILED_LOGIN if custody is sealed or the token refused the PIN change (the
     * confirmations start again; the old set stays in force).
     */
    public synchronized ShareOutcome confirmRekeyShare(final String shareText)
    {
        if (null == pendingSeal)
        {
            return outcome(ShareOutcome.Status.REFUSED_NO_REKEY, -1, "no re-key of the seal is pending");
        }
        final ShareText share;
        try
        {
            share = ShareText.parse(shareText);
        }
        catch (final MalformedShareException ex)
        {
            return pendingOutcome(ShareOutcome.Status.REFUSED_MALFORMED, ex.shareIndex(), ex.getMessage());
        }
        try
        {
            final ShareOutcome refusal = authenticate(share, pendingSeal, pendingAuthenticator, true);
            if (null != refusal)
            {
                return pendingOutcome(refusal.status(), refusal.shareIndex(), refusal.message());
            }
            final int index = share.index();
            if (pendingCeremony.has(index))
            {
                return pendingOutcome(ShareOutcome.Status.REFUSED_REPEATED, index, "new share " + index +
                    " was already confirmed (" + pendingCeremony.count() + " of " + pendingSeal.threshold() + ")");
            }
            pendingCeremony.add(share);
            if (!pendingCeremony.complete())
            {
                return pendingOutcome(ShareOutcome.Status.ACCEPTED, index, "new share " + index + " of seal set " +
                    pendingSeal.sealSetIdText() + " confirmed: " + pendingCeremony.count() + " of " + pendingSeal.threshold());
            }
            return commitRekey(index);
        }
        finally
        {
            share.wipe();
        }
    }

    /** Drops a pending re-key (its shares become worthless); the seal set in force is untouched. */
    public synchronized void cancelRekey() throws IOException
    {
        if (null != pendingCeremony)
        {
            pendingCeremony.reset();
        }
        pendingSeal = null;
        pendingAuthenticator = null;
        pendingCeremony = null;
        Files.deleteIfExists(config.pendingSealFile());
    }

    /** The seal set id of a pending re-key, or null. */
    public synchronized String pendingRekeySealSetId()
    {
        return null == pendingSeal ? null : pendingSeal.sealSetIdText();
    }

    private ShareOutcome commitRekey(final int lastIndex)
    {
        final byte[] secret = pendingCeremony.combine();
        final char[] newPin;
        try
        {
            newPin = PinDerivation.userPin(secret);
        }
        finally
        {
            Arrays.fill(secret, (byte)0);
        }
        synchronized (tokenLock)
        {
            try
            {
                if (null == userPin)
                {
                    throw new IllegalStateException("custody is sealed: the current PIN is needed to change it");
                }
                // write-ahead: the pending file is on disk; after C_SetPIN a crash leaves it, and the new set's
                // shares then unseal (offerPendingSetShare) and finish the swap
                token.changeUserPin(userPin, newPin);
            }
            catch (final RuntimeException ex)
            {
                Arrays.fill(newPin, '\0');
                return pendingOutcome(ShareOutcome.Status.FAILED_LOGIN, lastIndex,
                    "the token did not take the new PIN: " + ex.getMessage() + "; the old seal set stays in force, confirm again");
            }
            Arrays.fill(userPin, '\0');
            userPin = newPin;
        }
        final String newId = pendingSeal.sealSetIdText();
        final int k = pendingSeal.threshold();
        try
        {
            promotePending();
        }
        catch (final IOException ex)
        {
            return outcome(ShareOutcome.Status.REKEYED, lastIndex, "the token's PIN is now seal set " + newId +
                "'s, but the seal file could not be replaced (" + ex.getMessage() + "): the new shares unseal after a restart");
        }
        return outcome(ShareOutcome.Status.REKEYED, lastIndex, "new share " + lastIndex + " confirmed: " + k + " of " + k +
            "; seal set " + newId + " is in force, the old shares open nothing");
    }

    /** A share of the pending set offered to unseal: only after a re-key that crashed between C_SetPIN and the file swap. */
    private ShareOutcome offerPendingSetShare(final ShareText share)
    {
        final ShareOutcome refusal = authenticate(share, pendingSeal, pendingAuthenticator, true);
        if (null != refusal)
        {
            return pendingOutcome(refusal.status(), refusal.shareIndex(), refusal.message());
        }
        final int index = share.index();
        if (pendingCeremony.has(index))
        {
            return pendingOutcome(ShareOutcome.Status.REFUSED_REPEATED, index, "new share " + index + " was already given");
        }
        pendingCeremony.add(share);
        if (!pendingCeremony.complete())
        {
            return pendingOutcome(ShareOutcome.Status.ACCEPTED, index, "new share " + index + " accepted: " +
                pendingCeremony.count() + " of " + pendingSeal.threshold() + " given");
        }
        final SealFile pending = pendingSeal;
        final ShareOutcome result = unsealWith(pendingCeremony.combine(), index);
        if (result.status() == ShareOutcome.Status.UNSEALED)
        {
            try
            {
                promotePending();
            }
            catch (final IOException ex)
            {
                // unsealed all the same; the swap is retried at the next start
            }
            return new ShareOutcome(ShareOutcome.Status.UNSEALED, index, 0, pending.threshold(), result.message() +
                "; the interrupted re-key to seal set " + pending.sealSetIdText() + " is now complete");
        }
        return result;
    }

    private void promotePending() throws IOException
    {
        final SealFile pending = pendingSeal;
        pending.write(config.sealFile());
        Files.deleteIfExists(config.pendingSealFile());
        ceremony.reset();
        sealFile = pending;
        authenticator = pendingAuthenticator;
        ceremony = new UnsealCeremony(pending.shares(), pending.threshold());
        checkedShares = new boolean[pending.shares() + 1];
        pendingCeremony.reset();
        pendingSeal = null;
        pendingAuthenticator = null;
        pendingCeremony = null;
    }

    private void usePending(final SealFile pending)
    {
        pendingSeal = pending;
        pendingAuthenticator = new ShareAuthenticator(pending);
        pendingCeremony = new UnsealCeremony(pending.shares(), pending.threshold());
    }

    private ShareOutcome pendingOutcome(final ShareOutcome.Status status, final int index, final String message)
    {
        return new ShareOutcome(status, index, null == pendingCeremony ? 0 : pendingCeremony.count(),
            null == pendingSeal ? sealFile.threshold() : pendingSeal.threshold(), message);
    }

    /**
     * Logs in and proves the inventory's ACTIVE keys. A key found missing is looked for once more in a
     * freshly loaded key store before the unseal fails: SunPKCS11's key store maps the token's objects
     * once, when it loads, and on JDK 25 over SoftHSM a load right after a restart was seen (twice in
     * CI, never alone) to map a certificate short. A key that is really gone fails both times.
     */
    private TokenKeyRing provenKeyRing(final char[] pin) throws IOException, GeneralSecurityException
    {
        final TokenKeyRing loggedIn = TokenKeyRing.login(provider, pin);
        try
        {
            proveActiveKeys(loggedIn);
            return loggedIn;
        }
        catch (final GeneralSecurityException first)
        {
            final TokenKeyRing reloaded = TokenKeyRing.login(provider, pin);
            try
            {
                proveActiveKeys(reloaded);
            }
            catch (final GeneralSecurityException again)
            {
                again.addSuppressed(first);
                throw again;
            }
            System.getLogger(KeyCustody.class.getName()).log(System.Logger.Level.WARNING,
                "the token's keys proved only at the second load of its key store (" + first.getMessage() + ")");
            return reloaded;
        }
    }

    /**
     * Before anyone relies on the keys: each ACTIVE key is in the token and is the one the inventory names
     * (same fingerprint), the journal key signs verifiably with the published public key, and the KEK does
     * an AES-GCM round trip.
     */
    private void proveActiveKeys(final TokenKeyRing loggedIn) throws GeneralSecurityException
    {
        for (final KeyRecord record : inventory.list())
        {
            if (record.state() != KeyState.ACTIVE)
            {
                continue;
            }
            final String fingerprint = loggedIn.fingerprint(record.alias(), record.algorithm());
            if (!fingerprint.equals(record.fingerprint()))
            {
                throw new GeneralSecurityException("the token's '" + record.alias() + "' is not the key the inventory names (" +
                    fingerprint + ", expected " + record.fingerprint() + ")");
            }
        }

        final KeyRecord journal = inventory.active(KeyPurpose.JOURNAL_SIGNING);
        if (null == journal || !inventory.signatureVerifies(journalPublicKey, journal.algorithm().signatureAlgorithm()))
        {
            throw new GeneralSecurityException("the key inventory's signature does not verify with the journal key: " +
                config.inventoryFile() + " was changed outside key custody");
        }
        final SecureRandom random = new SecureRandom();
        final byte[] challenge = new byte[32];
        random.nextBytes(challenge);
        final Signature verifier = Signature.getInstance(journal.algorithm().signatureAlgorithm());
        verifier.initVerify(journalPublicKey);
        verifier.update(challenge);
        if (!verifier.verify(loggedIn.sign(journal.alias(), journal.algorithm().signatureAlgorithm(), challenge)))
        {
            throw new GeneralSecurityException("the token's '" + journal.alias() + "' key does not match the published journal public key");
        }

        final KeyRecord kek = inventory.active(KeyPurpose.ORDER_FLOW_KEK);
        if (null != kek)
        {
            final byte[] iv = new byte[CustodyKeys.GCM_IV_BYTES];
            random.nextBytes(iv);
            final byte[] aad = new byte[0];
            final byte[] sealed = loggedIn.gcm(true, kek.alias(), iv, aad, challenge);
            if (!Arrays.equals(challenge, loggedIn.gcm(false, kek.alias(), iv, aad, sealed)))
            {
                throw new GeneralSecurityException("the token's '" + kek.alias() + "' key failed an AES-GCM round trip");
            }
        }
    }

    /** Writes the inventory signed by the ACTIVE journal key in the token; refuses while the token is unreachable. */
    private void writeInventory() throws IOException
    {
        synchronized (tokenLock)
        {
            requireRing();
            inventory.write(inventorySigner(ring, inventory));
        }
    }

    private static java.util.function.Function<byte[], byte[]> inventorySigner(final TokenKeyRing ring, final KeyInventory inventory)
    {
        return body ->
        {
            final KeyRecord journal = inventory.active(KeyPurpose.JOURNAL_SIGNING);
            if (null == journal)
            {
                throw new IllegalStateException("there is no ACTIVE journal-signing key to sign the key inventory");
            }
            try
            {
                return ring.sign(journal.alias(), journal.algorithm().signatureAlgorithm(), body);
            }
            catch (final GeneralSecurityException ex)
            {
                throw new IllegalStateException("the token could not sign the key inventory: " + ex.getMessage(), ex);
            }
        };
    }

    /** Generates a key of {@code purpose} in the token, PRE_ACTIVE, records it (not yet written), and writes its public key file. */
    private static KeyRecord generateInToken(
        final TokenKeyRing ring,
        final KeyInventory inventory,
        final KeyPurpose purpose,
        final String sealSetId,
        final Instant now,
        final KeyCustodyConfig config) throws GeneralSecurityException, IOException
    {
        final int version = inventory.nextVersion(purpose);
        final String alias = KeyRecord.alias(purpose, version);
        final TokenKeyRing.Generated generated = ring.generate(purpose.algorithm(), alias, sealSetId);
        if (null != generated.publicKey())
        {
            PublicKeyPem.write(publicKeyFile(config, alias), generated.publicKey());
        }
        final KeyRecord record = new KeyRecord(purpose, version, purpose.algorithm(), KeyState.PRE_ACTIVE, now, null, null, null,
            null, generated.fingerprint());
        inventory.put(record);
        return record;
    }

    /** {@code <custody.dir>/public-keys/<alias>.pub.pem}: the public half of every key pair, kept for verification. */
    static Path publicKeyFile(final KeyCustodyConfig config, final String alias) throws IOException
    {
        final Path dir = config.dir().resolve("public-keys");
        createOwnerOnly(dir);
        return dir.resolve(alias + ".pub.pem");
    }

    private String failedLoginMessage(final Exception ex)
    {
        if (ex instanceof IOException && refusedPin(ex))
        {
            return "the " + sealFile.threshold() + " shares are authentic but token '" + token.label() +
                "' refused the PIN derived from them: the token is not the one this seal set was made for, or its PIN was changed";
        }

        return "the " + sealFile.threshold() + " shares are authentic but unsealing token '" + token.label() +
            "' failed: " + ex.getMessage();
    }

    /**
     * Whether KeyStore.load failed because the token refused the PIN. SunPKCS11 says so differently by
     * JDK: a FailedLoginException cause (17), or an UnrecoverableKeyException wrapping it (25); at the
     * bottom is a PKCS11Exception "CKR_PIN_INCORRECT".
     */
    private static boolean refusedPin(final Throwable failure)
    {
        for (Throwable cause = failure.getCause(); null != cause; cause = cause.getCause())
        {
            if (cause instanceof FailedLoginException || cause instanceof UnrecoverableKeyException ||
                String.valueOf(cause.getMessage()).contains("CKR_PIN_INCORRECT"))
            {
                return true;
            }
        }

        return false;
    }

    private ShareOutcome outcome(final ShareOutcome.Status status, final int index, final String message)
    {
        return new ShareOutcome(status, index, ceremony.count(), sealFile.threshold(), message);
    }

    private static void logout(final Provider provider)
    {
        if (provider instanceof AuthProvider)
        {
            try
            {
                ((AuthProvider)provider).logout();
            }
            catch (final LoginException | RuntimeException ex)
            {
                // the key handles are dropped already; a token that cannot log out has lost its session anyway
            }
        }
    }

    private static void refuseExisting(final Path file) throws FileAlreadyExistsException
    {
        if (Files.exists(file))
        {
            throw new FileAlreadyExistsException(file.toString(), null,
                "key custody is already initialised here; a second initialisation would orphan the officers' shares");
        }
    }

    private static void createOwnerOnly(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            Files.createDirectories(dir);
            if (null != Files.getFileAttributeView(dir, PosixFileAttributeView.class))
            {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    /** The token side of envelope encryption: AES-GCM under the order-flow KEKs, refused while sealed. */
    private final class CustodyKek implements KekAccess
    {
        @Override
        public String activeKekAlias()
        {
            final KeyRecord active = inventory.active(KeyPurpose.ORDER_FLOW_KEK);
            if (null == active)
            {
                throw new IllegalStateException("there is no ACTIVE order-flow KEK: data keys cannot be wrapped");
            }
            return active.alias();
        }

        @Override
        public byte[] wrap(final String kekAlias, final byte[] iv, final byte[] aad, final byte[] dataKey)
        {
            final KeyRecord kek = inventory.find(kekAlias);
            if (null == kek || !kek.state().protects())
            {
                throw new IllegalStateException(kekAlias + " may not wrap: it is " + (null == kek ? "unknown" : kek.state()));
            }
            synchronized (tokenLock)
            {
                requireRing();
                try
                {
                    return ring.gcm(true, kekAlias, iv, aad, dataKey);
                }
                catch (final GeneralSecurityException | RuntimeException ex)
                {
                    throw new IllegalStateException("the token failed to wrap a data key under " + kekAlias + ": " + ex.getMessage(), ex);
                }
            }
        }

        @Override
        public byte[] unwrap(final String kekAlias, final byte[] iv, final byte[] aad, final byte[] wrapped)
            throws GeneralSecurityException
        {
            final KeyRecord kek = inventory.find(kekAlias);
            if (null == kek || kek.state() == KeyState.DESTROYED)
            {
                throw new com.orderguard.custody.envelope.DataKeyDestroyedException(
                    "the data key's KEK " + kekAlias + " was destroyed: what it protected is unreadable");
            }
            if (!kek.state().processes())
            {
                throw new GeneralSecurityException(kekAlias + " is " + kek.state() + ": it may not unwrap");
            }
            synchronized (tokenLock)
            {
                requireRing();
                return ring.gcm(false, kekAlias, iv, aad, wrapped);
            }
        }

        private void requireRing()
        {
            if (null == ring)
            {
                throw new IllegalStateException("key custody is sealed or the token is unreachable: the KEK cannot be used");
            }
        }
    }
}
