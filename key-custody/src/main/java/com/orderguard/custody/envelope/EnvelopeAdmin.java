package com.orderguard.custody.envelope;

import java.io.IOException;
import java.security.GeneralSecurityException;

/**
 * What only key custody may do to envelope encryption, each after its own checks (seal state, quorum):
 * open and close with the seal, re-wrap under a new KEK, destroy data keys. Obtained once per envelope
 * ({@link EnvelopeEncryption#claimAdmin()}), so the journal, which holds the envelope, cannot do these.
 */
public final class EnvelopeAdmin
{
    private final EnvelopeEncryption envelope;

    EnvelopeAdmin(final EnvelopeEncryption envelope)
    {
        this.envelope = envelope;
    }

    public void open()
    {
        envelope.open();
    }

    public void close()
    {
        envelope.close();
    }

    public int rewrapAll(final String newKekAlias) throws GeneralSecurityException, IOException
    {
        return envelope.rewrapAll(newKekAlias);
    }

    /**
     * Switches the KEK atomically with respect to encryption: runs {@code switchInventory} (which makes
     * {@code newKekAlias} the ACTIVE KEK) and re-wraps every live data key under it, all while holding the
     * envelope's lock, so no data-key rotation can pick the old KEK and then find it deactivated.
     */
    public int switchKek(final Runnable switchInventory, final String newKekAlias) throws GeneralSecurityException, IOException
    {
        synchronized (envelope)
        {
            switchInventory.run();
            return envelope.rewrapAll(newKekAlias);
        }
    }

    public void destroyDataKey(final long id) throws IOException
    {
        envelope.destroyDataKey(id);
    }

    public int destroyDataKeysWrappedUnder(final String kekAlias) throws IOException
    {
        return envelope.destroyDataKeysWrappedUnder(kekAlias);
    }
}
