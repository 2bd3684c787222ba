package com.orderguard.core.quorum;

import com.orderguard.quorum.json.Parameters;

/**
 * Something the appliance does only on a quorum's proof. The service verifies the proof against
 * the exact operation and parameters, checks {@link #precondition}, claims the one execution in
 * the book, and only then calls {@link #execute}.
 */
public interface GatedOperation
{
    String operation();

    /**
     * Checked at submission, so nobody is asked to approve a request that could never execute.
     *
     * @return null when the parameters are well-formed for this operation, else what is wrong
     */
    default String validate(final Parameters parameters)
    {
        return null;
    }

    /**
     * Checked again at execution, before the one execution is claimed; by default the same as
     * {@link #validate}, since what the parameters name (a venue, an officer) can change meanwhile.
     *
     * @return null when the operation can be carried out now, else why not (nothing is claimed)
     */
    default String precondition(final Parameters parameters)
    {
        return validate(parameters);
    }

    /** Carries the operation out; @return a one-line description of what was done, for the journal. */
    String execute(Parameters parameters);
}
