package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Side;
import com.orderguard.orderpath.risk.RiskLimit;
import com.orderguard.orderpath.risk.Scope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static com.orderguard.orderpath.RejectReason.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * One specification per pre-trade control: an order exactly at the limit passes, one past it is
 * rejected with the control's own reason, and the per-reason counter says so. In process, through
 * the same {@link OrderPipeline} the order-path thread runs.
 */
class PreTradeControlsTest
{
    private static final long P100 = 1_000_000; // 100.0000

    private static PipelineHarness harness(final String... settings)
    {
        final Properties p = PipelineHarness.properties();
        for (final String setting : settings)
        {
            final int eq = setting.indexOf('=');
            p.setProperty(setting.substring(0, eq), setting.substring(eq + 1));
        }
        return new PipelineHarness(p);
    }

    private static void assertRejected(final PipelineHarness h, final int reason, final int result)
    {
        assertEquals(RejectReason.name(reason), RejectReason.name(result));
        final PipelineHarness.Report report = h.lastReport();
        assertEquals(ExecType.REJECT, report.execType());
        assertEquals(RejectReason.name(reason), RejectReason.name(report.reason()));
        assertTrue(h.metrics.rejected(reason) > 0, "counted under its own reason");
    }

    @Test
    void shouldRejectOrderPastMaxQuantityPerAccountFirmAndSymbol()
    {
        final PipelineHarness h = harness(
            "orderpath.account.ACC1.firm=F1", "orderpath.account.ACC2.firm=F2", "orderpath.account.ACC3.firm=F1",
            "orderpath.risk.maxOrderQuantity.account.ACC2=200",
            "orderpath.risk.maxOrderQuantity.firm.F1=500",
            "orderpath.risk.maxOrderQuantity.symbol.MSFT=100");
        assertEquals(NONE, h.buy(1, "ACC2", "AAPL", 200, P100));
        assertRejected(h, MAX_QUANTITY, h.buy(2, "ACC2", "AAPL", 201, P100));
        assertEquals(NONE, h.buy(3, "ACC1", "AAPL", 500, P100));
        assertRejected(h, MAX_QUANTITY, h.buy(4, "ACC3", "AAPL", 501, P100));
        assertEquals(NONE, h.buy(5, "ACC1", "MSFT", 100, P100));
        assertRejected(h, MAX_QUANTITY, h.buy(6, "ACC1", "MSFT", 101, P100));
        assertEquals(3, h.metrics.rejected(MAX_QUANTITY));
    }

    @Test
    void shouldRejectOrderPastMaxNotional()
    {
        final PipelineHarness h = harness("orderpath.risk.maxOrderNotionalCents=1000000"); // 10,000.00
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 100, P100)); // 100 x 100.00 = 10,000.00
        assertRejected(h, MAX_NOTIONAL, h.buy(2, "ACC1", "AAPL", 100, P100 + 1));
    }

    @Test
    void shouldRejectPriceOutsideTheCollarAndAnyPriceWithoutReference()
    {
        final PipelineHarness h = harness("orderpath.risk.priceCollarBps=500", "orderpath.risk.priceCollarBps.symbol.MSFT=100");
        assertRejected(h, NO_REFERENCE_PRICE, h.buy(1, "ACC1", "AAPL", 10, P100));
        h.reference("AAPL", P100);
        h.reference("MSFT", P100);
        assertEquals(NONE, h.buy(2, "ACC1", "AAPL", 10, 1_050_000)); // +5% exactly
        assertEquals(NONE, h.buy(3, "ACC1", "AAPL", 10, 950_000));   // -5% exactly
        assertRejected(h, PRICE_COLLAR, h.buy(4, "ACC1", "AAPL", 10, 1_050_001));
        assertRejected(h, PRICE_COLLAR, h.buy(5, "ACC1", "AAPL", 10, 949_999));
        assertEquals(NONE, h.buy(6, "ACC1", "MSFT", 10, 1_010_000));
        assertRejected(h, PRICE_COLLAR, h.buy(7, "ACC1", "MSFT", 10, 1_010_001));
    }

    @Test
    void shouldIgnoreReferencePricesFromAVenueTheSymbolDoesNotRouteTo()
    {
        final PipelineHarness h = harness("orderpath.risk.priceCollarBps=500");
        h.pipeline.onReferencePrice(PipelineHarness.ALT, Ascii8.encode("AAPL"), P100);
        assertRejected(h, NO_REFERENCE_PRICE, h.buy(1, "ACC1", "AAPL", 10, P100));
    }

    @Test
    void shouldCapMarketOrdersAtAShareOfAverageDailyVolume()
    {
        final PipelineHarness h = harness("orderpath.risk.maxMarketOrderAdvBps=100", "orderpath.symbol.AAPL.adv=50000",
            "orderpath.risk.maxOrderQuantity=100000");
        h.reference("AAPL", P100);
        h.reference("MSFT", P100);
        assertEquals(NONE, h.market(1, "ACC1", "AAPL", Side.BUY, 500)); // 1% of 50,000
        assertRejected(h, MARKET_ORDER_ADV, h.market(2, "ACC1", "AAPL", Side.BUY, 501));
        assertRejected(h, MARKET_ORDER_ADV, h.market(3, "ACC1", "MSFT", Side.BUY, 1)); // no ADV known
    }

    @Test
    void shouldRejectMarketOrderWithoutReferencePrice()
    {
        final PipelineHarness h = harness();
        assertRejected(h, NO_REFERENCE_PRICE, h.market(1, "ACC1", "AAPL", Side.BUY, 10));
    }

    @Test
    void shouldEnforceAccountCreditOverOpenPlusExecutedNotionalUpdatedFromFills()
    {
        final PipelineHarness h = harness("orderpath.risk.creditLimitCents=2000000"); // 20,000.00 per account
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 100, P100)); // 10,000.00 open
        final long first = h.lastOrderId();
        h.fill(first, 100, 1_100_000); // executed at 110.00: 11,000.00 used
        assertEquals(1_100_000, h.pipeline.accountCreditUsedCents(Ascii8.encode("ACC1")));
        assertEquals(NONE, h.buy(2, "ACC1", "AAPL", 90, P100)); // 9,000.00: exactly 20,000.00
        assertRejected(h, ACCOUNT_CREDIT_LIMIT, h.buy(3, "ACC1", "AAPL", 1, 100));
        assertEquals(NONE, h.buy(4, "ACC2", "AAPL", 100, P100), "another account has its own credit");
        assertEquals(100, h.pipeline.position(Ascii8.encode("ACC1"), Ascii8.encode("AAPL")));
    }

    @Test
    void shouldEnforceFirmCreditAcrossItsAccounts()
    {
        final PipelineHarness h = harness("orderpath.account.ACC1.firm=F1", "orderpath.account.ACC2.firm=F1",
            "orderpath.risk.creditLimitCents.firm.F1=1500000");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 100, P100));
        assertEquals(NONE, h.buy(2, "ACC2", "AAPL", 50, P100)); // firm at 15,000.00 exactly
        assertRejected(h, FIRM_CREDIT_LIMIT, h.buy(3, "ACC2", "AAPL", 1, P100));
    }

    @Test
    void shouldReleaseCreditWhenAnOrderIsCancelledOrRejectedByTheVenue()
    {
        final PipelineHarness h = harness("orderpath.risk.creditLimitCents=1000000");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 100, P100));
        assertRejected(h, ACCOUNT_CREDIT_LIMIT, h.buy(2, "ACC1", "AAPL", 1, P100));
        h.venueReport(h.lastOrderId(), ExecType.REJECT, 0, 0);
        assertEquals(0, h.pipeline.accountCreditUsedCents(Ascii8.encode("ACC1")));
        assertEquals(NONE, h.buy(3, "ACC1", "AAPL", 100, P100));
        assertEquals(NONE, h.pipeline.onCancel(PipelineHarness.BROKER1, 4, 3));
        h.venueConfirmsChanges();
        assertEquals(ExecType.CANCELED, h.lastReport().execType());
        assertEquals(NONE, h.buy(5, "ACC1", "AAPL", 100, P100));
    }

    @Test
    void shouldEnforceIntradayPositionLimitPerSymbolAndGross()
    {
        final PipelineHarness h = harness("orderpath.risk.maxPositionQty=300", "orderpath.risk.maxGrossPositionQty=500");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 200, P100));
        h.fill(h.lastOrderId(), 200, P100);
        assertEquals(NONE, h.buy(2, "ACC1", "AAPL", 100, P100)); // worst case 300
        assertRejected(h, POSITION_LIMIT, h.buy(3, "ACC1", "AAPL", 1, P100));
        assertEquals(NONE, h.limit(4, "ACC1", "AAPL", Side.SELL, 500, 1_100_000), "selling reduces the long position");
        assertEquals(NONE, h.buy(5, "ACC1", "MSFT", 200, P100)); // gross 300 + 200 = 500
        assertRejected(h, GROSS_POSITION_LIMIT, h.buy(6, "ACC1", "MSFT", 1, P100));
    }

    @Test
    void shouldRejectSymbolsOnTheAccountsOrTheFirmsRestrictedList()
    {
        final PipelineHarness h = harness("orderpath.account.ACC1.firm=F1", "orderpath.account.ACC2.firm=F2",
            "orderpath.restricted.account.ACC1=MSFT", "orderpath.restricted.firm.F2=AAPL");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        assertRejected(h, RESTRICTED, h.buy(2, "ACC1", "MSFT", 10, P100));
        assertEquals(NONE, h.buy(3, "ACC2", "MSFT", 10, P100));
        assertRejected(h, RESTRICTED, h.buy(4, "ACC2", "AAPL", 10, P100));
    }

    @Test
    void shouldRejectOrdersInAHaltedSymbolFromConfigurationOrCommand()
    {
        final PipelineHarness h = harness("orderpath.halted=MSFT");
        assertRejected(h, SYMBOL_HALTED, h.buy(1, "ACC1", "MSFT", 10, P100));
        assertTrue(h.commands.offer(com.orderguard.orderpath.command.CommandRing.HALT_SYMBOL, Ascii8.encode("AAPL"), 0, 0));
        assertEquals(NONE, h.buy(2, "ACC1", "AAPL", 10, P100), "not applied until between two orders");
        h.apply();
        assertRejected(h, SYMBOL_HALTED, h.buy(3, "ACC1", "AAPL", 10, P100));
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.RESUME_SYMBOL, Ascii8.encode("MSFT"), 0, 0);
        h.apply();
        assertEquals(NONE, h.buy(4, "ACC1", "MSFT", 10, P100));
    }

    @Test
    void shouldRejectAndCancelUnderAKillSwitchPerAccountFirmAndGlobal()
    {
        final PipelineHarness h = harness("orderpath.account.ACC1.firm=F1", "orderpath.account.ACC2.firm=F1",
            "orderpath.account.ACC3.firm=F2");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        assertEquals(NONE, h.buy(2, "ACC3", "AAPL", 10, P100));
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.KILL, Scope.ACCOUNT, Ascii8.encode("ACC1"), 0);
        h.apply();
        assertRejected(h, KILL_SWITCH, h.buy(3, "ACC1", "AAPL", 10, P100));
        assertEquals(1, h.sent.stream().filter(s -> "CANCEL".equals(s.kind())).count(), "its open order is cancelled");
        assertEquals(NONE, h.buy(4, "ACC2", "AAPL", 10, P100));

        h.commands.offer(com.orderguard.orderpath.command.CommandRing.KILL, Scope.FIRM, Ascii8.encode("F1"), 0);
        h.apply();
        assertRejected(h, KILL_SWITCH, h.buy(5, "ACC2", "AAPL", 10, P100));
        assertEquals(NONE, h.buy(6, "ACC3", "AAPL", 10, P100));

        h.commands.offer(com.orderguard.orderpath.command.CommandRing.KILL, Scope.GLOBAL, 0, 0);
        h.apply();
        assertRejected(h, KILL_SWITCH, h.buy(7, "ACC3", "AAPL", 10, P100));
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.REVIVE, Scope.GLOBAL, 0, 0);
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.REVIVE, Scope.ACCOUNT, Ascii8.encode("ACC1"), 0);
        h.apply();
        assertEquals(NONE, h.buy(8, "ACC3", "AAPL", 10, P100));
        assertRejected(h, KILL_SWITCH, h.buy(9, "ACC1", "AAPL", 10, P100), "the firm's switch still holds ACC1");
    }

    private static void assertRejected(final PipelineHarness h, final int reason, final int result, final String why)
    {
        assertEquals(RejectReason.name(reason), RejectReason.name(result), why);
    }

    @Test
    void shouldRejectADuplicateClOrdIdOfTheSameClientOnly()
    {
        final PipelineHarness h = harness();
        assertEquals(NONE, h.buy(7, "ACC1", "AAPL", 10, P100));
        assertRejected(h, DUPLICATE_CL_ORD_ID, h.buy(7, "ACC1", "AAPL", 10, P100));
        assertEquals(NONE, h.pipeline.onNewOrder(PipelineHarness.BROKER2, 7, Ascii8.encode("ACC1"), Ascii8.encode("AAPL"),
            Side.BUY, com.orderguard.orderpath.protocol.OrdType.LIMIT, 10, P100), "another client's 7 is its own");
    }

    @Test
    void shouldThrottleASessionPastItsBurstAndRefillWithTime()
    {
        final PipelineHarness h = harness("orderpath.throttle.messagesPerSecond=1000", "orderpath.throttle.burst=5");
        for (int i = 1; i <= 5; i++)
        {
            assertEquals(NONE, h.buy(i, "ACC1", "AAPL", 10, P100 + i));
        }
        assertRejected(h, THROTTLED, h.buy(6, "ACC1", "AAPL", 10, P100));
        h.advanceMs(1);
        assertEquals(NONE, h.buy(7, "ACC1", "AAPL", 10, P100 + 7), "one token back after 1 ms at 1000/s");
        assertRejected(h, THROTTLED, h.buy(8, "ACC1", "AAPL", 10, P100));
    }

    @Test
    void shouldThrottleTheSameOrderRepeatedTooOftenWithinTheWindow()
    {
        final PipelineHarness h = harness("orderpath.throttle.repeatedOrders.max=3",
            "orderpath.throttle.repeatedOrders.windowMs=1000");
        for (int i = 1; i <= 3; i++)
        {
            assertEquals(NONE, h.buy(i, "ACC1", "AAPL", 10, P100));
        }
        assertRejected(h, REPEATED_ORDER, h.buy(4, "ACC1", "AAPL", 10, P100));
        assertEquals(NONE, h.buy(5, "ACC1", "AAPL", 11, P100), "a different order is not a repeat");
        h.advanceMs(1001);
        assertEquals(NONE, h.buy(6, "ACC1", "AAPL", 11, P100));
    }

    @Test
    void shouldPreventAnOrderCrossingTheSameAccountsRestingOrder()
    {
        final PipelineHarness h = harness();
        assertEquals(NONE, h.limit(1, "ACC1", "AAPL", Side.SELL, 10, P100));
        assertEquals(NONE, h.buy(2, "ACC1", "AAPL", 10, P100 - 1), "below its own offer: no match");
        assertRejected(h, SELF_MATCH, h.buy(3, "ACC1", "AAPL", 10, P100));
        assertEquals(NONE, h.buy(4, "ACC2", "AAPL", 10, P100), "another account may trade with it");
        assertRejected(h, SELF_MATCH, h.limit(5, "ACC1", "AAPL", Side.SELL, 10, P100 - 1), "crossing its own bid");
    }

    @Test
    void shouldPreventSelfMatchAgainstAPartlyFilledOrderAndAllowItOnceTheOrderIsDone()
    {
        final PipelineHarness h = harness();
        assertEquals(NONE, h.limit(1, "ACC1", "AAPL", Side.SELL, 10, P100));
        final long sell = h.lastOrderId();
        h.ack(sell);
        h.fill(sell, 4, P100);
        assertRejected(h, SELF_MATCH, h.buy(2, "ACC1", "AAPL", 10, P100), "6 still rest");
        h.fill(sell, 6, P100);
        assertEquals(NONE, h.buy(3, "ACC1", "AAPL", 10, P100), "nothing rests on the other side any more");
        assertEquals(NONE, h.buy(4, "ACC1", "AAPL", 10, P100 + 1), "one-sided flow: no walk, no match");
    }

    @Test
    void shouldRejectOrderTypesAndVenuesNotAllowedForTheAccountOrFirm()
    {
        final PipelineHarness h = harness("orderpath.account.ACC1.firm=F1", "orderpath.account.ACC2.firm=F2",
            "orderpath.risk.allowedOrdTypes.account.ACC1=LIMIT", "orderpath.risk.allowedVenues.firm.F2=ALT");
        h.reference("AAPL", P100);
        assertRejected(h, ORD_TYPE_NOT_ALLOWED, h.market(1, "ACC1", "AAPL", Side.BUY, 10));
        assertRejected(h, VENUE_NOT_ALLOWED, h.market(2, "ACC2", "AAPL", Side.BUY, 10));
        assertRejected(h, VENUE_NOT_ALLOWED, h.buy(3, "ACC2", "AAPL", 10, P100));
        assertEquals(NONE, h.buy(4, "ACC2", "IBM", 10, P100));
    }

    @Test
    void shouldRejectAccountsThatAreNotConfigured()
    {
        final PipelineHarness h = harness("orderpath.account.ACC1.firm=F1");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        assertRejected(h, UNKNOWN_ACCOUNT, h.buy(2, "GHOST", "AAPL", 10, P100));
    }

    @Test
    void shouldBlockUnapprovedRoutesAndRaiseAnAlert()
    {
        final PipelineHarness h = harness();
        assertRejected(h, NO_ROUTE, h.buy(1, "ACC1", "TSLA", 10, P100));
        assertTrue(h.events().stream().anyMatch(e -> e.startsWith("ROUTE_ALERT") && e.contains("symbol=TSLA")));
        assertEquals(1, h.metrics.routeAlerts());
    }

    @Test
    void shouldHoldALargeOrderUntilASecondPersonReleasesIt()
    {
        final PipelineHarness h = harness("orderpath.risk.maxOrderQuantity=1000000");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 10_000, P100), "1,000,000.00 exactly: not held");
        assertEquals(1, h.sent.size());
        assertEquals(NONE, h.buy(2, "ACC1", "AAPL", 10_001, P100));
        assertEquals(ExecType.HELD, h.lastReport().execType());
        assertEquals(1, h.sent.size(), "a held order does not reach the venue");
        final long heldId = h.lastReport().venueOrderId();
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.RELEASE_HELD, heldId, 0, 0);
        h.apply();
        assertEquals(2, h.sent.size());
        assertEquals(heldId, h.lastOrderId());
        assertTrue(h.events().stream().anyMatch(e -> e.startsWith("HOLD_RELEASED")));
    }

    @Test
    void shouldRejectAHeldOrderOnRequestOrWhenNotReleasedInTime()
    {
        final PipelineHarness h = harness("orderpath.risk.holdNotionalCents=100000", "orderpath.hold.timeoutMs=5000");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 11, P100));
        final long first = h.lastReport().venueOrderId();
        assertEquals(NONE, h.buy(2, "ACC1", "AAPL", 12, P100));
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.REJECT_HELD, first, 0, 0);
        h.apply();
        assertEquals(HOLD_REJECTED, h.lastReport().reason());
        assertEquals(1, h.lastReport().clOrdId());
        h.advanceMs(4_999);
        assertEquals(1, h.pipeline.heldOrderCount());
        h.advanceMs(1);
        assertEquals(0, h.pipeline.heldOrderCount());
        assertEquals(HOLD_TIMEOUT, h.lastReport().reason());
        assertEquals(2, h.lastReport().clOrdId());
        assertEquals(0, h.sent.size());
        assertEquals(0, h.pipeline.accountCreditUsedCents(Ascii8.encode("ACC1")), "a rejected hold releases its credit");
    }

    @Test
    void shouldApplyALimitChangeBetweenTwoOrders()
    {
        final PipelineHarness h = harness();
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.SET_LIMIT,
            ((long)RiskLimit.MAX_ORDER_QUANTITY << 32) | Scope.ACCOUNT, Ascii8.encode("ACC1"), 50);
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 51, P100), "queued, not yet applied");
        h.apply();
        assertEquals(h.commands.lastOfferedSeq(), h.commands.appliedSeq());
        assertRejected(h, MAX_QUANTITY, h.buy(2, "ACC1", "AAPL", 51, P100));
        assertEquals(NONE, h.buy(3, "ACC2", "AAPL", 51, P100));
        final List<String> events = h.events();
        assertTrue(events.stream().anyMatch(e -> e.startsWith("COMMAND_APPLIED") && e.contains("command=SET_LIMIT") &&
            e.contains("result=APPLIED")), events::toString);
    }

    @Test
    void shouldAddChangeAndRemoveRoutesOnlyToConfiguredVenues()
    {
        final PipelineHarness h = harness();
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.SET_ROUTE, Ascii8.encode("TSLA"), Ascii8.encode("ALT"), 0);
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.SET_ROUTE, Ascii8.encode("AAPL"), Ascii8.encode("ALT"), 0);
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.SET_ROUTE, Ascii8.encode("NFLX"), Ascii8.encode("EVIL"), 0);
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.REMOVE_ROUTE, Ascii8.encode("MSFT"), 0, 0);
        h.apply();
        assertEquals(NONE, h.buy(1, "ACC1", "TSLA", 10, P100));
        assertEquals(PipelineHarness.ALT, h.sent.get(0).venue());
        assertEquals(NONE, h.buy(2, "ACC1", "AAPL", 10, P100));
        assertEquals(PipelineHarness.ALT, h.sent.get(1).venue());
        assertRejected(h, NO_ROUTE, h.buy(3, "ACC1", "NFLX", 10, P100));
        assertRejected(h, NO_ROUTE, h.buy(4, "ACC1", "MSFT", 10, P100));
        assertTrue(h.events().stream().anyMatch(e -> e.contains("command=SET_ROUTE") && e.contains("result=UNKNOWN_VENUE")));
        final long last = h.commands.lastOfferedSeq();
        assertEquals(com.orderguard.orderpath.command.CommandRing.RESULT_APPLIED, h.commands.result(last - 2));
        assertEquals(com.orderguard.orderpath.command.CommandRing.RESULT_UNKNOWN_VENUE, h.commands.result(last - 1),
            "the third command named an unknown venue: applied, but nothing changed");
        assertEquals(com.orderguard.orderpath.command.CommandRing.RESULT_APPLIED, h.commands.result(last));
        assertEquals(-1, h.commands.result(h.commands.lastOfferedSeq() + 1), "not applied yet");
    }

    @Test
    void shouldHaltAllCancelEveryOpenOrderReportTheCountAndResumeOnlyOnCommand()
    {
        final PipelineHarness h = harness();
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        assertEquals(NONE, h.buy(2, "ACC2", "IBM", 10, P100));
        assertEquals(NONE, h.buy(3, "ACC2", "MSFT", 10, P100));
        h.fill(h.lastOrderId(), 10, P100); // filled: nothing left to cancel
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.HALT_ALL, 0, 0, 0);
        h.apply();
        assertEquals(2, h.sent.stream().filter(s -> "CANCEL".equals(s.kind())).count());
        assertTrue(h.events().stream().anyMatch(e -> e.contains("command=HALT_ALL") && e.contains("count=2")));
        assertRejected(h, TRADING_HALTED, h.buy(4, "ACC1", "AAPL", 10, P100));
        h.venueConfirmsChanges();
        assertEquals(0, h.pipeline.openOrderCount());
        h.commands.offer(com.orderguard.orderpath.command.CommandRing.RESUME, 0, 0, 0);
        h.apply();
        assertEquals(NONE, h.buy(5, "ACC1", "AAPL", 10, P100));
    }

    @Test
    void shouldCancelAndReplaceAnOpenOrderAndRecheckTheReplacement()
    {
        final PipelineHarness h = harness("orderpath.risk.maxOrderQuantity=100");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 50, P100));
        final long orderId = h.lastOrderId();
        assertRejected(h, MAX_QUANTITY, h.pipeline.onReplace(PipelineHarness.BROKER1, 2, 1, 101, P100));
        assertEquals(NONE, h.pipeline.onReplace(PipelineHarness.BROKER1, 3, 1, 80, P100 + 100));
        assertRejected(h, PENDING_CHANGE, h.pipeline.onCancel(PipelineHarness.BROKER1, 4, 1));
        h.venueConfirmsChanges();
        assertEquals(ExecType.REPLACED, h.lastReport().execType());
        assertEquals(3, h.lastReport().clOrdId());
        assertRejected(h, UNKNOWN_ORDER, h.pipeline.onCancel(PipelineHarness.BROKER1, 5, 1), "the old id is gone");
        assertEquals(NONE, h.pipeline.onCancel(PipelineHarness.BROKER1, 6, 3));
        h.venueConfirmsChanges();
        assertEquals(ExecType.CANCELED, h.lastReport().execType());
        assertEquals(80, h.lastReport().quantity());
        assertEquals(0, h.pipeline.openOrderCount());
        assertEquals(orderId, h.sent.get(h.sent.size() - 1).orderId());
    }

    @Test
    void shouldCancelEveryOrderOfAClientThatDisconnects()
    {
        final PipelineHarness h = harness("orderpath.risk.holdNotionalCents=500000");
        assertEquals(NONE, h.buy(1, "ACC1", "AAPL", 10, P100));
        assertEquals(NONE, h.buy(2, "ACC1", "MSFT", 100, P100)); // held
        assertEquals(1, h.pipeline.heldOrderCount());
        assertEquals(2, h.pipeline.onSourceDisconnected(PipelineHarness.BROKER1));
        assertEquals(0, h.pipeline.heldOrderCount());
        assertEquals(1, h.sent.stream().filter(s -> "CANCEL".equals(s.kind())).count());
    }
}
