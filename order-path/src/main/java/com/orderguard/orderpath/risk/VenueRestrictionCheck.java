package com.orderguard.orderpath.risk;

import com.orderguard.orderpath.RejectReason;

import java.util.Arrays;

/** Venue restrictions: the venue the symbol routes to must be allowed for the account and its firm (default: every venue). */
public final class VenueRestrictionCheck implements RiskCheck
{
    private final long[] accountVenues;
    private final long[] firmVenues;

    public VenueRestrictionCheck(final int maxAccounts)
    {
        accountVenues = new long[maxAccounts];
        firmVenues = new long[maxAccounts];
        Arrays.fill(accountVenues, -1L);
        Arrays.fill(firmVenues, -1L);
    }

    /** Set-up: the venues (bit = venue index) an account may use. */
    public void allowAccount(final int accountIndex, final long venueMask)
    {
        accountVenues[accountIndex] = venueMask;
    }

    public void allowFirm(final int firmIndex, final long venueMask)
    {
        firmVenues[firmIndex] = venueMask;
    }

    public int check(final OrderRequest order)
    {
        final long bit = 1L << order.venueIndex;
        if (0 == (accountVenues[order.accountIndex] & bit) ||
            (order.firmIndex >= 0 && 0 == (firmVenues[order.firmIndex] & bit)))
        {
            return RejectReason.VENUE_NOT_ALLOWED;
        }
        return RejectReason.NONE;
    }
}
