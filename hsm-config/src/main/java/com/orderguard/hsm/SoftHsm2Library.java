package com.orderguard.hsm;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few PKCS#11 calls SunPKCS11 does not offer (token and PIN initialisation, slot listing by
 * label), made through JNA on the very library instance SunPKCS11 uses: {@code dlopen} of the same
 * file in one process returns the same instance, with the same slots and login state.
 * <p>
 * Why in-process: SoftHSM 2.6 builds its slot list once, in {@code C_Initialize}, and never rescans
 * its token directory ({@code C_GetSlotList} only adds a fresh uninitialised slot), and SunPKCS11
 * initialises a library once per JVM and never finalises it. A token made by softhsm2-util in another
 * process after this JVM initialised SoftHSM is invisible here for the life of the JVM. A token made
 * through this process's own library instance is visible at once, in the slot that was the free one;
 * in later processes it sits in the slot SoftHSM derives from its serial ({@link TokenSlot#freshProcessSlotId()}).
 * <p>
 * {@code C_Initialize} here passes {@code CKF_OS_LOCKING_OK}, as SunPKCS11 does: with no arguments
 * SoftHSM would switch its mutexes off, and a SunPKCS11 provider configured later (which then gets
 * {@code CKR_CRYPTOKI_ALREADY_INITIALIZED} and carries on) would use an unlocked library from many threads.
 */
final class SoftHsm2Library
{
    static final long CKR_OK = 0x0L;
    static final long CKR_PIN_INCORRECT = 0xA0L;
    static final long CKR_PIN_LEN_RANGE = 0xA2L;
    static final long CKR_SESSION_EXISTS = 0xB6L;
    static final long CKR_CRYPTOKI_NOT_INITIALIZED = 0x190L;
    static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191L;
    static final long CKF_OS_LOCKING_OK = 0x2L;
    static final long CKF_RW_SESSION = 0x2L;
    static final long CKF_SERIAL_SESSION = 0x4L;
    static final long CKF_TOKEN_INITIALIZED = 0x400L;
    static final long CKU_SO = 0L;

    // CK_TOKEN_INFO with the platform's natural alignment (LP64: CK_ULONG is 8 bytes):
    // label[32] @0, manufacturerID[32] @32, model[16] @64, serialNumber[16] @80, flags @96, ... 208 bytes.
    private static final int TOKEN_INFO_SIZE = 256;
    private static final int TOKEN_INFO_LABEL = 0;
    private static final int TOKEN_INFO_SERIAL = 80;
    private static final int TOKEN_INFO_FLAGS = 96;
    // CK_C_INITIALIZE_ARGS: four mutex function pointers, CK_FLAGS flags, pReserved.
    private static final int INIT_ARGS_SIZE = 6 * 8;
    private static final int INIT_ARGS_FLAGS = 4 * 8;

    /** One slot as this process's library instance sees it. */
    record TokenSlot(long slotId, boolean initialised, String label, String serial)
    {
        /**
         * The slot id SoftHSM gives this token when a process initialises the library after the token
         * exists: the last 8 hex digits of the serial, masked to 31 bits (SoftHSM's SlotManager).
         */
        long freshProcessSlotId()
        {
            final String hex = serial.length() > 8 ? serial.substring(serial.length() - 8) : serial;
            return Long.parseLong(hex, 16) & 0x7FFF_FFFFL;
        }
    }

    /** The PKCS#11 functions used here; CK_RV, CK_ULONG, CK_SLOT_ID, handles are C unsigned longs. */
    interface Cryptoki extends Library
    {
        NativeLong C_Initialize(Pointer initArgs);

        NativeLong C_GetSlotList(byte tokenPresent, Pointer slotList, NativeLongByReference count);

        NativeLong C_GetTokenInfo(NativeLong slotId, Pointer tokenInfo);

        NativeLong C_InitToken(NativeLong slotId, Pointer soPin, NativeLong soPinLength, Pointer label32);

        NativeLong C_OpenSession(
            NativeLong slotId, NativeLong flags, Pointer application, Pointer notify, NativeLongByReference session);

        NativeLong C_Login(NativeLong session, NativeLong userType, Pointer pin, NativeLong pinLength);

        NativeLong C_InitPIN(NativeLong session, Pointer pin, NativeLong pinLength);

        NativeLong C_Logout(NativeLong session);

        NativeLong C_CloseSession(NativeLong session);

        NativeLong C_CloseAllSessions(NativeLong slotId);

        NativeLong C_Finalize(Pointer reserved);

        NativeLong C_SetPIN(NativeLong session, Pointer oldPin, NativeLong oldLength, Pointer newPin, NativeLong newLength);
    }

    private static final Map<String, SoftHsm2Library> LIBRARIES = new ConcurrentHashMap<>();

    private final String libraryPath;
    private final Cryptoki cryptoki;

    private SoftHsm2Library(final String libraryPath)
    {
        this.libraryPath = libraryPath;
        this.cryptoki = Native.load(libraryPath, Cryptoki.class);
    }

    static SoftHsm2Library of(final String libraryPath)
    {
        return LIBRARIES.computeIfAbsent(libraryPath, SoftHsm2Library::new);
    }

    /**
     * Initialises the library in this process unless something (SunPKCS11, or an earlier call) did.
     * SoftHSM reads SOFTHSM2_CONF now, if it is the first time: see SoftHsm2Token.useInThisProcess.
     */
    synchronized void initialise()
    {
        try (Memory args = new Memory(INIT_ARGS_SIZE))
        {
            args.clear();
            args.setNativeLong(INIT_ARGS_FLAGS, new NativeLong(CKF_OS_LOCKING_OK));
            final long rv = cryptoki.C_Initialize(args).longValue();
            if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
            {
                throw failure("C_Initialize", rv);
            }
        }
    }

    /** Every slot, the uninitialised one included (listing makes SoftHSM add one if there is none). */
    synchronized List<TokenSlot> slots()
    {
        final NativeLongByReference count = new NativeLongByReference();
        check("C_GetSlotList", cryptoki.C_GetSlotList((byte)0, Pointer.NULL, count));
        // Called twice on purpose: the first call (no buffer) is the one that adds a free slot if needed.
        final Memory list = new Memory((count.getValue().longValue() + 1) * NativeLong.SIZE);
        check("C_GetSlotList", cryptoki.C_GetSlotList((byte)0, list, count));

        final List<TokenSlot> slots = new ArrayList<>();
        try (Memory info = new Memory(TOKEN_INFO_SIZE))
        {
            for (int i = 0, n = count.getValue().intValue(); i < n; i++)
            {
                final NativeLong slotId = list.getNativeLong((long)i * NativeLong.SIZE);
                info.clear();
                check("C_GetTokenInfo", cryptoki.C_GetTokenInfo(slotId, info));
                final boolean initialised =
                    (info.getNativeLong(TOKEN_INFO_FLAGS).longValue() & CKF_TOKEN_INITIALIZED) != 0;
                slots.add(new TokenSlot(
                    slotId.longValue(),
                    initialised,
                    text(info, TOKEN_INFO_LABEL, 32),
                    text(info, TOKEN_INFO_SERIAL, 16)));
            }
        }
        finally
        {
            list.close();
        }

        return slots;
    }

    /**
     * Initialises the free slot's token with {@code label} and the SO PIN, then sets the user PIN.
     * PIN bytes live only in native memory that is zeroed before it is freed. Returns the token's slot.
     */
    synchronized TokenSlot createToken(final String label, final char[] soPin, final char[] userPin)
    {
        TokenSlot free = null;
        for (final TokenSlot slot : slots())
        {
            if (!slot.initialised())
            {
                free = slot;
            }
            else if (slot.label().equals(label))
            {
                throw new IllegalStateException("SoftHSM in this process already has a token labelled '" + label +
                    "' (slot " + slot.slotId() + ")");
            }
        }

        if (null == free)
        {
            throw new IllegalStateException("SoftHSM offers no uninitialised slot");
        }

        final NativeLong slotId = new NativeLong(free.slotId());
        try (Memory so = ascii(soPin); Memory user = ascii(userPin); Memory label32 = new Memory(32))
        {
            try
            {
                label32.setMemory(0, 32, (byte)' ');
                label32.write(0, label.getBytes(StandardCharsets.US_ASCII), 0, label.length());
                check("C_InitToken", cryptoki.C_InitToken(slotId, so, new NativeLong(soPin.length), label32));

                final NativeLongByReference session = new NativeLongByReference();
                check("C_OpenSession", cryptoki.C_OpenSession(
                    slotId, new NativeLong(CKF_SERIAL_SESSION | CKF_RW_SESSION), Pointer.NULL, Pointer.NULL, session));
                try
                {
                    check("C_Login(SO)", cryptoki.C_Login(
                        session.getValue(), new NativeLong(CKU_SO), so, new NativeLong(soPin.length)));
                    check("C_InitPIN", cryptoki.C_InitPIN(session.getValue(), user, new NativeLong(userPin.length)));
                    check("C_Logout", cryptoki.C_Logout(session.getValue()));
                }
                finally
                {
                    cryptoki.C_CloseSession(session.getValue());
                }
            }
            finally
            {
                so.clear();
                user.clear();
            }
        }

        for (final TokenSlot slot : slots())
        {
            if (slot.slotId() == free.slotId())
            {
                return slot;
            }
        }

        throw new IllegalStateException("token '" + label + "' vanished from slot " + free.slotId());
    }

    /** The initialised token labelled {@code label} as this process sees it, or null. */
    synchronized TokenSlot find(final String label)
    {
        TokenSlot found = null;
        for (final TokenSlot slot : slots())
        {
            if (slot.initialised() && slot.label().equals(label))
            {
                if (null != found)
                {
                    throw new IllegalStateException("SoftHSM in this process has more than one token labelled '" +
                        label + "' (slots " + found.slotId() + " and " + slot.slotId() + ")");
                }
                found = slot;
            }
        }

        return found;
    }

    /**
     * Finalises and initialises the library again, so SoftHSM reads its token directory afresh. Why: once a
     * token's directory disappears, SoftHSM marks that token invalid for the life of the library instance
     * (C_GetTokenInfo fails with CKR_GENERAL_ERROR even after the directory is back), and it never rescans.
     * Every session of the process, SunPKCS11's included, dies: callers must log in again through a new provider.
     */
    synchronized void reinitialise()
    {
        final long rv = cryptoki.C_Finalize(Pointer.NULL).longValue();
        if (rv != CKR_OK && rv != CKR_CRYPTOKI_NOT_INITIALIZED)
        {
            throw failure("C_Finalize", rv);
        }
        initialise();
    }

    /**
     * Closes every session this process has on the token labelled {@code label} ({@code C_CloseAllSessions}),
     * which also logs the process out of it: what a library reset or a yanked token does to SunPKCS11's
     * sessions. For fault drills and tests.
     */
    synchronized void closeAllSessions(final String label)
    {
        final TokenSlot slot = find(label);
        if (null == slot)
        {
            throw new IllegalStateException("SoftHSM in this process has no token labelled '" + label + "'");
        }
        check("C_CloseAllSessions", cryptoki.C_CloseAllSessions(new NativeLong(slot.slotId())));
    }

    /**
     * Changes the user PIN of the token labelled {@code label} from {@code oldPin} to {@code newPin}
     * ({@code C_SetPIN} in a fresh R/W session). If this process is logged in to the token the change
     * applies to that user, which is the user PIN anyway. PIN bytes are zeroed in native memory afterwards.
     */
    synchronized void setUserPin(final String label, final char[] oldPin, final char[] newPin)
    {
        final TokenSlot slot = find(label);
        if (null == slot)
        {
            throw new IllegalStateException("SoftHSM in this process has no token labelled '" + label + "'");
        }
        final NativeLongByReference session = new NativeLongByReference();
        check("C_OpenSession", cryptoki.C_OpenSession(new NativeLong(slot.slotId()),
            new NativeLong(CKF_SERIAL_SESSION | CKF_RW_SESSION), Pointer.NULL, Pointer.NULL, session));
        try (Memory oldMemory = ascii(oldPin); Memory newMemory = ascii(newPin))
        {
            try
            {
                check("C_SetPIN", cryptoki.C_SetPIN(session.getValue(), oldMemory, new NativeLong(oldPin.length),
                    newMemory, new NativeLong(newPin.length)));
            }
            finally
            {
                oldMemory.clear();
                newMemory.clear();
            }
        }
        finally
        {
            cryptoki.C_CloseSession(session.getValue());
        }
    }

    String libraryPath()
    {
        return libraryPath;
    }

    private static Memory ascii(final char[] pin)
    {
        final Memory memory = new Memory(pin.length);
        for (int i = 0; i < pin.length; i++)
        {
            memory.setByte(i, (byte)pin[i]);
        }

        return memory;
    }

    private static String text(final Memory memory, final int offset, final int length)
    {
        return new String(memory.getByteArray(offset, length), StandardCharsets.US_ASCII).strip();
    }

    private void check(final String function, final NativeLong rv)
    {
        if (rv.longValue() != CKR_OK)
        {
            throw failure(function, rv.longValue());
        }
    }

    private IllegalStateException failure(final String function, final long rv)
    {
        return new IllegalStateException(function + " of " + libraryPath + " failed: " + name(rv));
    }

    static String name(final long rv)
    {
        final String hex = "0x" + Long.toHexString(rv);
        if (rv == CKR_PIN_INCORRECT)
        {
            return "CKR_PIN_INCORRECT (" + hex + ")";
        }
        if (rv == CKR_PIN_LEN_RANGE)
        {
            return "CKR_PIN_LEN_RANGE (" + hex + ")";
        }
        if (rv == CKR_SESSION_EXISTS)
        {
            return "CKR_SESSION_EXISTS (" + hex + ")";
        }
        if (rv == CKR_CRYPTOKI_NOT_INITIALIZED)
        {
            return "CKR_CRYPTOKI_NOT_INITIALIZED (" + hex + ")";
        }

        return hex;
    }
}
