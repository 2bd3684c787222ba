package com.orderguard.custody;

import java.util.List;

/**
 * Where a share check stands: which officers (by share number) have shown an authentic share of the seal
 * set in force since the check began, and which have not. {@code enough} says whether the confirmed
 * shares alone reach the threshold, i.e. whether the appliance could still be unsealed by them.
 */
public record ShareCheckReport(String sealSetId, int shares, int threshold, List<Integer> confirmed, List<Integer> missing)
{
    public ShareCheckReport
    {
        confirmed = List.copyOf(confirmed);
        missing = List.copyOf(missing);
    }

    public boolean enough()
    {
        return confirmed.size() >= threshold;
    }
}
