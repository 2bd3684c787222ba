package com.orderguard.custody;

import java.util.List;

/**
 * What initialisation hands out, once: the seal set's id, n, k, and the n share texts in share order
 * ({@code shareTexts.get(i)} is share {@code i + 1}). The shares exist nowhere else: each goes to one
 * officer. {@link #toString()} leaves them out, so logging this record leaks nothing.
 */
public record SealInitialisation(String sealSetId, int shares, int threshold, List<String> shareTexts)
{
    public SealInitialisation
    {
        shareTexts = List.copyOf(shareTexts);
    }

    @Override
    public String toString()
    {
        return "SealInitialisation[sealSetId=" + sealSetId + ", shares=" + shares + ", threshold=" + threshold +
            ", shareTexts=<" + shareTexts.size() + " withheld>]";
    }
}
