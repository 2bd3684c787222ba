package com.orderguard.custody.envelope;

import java.time.Instant;

/**
 * A data key as it rests on disk: wrapped (AES-GCM in the token) under the KEK {@code kekAlias}. The
 * wrap is bound to the data key's id and the KEK's alias through its AAD, so a wrapped key cannot be
 * moved to another id or passed off as wrapped under another KEK.
 *
 * @param id        the id every blob under this key carries
 * @param kekAlias  token alias of the wrapping KEK (e.g. {@code order-flow-kek.v2}); null once destroyed
 * @param iv        the wrap's 12-byte IV; null once destroyed
 * @param wrapped   ciphertext || tag of the 32-byte key; null once destroyed
 * @param createdAt generated
 * @param state     ACTIVE, RETIRED or DESTROYED
 */
public record WrappedDataKey(long id, String kekAlias, byte[] iv, byte[] wrapped, Instant createdAt, DataKeyState state)
{
    public WrappedDataKey destroyed()
    {
        return new WrappedDataKey(id, null, null, null, createdAt, DataKeyState.DESTROYED);
    }

    public WrappedDataKey retired()
    {
        return new WrappedDataKey(id, kekAlias, iv, wrapped, createdAt, state == DataKeyState.DESTROYED ? state : DataKeyState.RETIRED);
    }

    public WrappedDataKey rewrapped(final String newKekAlias, final byte[] newIv, final byte[] newWrapped)
    {
        return new WrappedDataKey(id, newKekAlias, newIv, newWrapped, createdAt, state);
    }
}
