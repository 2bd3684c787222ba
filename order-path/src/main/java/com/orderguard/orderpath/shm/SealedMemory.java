package com.orderguard.orderpath.shm;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.IOException;

/**
 * Anonymous shared memory whose size nobody can change once made: a Linux memfd sealed with
 * {@code F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL}. The order path maps its rings with peers (a
 * strategy's orders and reports, a ring venue) in such memory, so a peer that opens the ring read-write
 * still cannot truncate it under the order path's mapping: a truncated file turns the next load or
 * store into a SIGBUS, which the JVM delivers as an asynchronous {@link InternalError} at whatever
 * safepoint poll the order-path thread reaches next, possibly outside any handler. The seal removes
 * that whole class of failure at its source ({@code ftruncate} fails with EPERM for everyone, the
 * creator included), and {@code F_SEAL_SEAL} stops a peer from adding seals of its own (a
 * future-write seal, say). Start-up only: three system calls a ring, never on the hot path.
 * <p>
 * JNA is already on the order path's classpath (Java-Thread-Affinity pins threads through it).
 */
final class SealedMemory
{
    private static final int MFD_CLOEXEC = 0x0001;
    private static final int MFD_ALLOW_SEALING = 0x0002;
    private static final int F_ADD_SEALS = 1033;
    private static final int F_GET_SEALS = 1034;
    /** F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW. */
    static final int SIZE_SEALS = 0x0001 | 0x0002 | 0x0004;
    private static final int OWNER_READ_WRITE = 0600;

    /** The C library calls this needs; {@code fcntl} is variadic, so its argument goes as varargs. */
    private interface LibC extends Library
    {
        int memfd_create(String name, int flags) throws LastErrorException;

        int ftruncate(int fd, long length) throws LastErrorException;

        int fchmod(int fd, int mode) throws LastErrorException;

        int fcntl(int fd, int command, Object... argument) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final class Holder
    {
        private static final LibC LIBC;
        private static final Throwable UNAVAILABLE;

        static
        {
            LibC libc = null;
            Throwable unavailable = null;
            try
            {
                libc = Native.load("c", LibC.class);
                final int probe = libc.memfd_create("orderguard-probe", MFD_CLOEXEC | MFD_ALLOW_SEALING);
                libc.close(probe);
            }
            catch (final Throwable t) // UnsatisfiedLinkError, LastErrorException (ENOSYS): not Linux, or too old
            {
                libc = null;
                unavailable = t;
            }
            LIBC = libc;
            UNAVAILABLE = unavailable;
        }
    }

    private SealedMemory()
    {
    }

    /** Null when sealed memory can be made here, else why not. */
    static String unavailableReason()
    {
        return null == Holder.UNAVAILABLE ? null : String.valueOf(Holder.UNAVAILABLE);
    }

    /**
     * Makes {@code lengthBytes} of zeroed memory, owner read-write only, sealed at that size, and returns
     * its descriptor (close-on-exec; the caller owns it and closes it with {@link #close}).
     *
     * @param name shown by the kernel as the target of {@code /proc/PID/fd/FD} ("/memfd:NAME (deleted)").
     */
    static int create(final String name, final long lengthBytes) throws IOException
    {
        final LibC libc = libc();
        final int fd;
        try
        {
            fd = libc.memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
        }
        catch (final LastErrorException ex)
        {
            throw new IOException("memfd_create(" + name + ") failed: errno " + ex.getErrorCode(), ex);
        }
        try
        {
            libc.fchmod(fd, OWNER_READ_WRITE);
            libc.ftruncate(fd, lengthBytes);
            libc.fcntl(fd, F_ADD_SEALS, SIZE_SEALS);
            return fd;
        }
        catch (final LastErrorException ex)
        {
            close(fd);
            throw new IOException("cannot size and seal shared memory " + name + " at " + lengthBytes + " bytes: errno " +
                ex.getErrorCode(), ex);
        }
    }

    /** The seals on {@code fd} (a bit set of F_SEAL_*). */
    static int seals(final int fd) throws IOException
    {
        try
        {
            return libc().fcntl(fd, F_GET_SEALS);
        }
        catch (final LastErrorException ex)
        {
            throw new IOException("fcntl(F_GET_SEALS) failed: errno " + ex.getErrorCode(), ex);
        }
    }

    static void close(final int fd)
    {
        try
        {
            libc().close(fd);
        }
        catch (final LastErrorException | IOException ignored)
        {
            // closing a descriptor we own fails only if it is already closed: nothing left to release
        }
    }

    private static LibC libc() throws IOException
    {
        if (null == Holder.LIBC)
        {
            throw new IOException("sealed shared memory (memfd) is not available here: " + Holder.UNAVAILABLE,
                Holder.UNAVAILABLE);
        }
        return Holder.LIBC;
    }
}
