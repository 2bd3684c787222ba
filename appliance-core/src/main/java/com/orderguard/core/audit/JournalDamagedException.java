package com.orderguard.core.audit;

import java.io.IOException;
import java.nio.file.Path;

/** The journal does not verify; the appliance refuses to append to it and says where it broke. */
public final class JournalDamagedException extends IOException
{
    private static final long serialVersionUID = 1L;

    public JournalDamagedException(final Path file, final long offset, final String problem)
    {
        super("journal " + file + " does not verify at byte offset " + offset + ": " + problem +
            " (run 'appliance verify-journal' for a report; the appliance will not append to a damaged journal)");
    }
}
