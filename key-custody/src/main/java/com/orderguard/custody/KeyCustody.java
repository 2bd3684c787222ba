package com.orderguard.custody;

import com.codahale.shamir.Scheme;
import com.orderguard.custody.seal.MalformedShareException;
import com.orderguard.custody.seal.PinDerivation;
import com.orderguard.custody.seal.SealFile;
import com.orderguard.custody.seal.ShareAuthenticator;
import com.orderguard.custody.seal.ShareText;
import com.orderguard.custody.token.PublicKeyPem;
import com.orderguard.custody.token.TokenKeyGeneration;
import com.orderguard.custody.token.UnsealedKeys;
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
import java.security.KeyStore;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The appliance's keys, kept in the HSM token and usable only while a quorum of officers has unsealed it.
 * <p>
 * The appliance boots SEALED, and the token's user PIN is stored nowhere: it is derived
 * ({@link PinDerivation}) from a 32-byte seal secret that exists only as Shamir shares held by officers.
 * Each share is authenticated on its own against the seal file's digest for its number
 * ({@link ShareAuthenticator}), so a wrong share is refused by number the moment it is offered. At the
 * k-th authentic share the secret is combined, the PIN derived, the secret wiped, the token logged in,
 * and the keys proved usable; the PIN stays in a char[] (for re-login) until {@link #seal()}.
 * <p>
 * Thread-safe: every method holds this object's lock; {@link #offerShare} blocks on the HSM at the k-th
 * share (tens of milliseconds), {@link #signJournal} for one token signature.
 */
public final class KeyCustody implements AutoCloseable
{
    private static final int SECRET_BYTES = PinDerivation.SECRET_BYTES;

    private final KeyCustodyConfig config;
    private final SealFile sealFile;
    private final ShareAuthenticator authenticator;
    private final PublicKey journalPublicKey;
    private final SoftHsm2Token token;
    private final UnsealCeremony ceremony;
    private Provider provider;
    private UnsealedKeys keys;
    private char[] userPin;

    /**
     * Opens custody sealed: reads the seal file and the journal public key, puts the token directory in
     * use in this JVM ({@link SoftHsm2Token#useInThisProcess}) and finds the token. Touches no secret.
     *
     * @throws IOException if custody is not initialised, the seal file does not fit the configuration,
     *                     or the token is missing.
     */
    public KeyCustody(final KeyCustodyConfig config) throws IOException
    {
        this.config = config;
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
        this.authenticator = new ShareAuthenticator(sealFile);
        this.journalPublicKey = PublicKeyPem.readEc(config.journalPublicKeyFile());
        SoftHsm2Token.useInThisProcess(config.tokenDir().resolve(SoftHsm2Token.SOFTHSM_CONF_FILE));
        this.token = SoftHsm2Token.open(config.tokenDir(), config.tokenLabel(), config.pkcs11Library());
        this.ceremony = new UnsealCeremony(sealFile.shares(), sealFile.threshold());
    }

    /**
     * First-time set-up: draws the seal secret, creates the token with PINs derived from it, generates
     * the keys inside it, publishes the journal public key, splits the secret into n shares (any k
     * unseal), writes the seal file, and wipes the secret and the PINs. Refuses a custody directory that
     * is already initialised. Puts the token directory in use in this JVM.
     *
     * @return the seal set; its share texts exist nowhere else.
     */
    public static SealInitialisation initialise(final KeyCustodyConfig config) throws IOException, GeneralSecurityException
    {
        createOwnerOnly(config.dir());
        refuseExisting(config.sealFile());
        refuseExisting(config.journalPublicKeyFile());

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
            final PublicKey journalPublicKey;
            try
            {
                final KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
                keyStore.load(null, userPin);
                journalPublicKey = TokenKeyGeneration.generate(provider, keyStore, sealSetIdText);
            }
            finally
            {
                logout(provider);
            }
            PublicKeyPem.write(config.journalPublicKeyFile(), journalPublicKey);

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
            final ShareOutcome refusal = authenticate(share);
            if (null != refusal)
            {
                return refusal;
            }

            final int index = share.index();
            if (null != keys)
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
     * e.g. to seal): ACCEPTED if it is an authentic share of this seal set, else the refusal offerShare
     * would give for the same reason.
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

    public synchronized boolean isSealed()
    {
        return null == keys;
    }

    /** Authentic shares counted in the current ceremony (0 once unsealed). */
    public synchronized int sharesGiven()
    {
        return ceremony.count();
    }

    public int threshold()
    {
        return sealFile.threshold();
    }

    public int shares()
    {
        return sealFile.shares();
    }

    /** The seal set id as shares carry it: 8 lower-case hex digits. */
    public String sealSetId()
    {
        return sealFile.sealSetIdText();
    }

    /**
     * Seals: drops the key handles, wipes the PIN and the ceremony's shares, and logs the token out.
     * Using the keys again takes a new ceremony of k shares. Idempotent.
     */
    public synchronized void seal()
    {
        ceremony.reset();
        keys = null;
        if (null != userPin)
        {
            Arrays.fill(userPin, '\0');
            userPin = null;
        }
        logout(provider);
    }

    /**
     * Signs {@code data} with the journal-signing key in the token: SHA256withECDSA, DER-encoded.
     * Verifies with {@link #journalPublicKey()}.
     *
     * @throws IllegalStateException if sealed, or if the token fails to sign.
     */
    public synchronized byte[] signJournal(final byte[] data)
    {
        if (null == keys)
        {
            throw new IllegalStateException("key custody is sealed: the journal cannot be signed until officers unseal");
        }

        try
        {
            return keys.signJournal(data);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the token failed to sign the journal: " + ex.getMessage(), ex);
        }
    }

    /** The journal-signing public key as published in the custody directory; available while sealed. */
    public PublicKey journalPublicKey()
    {
        return journalPublicKey;
    }

    /** Seals. The token directory stays in use in this JVM. */
    @Override
    public void close()
    {
        seal();
    }

    /** The token handle of the journal-signing key while unsealed, else null; for tests of where keys live. */
    synchronized Key journalSigningKey()
    {
        return null == keys ? null : keys.journalSigningKey();
    }

    /** The token handle of the order-flow KEK while unsealed, else null; for tests of where keys live. */
    synchronized Key orderFlowKek()
    {
        return null == keys ? null : keys.orderFlowKek();
    }

    private ShareOutcome authenticate(final ShareText share)
    {
        final int index = share.index();
        switch (authenticator.verdict(share))
        {
            case OTHER_SET:
                return outcome(ShareOutcome.Status.REFUSED_OTHER_SET, index, "share " + index + " belongs to seal set " +
                    ShareText.sealSetIdText(share.sealSetId()) + ", not to this appliance's seal set " +
                    sealFile.sealSetIdText() + " (or its seal-set part was mistyped)");
            case NO_SUCH_INDEX:
                return outcome(ShareOutcome.Status.REFUSED_NO_INDEX, index, "seal set " + sealFile.sealSetIdText() +
                    " has shares 1 to " + sealFile.shares() + ": there is no share " + index);
            case TAMPERED:
                return outcome(ShareOutcome.Status.REFUSED_TAMPERED, index, "share " + index + " is not the share " +
                    index + " issued for seal set " + sealFile.sealSetIdText() + ": its digits were altered or mistyped");
            case AUTHENTIC:
            default:
                return null;
        }
    }

    private ShareOutcome unseal(final int lastIndex)
    {
        final byte[] secret = ceremony.combine();
        final char[] pin;
        try
        {
            pin = PinDerivation.userPin(secret);
        }
        finally
        {
            Arrays.fill(secret, (byte)0);
        }

        try
        {
            if (null == provider)
            {
                provider = token.newProvider();
            }
            keys = UnsealedKeys.login(provider, pin, journalPublicKey);
            userPin = pin;
            return outcome(ShareOutcome.Status.UNSEALED, lastIndex, "share " + lastIndex + " accepted: " +
                sealFile.threshold() + " of " + sealFile.threshold() + " given; unsealed, the token's keys proved usable");
        }
        catch (final IOException | GeneralSecurityException | RuntimeException ex)
        {
            Arrays.fill(pin, '\0');
            keys = null;
            logout(provider);
            return outcome(ShareOutcome.Status.FAILED_LOGIN, lastIndex, failedLoginMessage(ex) +
                "; the ceremony starts again");
        }
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
            catch (final LoginException ex)
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
}
