package com.orderguard.core.audit;

import java.security.GeneralSecurityException;

/**
 * Encrypts order content at rest with key custody's data keys (AES-GCM under an HSM-wrapped data
 * key; the appliance connects this to key custody's {@code encrypt(plaintext, aad)} /
 * {@code decrypt}). The sealed blob is opaque to the journal: it carries whatever key custody needs
 * (key id, IV, tag). The aad is the record's clear metadata, so metadata cannot be moved onto
 * another record's content without {@link #open} failing.
 */
public interface RecordSealer
{
    byte[] seal(byte[] plaintext, byte[] aad) throws GeneralSecurityException;

    byte[] open(byte[] sealed, byte[] aad) throws GeneralSecurityException;

    /**
     * {@link #seal(byte[], byte[])} of {@code plain[plainOffset, +plainLength)} with
     * {@code aad[aadOffset, +aadLength)}, written to {@code out} at {@code outOffset}: the form the
     * journal thread calls for every order event, so a sealer that can (the journal's content sealer)
     * allocates nothing here. This default copies and goes through {@link #seal(byte[], byte[])}.
     *
     * @return the sealed length.
     * @throws GeneralSecurityException when sealing fails or {@code out} has no room for the result.
     */
    default int seal(
        final byte[] plain, final int plainOffset, final int plainLength,
        final byte[] aad, final int aadOffset, final int aadLength,
        final byte[] out, final int outOffset) throws GeneralSecurityException
    {
        final byte[] sealed = seal(java.util.Arrays.copyOfRange(plain, plainOffset, plainOffset + plainLength),
            java.util.Arrays.copyOfRange(aad, aadOffset, aadOffset + aadLength));
        if (sealed.length > out.length - outOffset)
        {
            throw new GeneralSecurityException("a sealed record of " + sealed.length + " bytes does not fit the " +
                (out.length - outOffset) + " bytes left for it");
        }
        System.arraycopy(sealed, 0, out, outOffset, sealed.length);
        return sealed.length;
    }

    /**
     * Where, relative to {@code outOffset}, {@link #seal(byte[], int, int, byte[], int, int, byte[], int)}
     * puts the ciphertext, when it accepts the plaintext already there ({@code plain == out}, the
     * plaintext at {@code outOffset + inPlaceOffset()}) and encrypts it in place; -1 when it does not.
     * Lets the journal copy an event once, straight to where its ciphertext goes.
     */
    default int inPlaceOffset()
    {
        return -1;
    }

    /** Bytes {@link #seal} adds to a plaintext (its header and tag), or -1 when it varies or is not known. */
    default int sealedOverheadBytes()
    {
        return -1;
    }

    /**
     * False while this sealer cannot seal yet (no key at all): the journal then leaves order events in
     * the drop-copy ring rather than write one in clear. Called on the journal thread.
     */
    default boolean ready()
    {
        return true;
    }

    /**
     * Called on the journal thread before each {@link #seal}: the payload of a KEY_OPERATION record the
     * journal must write first (a new key the records that follow are sealed under), or null.
     */
    default byte[] takeKeyRecord()
    {
        return null;
    }

    /**
     * {@link #takeKeyRecord()} for an event stamped {@code eventEpochNanos}: a sealer that retires
     * keys by age may measure it on the events' own clock rather than read one per event.
     */
    default byte[] takeKeyRecord(final long eventEpochNanos)
    {
        return takeKeyRecord();
    }
}
