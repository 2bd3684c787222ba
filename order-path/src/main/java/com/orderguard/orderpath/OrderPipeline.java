package com.orderguard.orderpath;

import com.orderguard.orderpath.command.CommandRing;
import com.orderguard.orderpath.dropcopy.DropCopy;
import com.orderguard.orderpath.order.ClOrdIdWindow;
import com.orderguard.orderpath.order.OpenOrders;
import com.orderguard.orderpath.order.PairTable;
import com.orderguard.orderpath.protocol.Ascii8;
import com.orderguard.orderpath.protocol.CancelCodec;
import com.orderguard.orderpath.protocol.ExecType;
import com.orderguard.orderpath.protocol.Frame;
import com.orderguard.orderpath.protocol.MessageType;
import com.orderguard.orderpath.protocol.NewOrderCodec;
import com.orderguard.orderpath.protocol.OrdType;
import com.orderguard.orderpath.protocol.ReplaceCodec;
import com.orderguard.orderpath.protocol.Side;
import com.orderguard.orderpath.risk.Accounts;
import com.orderguard.orderpath.risk.CreditLimitCheck;
import com.orderguard.orderpath.risk.Exposure;
import com.orderguard.orderpath.risk.KillSwitchCheck;
import com.orderguard.orderpath.risk.KillSwitches;
import com.orderguard.orderpath.risk.LargeOrderHold;
import com.orderguard.orderpath.risk.MarketOrderAdvCheck;
import com.orderguard.orderpath.risk.MaxNotionalCheck;
import com.orderguard.orderpath.risk.MaxQuantityCheck;
import com.orderguard.orderpath.risk.MessageThrottle;
import com.orderguard.orderpath.risk.Notional;
import com.orderguard.orderpath.risk.OrderRequest;
import com.orderguard.orderpath.risk.OrderTypeCheck;
import com.orderguard.orderpath.risk.PositionLimitCheck;
import com.orderguard.orderpath.risk.Positions;
import com.orderguard.orderpath.risk.PriceCollarCheck;
import com.orderguard.orderpath.risk.RepeatedOrderThrottle;
import com.orderguard.orderpath.risk.RestrictedListCheck;
import com.orderguard.orderpath.risk.RiskLimit;
import com.orderguard.orderpath.risk.Scope;
import com.orderguard.orderpath.risk.ScopedLimits;
import com.orderguard.orderpath.risk.SelfMatchCheck;
import com.orderguard.orderpath.risk.SymbolHaltCheck;
import com.orderguard.orderpath.risk.SymbolTable;
import com.orderguard.orderpath.risk.VenueRestrictionCheck;
import org.agrona.DirectBuffer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The order path's business, without sockets: decode a client message, run every pre-trade
 * control, route it to its venue, turn venue reports back into client reports, apply commands,
 * time out held orders. The {@link OrderPathAgent} drives it from TCP sessions and shared-memory
 * rings; a benchmark can drive it directly with {@link #onMessage(int, DirectBuffer, int, int)}
 * and an egress that encodes into a buffer.
 * <p>
 * What must hold: one thread only (the order-path thread); nothing here allocates, throws on input
 * or blocks; every outcome is an int code; no order reaches a venue unless its ORDER_ROUTED event
 * is already in the drop copy; state changes only once an order is accepted; commands are applied
 * only through {@link #onCommand}, which the caller invokes between two messages, never inside one.
 * <p>
 * Sources are client indexes in orderpath.clients: reports go back to the source that sent the order.
 */
public final class OrderPipeline
{
    /** {@link #onMessage} result when the frame cannot be trusted (unknown type, wrong length): drop the session. */
    public static final int DISCONNECT = -1;
    /** {@link #onVenueReport} result when the drop copy has no room: leave the report unread and retry. */
    public static final int BACK_PRESSURE = -2;
    /** Reason carried in CANCEL_REQUESTED for cancel-on-disconnect. */
    public static final int CANCEL_ON_DISCONNECT = RejectReason.NOT_LOGGED_ON;

    /** Where orders go: the venue sessions. */
    public interface VenueEgress
    {
        /** Whether the venue is up and can take {@code bytes} more now. */
        boolean canSend(int venueIndex, int bytes);

        void newOrder(int venueIndex, long orderId, long account, long symbol, int side, int ordType, long quantity,
            long priceE4);

        void cancel(int venueIndex, long orderId);

        void replace(int venueIndex, long orderId, long quantity, long priceE4);
    }

    /**
     * Where reports go: the client that sent the order (a session may be gone: then nothing is sent).
     * A client that does not take its reports is its own problem: the egress drops the report,
     * counts it and disconnects that client; it never pushes back on the venue, whose reports are
     * every other client's too (the drop copy has already recorded each one).
     */
    public interface ReportEgress
    {
        void report(int source, long clOrdId, long venueOrderId, long quantity, long priceE4, int execType, int reason);
    }

    private final OrderPathMetrics metrics;
    private final DropCopy dropCopy;
    private final CommandRing commands;
    private final VenueEgress venues;
    private final ReportEgress reports;
    private final long[] clientIds;
    private final long[] venueNames;
    private final Accounts accounts;
    private final SymbolTable symbols;
    private final ScopedLimits limits;
    private final Exposure exposure;
    private final Positions positions;
    private final KillSwitches kills;
    private final OpenOrders openOrders;
    private final PairTable orderByClOrdId;
    private final ClOrdIdWindow usedClOrdIds;
    private final MessageThrottle throttle;
    private final LargeOrderHold hold;
    private final KillSwitchCheck killSwitchCheck;
    private final SymbolHaltCheck symbolHaltCheck;
    private final RestrictedListCheck restrictedListCheck;
    private final OrderTypeCheck orderTypeCheck;
    private final VenueRestrictionCheck venueRestrictionCheck;
    private final MaxQuantityCheck maxQuantityCheck;
    private final PriceCollarCheck priceCollarCheck;
    private final MarketOrderAdvCheck marketOrderAdvCheck;
    private final MaxNotionalCheck maxNotionalCheck;
    private final RepeatedOrderThrottle repeatedOrderThrottle;
    private final SelfMatchCheck selfMatchCheck;
    private final PositionLimitCheck positionLimitCheck;
    private final CreditLimitCheck creditLimitCheck;
    private final OrderRequest request = new OrderRequest();
    private final int[] heldSlots;
    private final long holdTimeoutNs;
    private int heldCount;
    private int sweepPending;
    private boolean intakeOpen;
    private boolean tradingHalted;
    private long nowNs;
    private int currentSource;

    public OrderPipeline(
        final OrderPathConfig config,
        final OrderPathMetrics metrics,
        final DropCopy dropCopy,
        final CommandRing commands,
        final VenueEgress venues,
        final ReportEgress reports)
    {
        this.metrics = metrics;
        this.dropCopy = dropCopy;
        this.commands = commands;
        this.venues = venues;
        this.reports = reports;

        final List<String> clients = config.clients();
        clientIds = new long[clients.size()];
        for (int i = 0; i < clientIds.length; i++)
        {
            clientIds[i] = Ascii8.encode(clients.get(i));
        }
        final List<OrderPathConfig.Venue> venueConfigs = config.venues();
        venueNames = new long[venueConfigs.size()];
        for (int i = 0; i < venueNames.length; i++)
        {
            venueNames[i] = Ascii8.encode(venueConfigs.get(i).name());
        }
        if (venueNames.length > 64)
        {
            throw new IllegalArgumentException("at most 64 venues, configured " + venueNames.length);
        }

        final int maxAccounts = config.maxAccounts();
        final int maxSymbols = config.maxSymbols();
        accounts = new Accounts(maxAccounts, !config.accountFirms().isEmpty());
        for (final Map.Entry<String, String> e : config.accountFirms().entrySet())
        {
            accounts.add(Ascii8.encode(e.getKey()), Ascii8.encode(e.getValue()));
        }
        symbols = new SymbolTable(maxSymbols);
        for (final Map.Entry<String, String> route : config.routes().entrySet())
        {
            symbols.venue(symbols.indexOrAdd(Ascii8.encode(route.getKey())), venueIndex(Ascii8.encode(route.getValue())));
        }
        for (final Map.Entry<String, Long> adv : config.advBySymbol().entrySet())
        {
            symbols.advShares(symbolIndexOrFail(adv.getKey()), adv.getValue());
        }
        for (final String symbol : config.halted())
        {
            symbols.halted(symbolIndexOrFail(symbol), true);
        }

        limits = new ScopedLimits(maxAccounts, maxSymbols);
        for (int limit = 0; limit < RiskLimit.COUNT; limit++)
        {
            final OrderPathConfig.Scoped scoped = config.limit(limit);
            if (null != scoped.global())
            {
                setLimitOrFail(limit, Scope.GLOBAL, 0, scoped.global());
            }
            final int l = limit;
            scoped.accounts().forEach((id, v) -> setLimitOrFail(l, Scope.ACCOUNT, Ascii8.encode(id), v));
            scoped.firms().forEach((id, v) -> setLimitOrFail(l, Scope.FIRM, Ascii8.encode(id), v));
            scoped.symbols().forEach((id, v) -> setLimitOrFail(l, Scope.SYMBOL, Ascii8.encode(id), v));
        }

        exposure = new Exposure(maxAccounts);
        positions = new Positions(maxAccounts, maxSymbols);
        kills = new KillSwitches(maxAccounts);
        openOrders = new OpenOrders(config.maxOpenOrders(), positions.slots());
        orderByClOrdId = new PairTable(config.maxOpenOrders());
        usedClOrdIds = new ClOrdIdWindow(config.dedupeWindow(), clientIds.length);
        throttle = new MessageThrottle(clientIds.length, config.throttleMessagesPerSecond(), config.throttleBurst());
        hold = new LargeOrderHold(limits);
        heldSlots = new int[config.holdMaxHeld()];
        holdTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.holdTimeoutMs());

        final OrderTypeCheck orderTypes = new OrderTypeCheck(Math.max(64, 2 * maxAccounts));
        final OrderPathConfig.Scoped ordTypes = config.allowedOrdTypes();
        orderTypes.allow(Scope.GLOBAL, 0, ordTypes.global());
        ordTypes.accounts().forEach((id, mask) -> orderTypes.allow(Scope.ACCOUNT, Ascii8.encode(id), mask));
        ordTypes.firms().forEach((id, mask) -> orderTypes.allow(Scope.FIRM, Ascii8.encode(id), mask));
        ordTypes.symbols().forEach((id, mask) -> orderTypes.allow(Scope.SYMBOL, Ascii8.encode(id), mask));

        final VenueRestrictionCheck venueRestrictions = new VenueRestrictionCheck(maxAccounts);
        config.allowedVenuesByAccount().forEach((id, names) ->
            venueRestrictions.allowAccount(accountIndexOrFail(id), venueMask(names)));
        config.allowedVenuesByFirm().forEach((id, names) ->
            venueRestrictions.allowFirm(firmIndexOrFail(id), venueMask(names)));

        final RestrictedListCheck restricted = new RestrictedListCheck(maxAccounts, maxSymbols);
        config.restrictedByAccount().forEach((id, list) ->
            list.forEach(symbol -> restricted.restrictAccount(accountIndexOrFail(id), symbolIndexOrFail(symbol), true)));
        config.restrictedByFirm().forEach((id, list) ->
            list.forEach(symbol -> restricted.restrictFirm(firmIndexOrFail(id), symbolIndexOrFail(symbol), true)));

        killSwitchCheck = new KillSwitchCheck(kills);
        symbolHaltCheck = new SymbolHaltCheck(symbols);
        restrictedListCheck = restricted;
        orderTypeCheck = orderTypes;
        venueRestrictionCheck = venueRestrictions;
        maxQuantityCheck = new MaxQuantityCheck(limits);
        priceCollarCheck = new PriceCollarCheck(limits);
        marketOrderAdvCheck = new MarketOrderAdvCheck(limits, symbols);
        maxNotionalCheck = new MaxNotionalCheck(limits);
        repeatedOrderThrottle = new RepeatedOrderThrottle(clientIds.length, config.repeatedOrdersMax(),
            TimeUnit.MILLISECONDS.toNanos(config.repeatedOrdersWindowMs()));
        selfMatchCheck = new SelfMatchCheck(openOrders);
        positionLimitCheck = new PositionLimitCheck(limits, positions);
        creditLimitCheck = new CreditLimitCheck(limits, exposure);
    }

    private void setLimitOrFail(final int limit, final int scope, final long id, final long value)
    {
        if (ScopedLimits.OK != limits.set(limit, scope, id, value))
        {
            throw new IllegalArgumentException("risk limit " + RiskLimit.name(limit) + " for scope " + scope + " id " +
                Ascii8.decode(id) + " is refused: more overrides than " + OrderPathConfig.MAX_ACCOUNTS + " / " +
                OrderPathConfig.MAX_SYMBOLS + " allow, or a bad id");
        }
    }

    private int symbolIndexOrFail(final String symbol)
    {
        final int index = symbols.indexOrAdd(Ascii8.encode(symbol));
        if (SymbolTable.NONE == index)
        {
            throw new IllegalArgumentException(OrderPathConfig.MAX_SYMBOLS + " is too small for the symbols configured");
        }
        return index;
    }

    private int accountIndexOrFail(final String account)
    {
        final int index = accounts.isClosed() ? accounts.indexOf(Ascii8.encode(account)) :
            accounts.resolve(Ascii8.encode(account));
        if (Accounts.NONE == index)
        {
            throw new IllegalArgumentException("account " + account + " is named in a setting but not configured (" +
                OrderPathConfig.ACCOUNT_PREFIX + account + ".firm)");
        }
        return index;
    }

    private int firmIndexOrFail(final String firm)
    {
        final int index = accounts.firmIndexOf(Ascii8.encode(firm));
        if (Accounts.NONE == index)
        {
            throw new IllegalArgumentException("firm " + firm + " is named in a setting but no account belongs to it (" +
                OrderPathConfig.ACCOUNT_PREFIX + "ACC.firm=" + firm + ")");
        }
        return index;
    }

    private long venueMask(final List<String> names)
    {
        long mask = 0;
        for (final String name : names)
        {
            mask |= 1L << venueIndex(Ascii8.encode(name));
        }
        return mask;
    }

    private int venueIndex(final long packedVenue)
    {
        for (int i = 0; i < venueNames.length; i++)
        {
            if (venueNames[i] == packedVenue)
            {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------------------------------------
    // time
    // ---------------------------------------------------------------------------------------------

    /**
     * Advances the pipeline's clock ({@link System#nanoTime()} scale), which also stamps the drop-copy
     * events written until the next tick (see {@link DropCopy#time(long)}), and times out held orders.
     */
    public void tick(final long nowNs)
    {
        dropCopy.time(nowNs);
        this.nowNs = nowNs;
        if (sweepPending > 0)
        {
            continueSweep();
        }
        if (heldCount > 0)
        {
            for (int i = heldCount - 1; i >= 0; i--)
            {
                final int slot = heldSlots[i];
                if (nowNs - openOrders.deadlineNs(slot) >= 0)
                {
                    if (!dropCopy.hasRoomForOrderEvent())
                    {
                        return; // retried on the next tick
                    }
                    rejectHeld(slot, RejectReason.HOLD_TIMEOUT);
                }
            }
        }
    }

    public long nowNs()
    {
        return nowNs;
    }

    // ---------------------------------------------------------------------------------------------
    // client messages
    // ---------------------------------------------------------------------------------------------

    /** Sets the source {@link #onMessage(DirectBuffer, int, int)} decodes for. */
    public void source(final int source)
    {
        currentSource = source;
    }

    /** {@link #onMessage(int, DirectBuffer, int, int)} for the source last set by {@link #source(int)}. */
    public int onMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        return onMessage(currentSource, buffer, offset, length);
    }

    /**
     * Decodes one client frame (NewOrder, Cancel or Replace) in place and handles it to the end:
     * checks, routing, the reject report.
     *
     * @return {@link RejectReason#NONE} when accepted (routed, held, or a cancel/replace sent on), the
     * reject reason when refused (the client has been told), or {@link #DISCONNECT} when the frame
     * cannot be trusted.
     */
    public int onMessage(final int source, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < Frame.HEADER_LENGTH || buffer.getInt(offset + Frame.LENGTH_OFFSET) != length)
        {
            return DISCONNECT;
        }
        switch (buffer.getShort(offset + Frame.TYPE_OFFSET) & 0xFFFF)
        {
            case MessageType.NEW_ORDER:
                if (length < NewOrderCodec.MIN_LENGTH_WITH_CL_ORD_ID)
                {
                    return DISCONNECT;
                }
                if (NewOrderCodec.LENGTH != length)
                {
                    return reject(source, buffer.getLong(offset + NewOrderCodec.CL_ORD_ID_OFFSET), 0, 0, 0, 0, 0, 0,
                        RejectReason.MALFORMED);
                }
                return onNewOrder(
                    source,
                    buffer.getLong(offset + NewOrderCodec.CL_ORD_ID_OFFSET),
                    buffer.getLong(offset + NewOrderCodec.ACCOUNT_OFFSET),
                    buffer.getLong(offset + NewOrderCodec.SYMBOL_OFFSET),
                    buffer.getByte(offset + NewOrderCodec.SIDE_OFFSET),
                    buffer.getByte(offset + NewOrderCodec.ORD_TYPE_OFFSET),
                    buffer.getLong(offset + NewOrderCodec.QUANTITY_OFFSET),
                    buffer.getLong(offset + NewOrderCodec.PRICE_OFFSET));

            case MessageType.CANCEL:
                if (CancelCodec.LENGTH != length)
                {
                    return DISCONNECT;
                }
                return onCancel(source, buffer.getLong(offset + CancelCodec.CL_ORD_ID_OFFSET),
                    buffer.getLong(offset + CancelCodec.ORIG_CL_ORD_ID_OFFSET));

            case MessageType.REPLACE:
                if (ReplaceCodec.LENGTH != length)
                {
                    return DISCONNECT;
                }
                return onReplace(source, buffer.getLong(offset + ReplaceCodec.CL_ORD_ID_OFFSET),
                    buffer.getLong(offset + ReplaceCodec.ORIG_CL_ORD_ID_OFFSET),
                    buffer.getLong(offset + ReplaceCodec.QUANTITY_OFFSET),
                    buffer.getLong(offset + ReplaceCodec.PRICE_OFFSET));

            default:
                return DISCONNECT;
        }
    }

    /** A new order from {@code source}; see {@link #onMessage(int, DirectBuffer, int, int)} for the result. */
    public int onNewOrder(
        final int source,
        final long clOrdId,
        final long account,
        final long symbol,
        final int side,
        final int ordType,
        final long quantity,
        final long priceE4)
    {
        if (0 == clOrdId || quantity <= 0 || !Side.isValid(side) || !OrdType.isValid(ordType) ||
            (OrdType.MARKET == ordType ? 0 != priceE4 : priceE4 <= 0) ||
            !Ascii8.isValid(account) || !Ascii8.isValid(symbol))
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.MALFORMED);
        }
        if (!throttle.tryAcquire(source, nowNs))
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.THROTTLED);
        }
        if (usedClOrdIds.checkAndRecord(source, clOrdId))
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4,
                RejectReason.DUPLICATE_CL_ORD_ID);
        }
        if (!intakeOpen)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.SEALED);
        }
        if (tradingHalted)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.TRADING_HALTED);
        }
        final int accountIndex = accounts.resolve(account);
        if (Accounts.NONE == accountIndex)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.UNKNOWN_ACCOUNT);
        }
        final int symbolIndex = symbols.indexOf(symbol);
        final int venueIndex = SymbolTable.NONE == symbolIndex ? SymbolTable.NO_ROUTE : symbols.venue(symbolIndex);
        if (SymbolTable.NO_ROUTE == venueIndex)
        {
            if (dropCopy.hasRoomForOrderEvent() && !dropCopy.order(OrderEvents.ROUTE_ALERT, 0, clOrdId, clientIds[source],
                account, symbol, quantity, priceE4, 0, side, ordType, RejectReason.NO_ROUTE))
            {
                metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
            }
            metrics.increment(OrderPathMetrics.ROUTE_ALERTS);
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.NO_ROUTE);
        }

        final OrderRequest r = request;
        r.source = source;
        r.clOrdId = clOrdId;
        r.account = account;
        r.symbol = symbol;
        r.side = side;
        r.ordType = ordType;
        r.quantity = quantity;
        r.priceE4 = priceE4;
        r.accountIndex = accountIndex;
        r.firm = accounts.firm(accountIndex);
        r.firmIndex = accounts.firmIndex(accountIndex);
        r.symbolIndex = symbolIndex;
        r.venueIndex = venueIndex;
        r.positionSlot = positions.slot(accountIndex, symbolIndex);
        r.referencePriceE4 = symbols.referencePriceE4(symbolIndex);
        r.exposurePriceE4 = OrdType.MARKET == ordType ? r.referencePriceE4 : priceE4;
        r.notionalCents = Notional.cents(quantity, r.exposurePriceE4);
        r.openQtyDelta = quantity;
        r.notionalDeltaCents = r.notionalCents;
        r.replacedSlot = OpenOrders.NONE;
        r.nowNs = nowNs;
        if (r.exposurePriceE4 <= 0)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.NO_REFERENCE_PRICE);
        }
        if (Long.MAX_VALUE == r.notionalCents)
        {
            // quantity x price does not fit in 63 bits: no limit can be judged against it, so none passes
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.MAX_NOTIONAL);
        }

        final int reason = runChecks(r);
        if (RejectReason.NONE != reason)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, reason);
        }
        if (!openOrders.hasRoomForNext())
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.OPEN_ORDERS_FULL);
        }
        final boolean held = hold.shouldHold(r);
        if (held && heldCount == heldSlots.length)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.HOLD_FULL);
        }
        if (!held && !venues.canSend(venueIndex, NewOrderCodec.LENGTH))
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.VENUE_DOWN);
        }
        final long orderId = openOrders.nextOrderId();
        if (!dropCopy.hasRoomForOrderEvent())
        {
            return rejectUnrecorded(source, clOrdId);
        }
        if (!orderByClOrdId.put(source, clOrdId, openOrders.nextSlot()))
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.OPEN_ORDERS_FULL);
        }
        if (!dropCopy.order(held ? OrderEvents.ORDER_HELD : OrderEvents.ORDER_ROUTED, orderId, clOrdId, clientIds[source],
            account, symbol, quantity, priceE4, venueNames[venueIndex], side, ordType, RejectReason.NONE))
        {
            orderByClOrdId.remove(source, clOrdId);
            return rejectUnrecorded(source, clOrdId);
        }

        final int slot = openOrders.open(held ? OpenOrders.HELD : OpenOrders.ROUTED, source, clOrdId, venueIndex,
            accountIndex, symbolIndex, r.positionSlot, side, ordType, quantity, priceE4, r.exposurePriceE4);
        exposure.reserve(accountIndex, r.firmIndex, r.notionalCents);
        positions.addOpen(accountIndex, r.positionSlot, side, quantity);
        if (held)
        {
            openOrders.deadlineNs(slot, nowNs + holdTimeoutNs);
            heldSlots[heldCount++] = slot;
            metrics.increment(OrderPathMetrics.HELD);
            reports.report(source, clOrdId, orderId, quantity, priceE4, ExecType.HELD, RejectReason.NONE);
        }
        else
        {
            venues.newOrder(venueIndex, orderId, account, symbol, side, ordType, quantity, priceE4);
            metrics.increment(OrderPathMetrics.ACCEPTED);
        }
        return RejectReason.NONE;
    }

    /**
     * Self-match prevention, skipped when the account has nothing open on the other side of this
     * symbol ({@link Positions#openQty} is zero there): then no resting order can be crossed. The
     * check walks the account's open orders in the symbol, so a one-sided flow with many orders
     * open (a backlog after a stall, a large batch read at once) made every order cost a walk over
     * all of them — the ceiling of both open-loop benchmarks.
     */
    private int selfMatch(final OrderRequest r)
    {
        return 0 == positions.openQty(r.positionSlot, Side.BUY == r.side ? Side.SELL : Side.BUY) ?
            RejectReason.NONE : selfMatchCheck.check(r);
    }

    /**
     * Every control, in this order, the first refusal wins. Called through fields of each final
     * class, not a {@code RiskCheck[]} loop: thirteen implementations behind one interface call site
     * are megamorphic (an itable stub per check, nothing inlined), which the profile showed.
     */
    private int runChecks(final OrderRequest r)
    {
        int reason;
        if (RejectReason.NONE != (reason = killSwitchCheck.check(r)) ||
            RejectReason.NONE != (reason = symbolHaltCheck.check(r)) ||
            RejectReason.NONE != (reason = restrictedListCheck.check(r)) ||
            RejectReason.NONE != (reason = orderTypeCheck.check(r)) ||
            RejectReason.NONE != (reason = venueRestrictionCheck.check(r)) ||
            RejectReason.NONE != (reason = maxQuantityCheck.check(r)) ||
            RejectReason.NONE != (reason = priceCollarCheck.check(r)) ||
            RejectReason.NONE != (reason = marketOrderAdvCheck.check(r)) ||
            RejectReason.NONE != (reason = maxNotionalCheck.check(r)) ||
            RejectReason.NONE != (reason = repeatedOrderThrottle.check(r)) ||
            RejectReason.NONE != (reason = selfMatch(r)) ||
            RejectReason.NONE != (reason = positionLimitCheck.check(r)) ||
            RejectReason.NONE != (reason = creditLimitCheck.check(r)))
        {
            return reason;
        }
        return RejectReason.NONE;
    }

    /**
     * A cancel of the client's order {@code origClOrdId}; the cancel's own {@code clOrdId} must be
     * unused. It spends the session's message throttle like any message; its clOrdId is remembered
     * only once the order it names is found, so cancels of nothing cannot crowd out real ids.
     */
    public int onCancel(final int source, final long clOrdId, final long origClOrdId)
    {
        if (0 == clOrdId)
        {
            return reject(source, clOrdId, 0, 0, 0, 0, 0, 0, RejectReason.MALFORMED);
        }
        if (!throttle.tryAcquire(source, nowNs))
        {
            return reject(source, clOrdId, 0, 0, 0, 0, 0, 0, RejectReason.THROTTLED);
        }
        final int slot = orderByClOrdId.get(source, origClOrdId);
        if (PairTable.MISSING == slot)
        {
            return reject(source, clOrdId, 0, 0, 0, 0, 0, 0, RejectReason.UNKNOWN_ORDER);
        }
        if (usedClOrdIds.checkAndRecord(source, clOrdId))
        {
            return reject(source, clOrdId, 0, 0, 0, 0, 0, 0, RejectReason.DUPLICATE_CL_ORD_ID);
        }
        if (openOrders.isPendingCancel(slot) || openOrders.isPendingReplace(slot))
        {
            return reject(source, clOrdId, 0, 0, 0, 0, 0, 0, RejectReason.PENDING_CHANGE);
        }
        if (!dropCopy.hasRoomForOrderEvent())
        {
            return rejectUnrecorded(source, clOrdId);
        }
        if (OpenOrders.HELD == openOrders.state(slot))
        {
            cancelHeld(slot);
            return RejectReason.NONE;
        }
        if (!venues.canSend(openOrders.venueIndex(slot), CancelCodec.LENGTH))
        {
            return reject(source, clOrdId, 0, 0, 0, 0, 0, 0, RejectReason.VENUE_DOWN);
        }
        requestCancel(slot, 0);
        return RejectReason.NONE;
    }

    private void requestCancel(final int slot, final int why)
    {
        final OpenOrders o = openOrders;
        if (!dropCopy.order(OrderEvents.CANCEL_REQUESTED, o.orderId(slot), o.clOrdId(slot), clientIds[o.source(slot)],
            accounts.account(o.accountIndex(slot)), symbols.symbol(o.symbolIndex(slot)), o.leavesQty(slot),
            o.priceE4(slot), venueNames[o.venueIndex(slot)], o.side(slot), o.ordType(slot), why))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        o.pendingCancel(slot, true);
        venues.cancel(o.venueIndex(slot), o.orderId(slot));
    }

    /** A replace of the client's order {@code origClOrdId} with a new total quantity and price; {@code clOrdId} becomes its id. */
    public int onReplace(
        final int source, final long clOrdId, final long origClOrdId, final long quantity, final long priceE4)
    {
        if (0 == clOrdId || quantity <= 0 || priceE4 < 0)
        {
            return reject(source, clOrdId, 0, 0, 0, 0, quantity, priceE4, RejectReason.MALFORMED);
        }
        if (!throttle.tryAcquire(source, nowNs))
        {
            return reject(source, clOrdId, 0, 0, 0, 0, quantity, priceE4, RejectReason.THROTTLED);
        }
        final int slot = orderByClOrdId.get(source, origClOrdId);
        if (PairTable.MISSING == slot || OpenOrders.HELD == openOrders.state(slot))
        {
            return reject(source, clOrdId, 0, 0, 0, 0, quantity, priceE4, RejectReason.UNKNOWN_ORDER);
        }
        if (usedClOrdIds.checkAndRecord(source, clOrdId))
        {
            return reject(source, clOrdId, 0, 0, 0, 0, quantity, priceE4, RejectReason.DUPLICATE_CL_ORD_ID);
        }
        final OpenOrders o = openOrders;
        final int accountIndex = o.accountIndex(slot);
        final long account = accounts.account(accountIndex);
        final long symbol = symbols.symbol(o.symbolIndex(slot));
        final int side = o.side(slot);
        final int ordType = o.ordType(slot);
        if (o.isPendingCancel(slot) || o.isPendingReplace(slot))
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.PENDING_CHANGE);
        }
        final long filled = o.quantity(slot) - o.leavesQty(slot);
        if ((OrdType.MARKET == ordType ? 0 != priceE4 : priceE4 <= 0) || quantity <= filled)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.MALFORMED);
        }
        if (!intakeOpen)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.SEALED);
        }
        if (tradingHalted)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.TRADING_HALTED);
        }

        final OrderRequest r = request;
        r.source = source;
        r.clOrdId = clOrdId;
        r.account = account;
        r.symbol = symbol;
        r.side = side;
        r.ordType = ordType;
        r.quantity = quantity;
        r.priceE4 = priceE4;
        r.accountIndex = accountIndex;
        r.firm = accounts.firm(accountIndex);
        r.firmIndex = accounts.firmIndex(accountIndex);
        r.symbolIndex = o.symbolIndex(slot);
        r.venueIndex = o.venueIndex(slot);
        r.positionSlot = o.positionSlot(slot);
        r.referencePriceE4 = symbols.referencePriceE4(r.symbolIndex);
        r.exposurePriceE4 = OrdType.MARKET == ordType ? o.exposurePriceE4(slot) : priceE4;
        r.notionalCents = Notional.cents(quantity, r.exposurePriceE4);
        final long newLeaves = quantity - filled;
        r.openQtyDelta = newLeaves - o.leavesQty(slot);
        r.notionalDeltaCents = Notional.cents(newLeaves, r.exposurePriceE4) -
            Notional.cents(o.leavesQty(slot), o.exposurePriceE4(slot));
        r.replacedSlot = slot;
        r.nowNs = nowNs;
        if (Long.MAX_VALUE == r.notionalCents)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.MAX_NOTIONAL);
        }
        final int reason = runChecks(r);
        if (RejectReason.NONE != reason)
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, reason);
        }
        if (!venues.canSend(r.venueIndex, ReplaceCodec.LENGTH))
        {
            return reject(source, clOrdId, account, symbol, side, ordType, quantity, priceE4, RejectReason.VENUE_DOWN);
        }
        if (!dropCopy.hasRoomForOrderEvent() || !dropCopy.order(OrderEvents.REPLACE_REQUESTED, o.orderId(slot), clOrdId,
            clientIds[source], account, symbol, quantity, priceE4, venueNames[r.venueIndex], side, ordType,
            RejectReason.NONE))
        {
            return rejectUnrecorded(source, clOrdId);
        }
        // Until the venue confirms, hold the larger of the old and the new exposure.
        final long extraCents = Math.max(0, r.notionalDeltaCents);
        final long extraQty = Math.max(0, r.openQtyDelta);
        exposure.reserve(accountIndex, r.firmIndex, extraCents);
        positions.addOpen(accountIndex, r.positionSlot, side, extraQty);
        o.pendingReplace(slot, clOrdId, quantity, priceE4, extraCents, extraQty);
        venues.replace(r.venueIndex, o.orderId(slot), quantity, priceE4);
        return RejectReason.NONE;
    }

    /** Records the reject, then answers it; if it cannot be recorded the answer is DROP_COPY_FULL. */
    private int reject(
        final int source,
        final long clOrdId,
        final long account,
        final long symbol,
        final int side,
        final int ordType,
        final long quantity,
        final long priceE4,
        final int reason)
    {
        if (!dropCopy.hasRoomForOrderEvent() || !dropCopy.order(
            OrderEvents.ORDER_REJECTED, 0, clOrdId, clientIds[source], account, symbol, quantity, priceE4, 0,
            side, ordType, reason))
        {
            return rejectUnrecorded(source, clOrdId);
        }
        metrics.increment(reason);
        reports.report(source, clOrdId, 0, 0, 0, ExecType.REJECT, reason);
        return reason;
    }

    private int rejectUnrecorded(final int source, final long clOrdId)
    {
        metrics.increment(RejectReason.DROP_COPY_FULL);
        reports.report(source, clOrdId, 0, 0, 0, ExecType.REJECT, RejectReason.DROP_COPY_FULL);
        return RejectReason.DROP_COPY_FULL;
    }

    // ---------------------------------------------------------------------------------------------
    // held orders
    // ---------------------------------------------------------------------------------------------

    private void removeHeld(final int slot)
    {
        for (int i = 0; i < heldCount; i++)
        {
            if (heldSlots[i] == slot)
            {
                heldSlots[i] = heldSlots[--heldCount];
                return;
            }
        }
    }

    private void rejectHeld(final int slot, final int reason)
    {
        final OpenOrders o = openOrders;
        final int source = o.source(slot);
        final long clOrdId = o.clOrdId(slot);
        if (!dropCopy.order(OrderEvents.ORDER_REJECTED, o.orderId(slot), clOrdId, clientIds[source],
            accounts.account(o.accountIndex(slot)), symbols.symbol(o.symbolIndex(slot)), o.quantity(slot),
            o.priceE4(slot), venueNames[o.venueIndex(slot)], o.side(slot), o.ordType(slot), reason))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        metrics.increment(reason);
        releaseAndClose(slot);
        reports.report(source, clOrdId, 0, 0, 0, ExecType.REJECT, reason);
    }

    private void cancelHeld(final int slot)
    {
        final OpenOrders o = openOrders;
        final int source = o.source(slot);
        final long clOrdId = o.clOrdId(slot);
        final long orderId = o.orderId(slot);
        final long leaves = o.leavesQty(slot);
        if (!dropCopy.execution(OrderEvents.CANCELED, orderId, clOrdId, clientIds[source], 0,
            venueNames[o.venueIndex(slot)], leaves, o.priceE4(slot), 0, 0))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        releaseAndClose(slot);
        reports.report(source, clOrdId, orderId, leaves, 0, ExecType.CANCELED, RejectReason.NONE);
    }

    /** Releases the rest of the order's exposure and position, forgets it. */
    private void releaseAndClose(final int slot)
    {
        final OpenOrders o = openOrders;
        final int accountIndex = o.accountIndex(slot);
        final long leaves = o.leavesQty(slot);
        final long reservedCents = Notional.cents(leaves, o.exposurePriceE4(slot)) +
            (o.isPendingReplace(slot) ? o.pendingReservedCents(slot) : 0);
        final long reservedQty = leaves + (o.isPendingReplace(slot) ? o.pendingReservedQty(slot) : 0);
        exposure.release(accountIndex, accounts.firmIndex(accountIndex), reservedCents);
        positions.removeOpen(accountIndex, o.positionSlot(slot), o.side(slot), reservedQty);
        if (OpenOrders.HELD == o.state(slot))
        {
            removeHeld(slot);
        }
        if (0 != o.sweepReason(slot))
        {
            unmark(slot);
        }
        orderByClOrdId.remove(o.source(slot), o.clOrdId(slot));
        o.close(slot);
    }

    private int releaseHeld(final long orderId)
    {
        final int slot = openOrders.find(orderId);
        if (OpenOrders.NONE == slot || OpenOrders.HELD != openOrders.state(slot))
        {
            return CommandRing.RESULT_UNKNOWN_ORDER;
        }
        final OpenOrders o = openOrders;
        final int venueIndex = o.venueIndex(slot);
        final int accountIndex = o.accountIndex(slot);
        // What can have changed while it waited: intake, halts, kills, the venue.
        int reason = RejectReason.NONE;
        if (!intakeOpen)
        {
            reason = RejectReason.SEALED;
        }
        else if (tradingHalted)
        {
            reason = RejectReason.TRADING_HALTED;
        }
        else if (kills.isKilled(accountIndex, accounts.firmIndex(accountIndex)))
        {
            reason = RejectReason.KILL_SWITCH;
        }
        else if (symbols.isHalted(o.symbolIndex(slot)))
        {
            reason = RejectReason.SYMBOL_HALTED;
        }
        else if (!venues.canSend(venueIndex, NewOrderCodec.LENGTH))
        {
            reason = RejectReason.VENUE_DOWN;
        }
        if (RejectReason.NONE != reason)
        {
            rejectHeld(slot, reason);
            return CommandRing.RESULT_APPLIED;
        }
        final long account = accounts.account(accountIndex);
        final long symbol = symbols.symbol(o.symbolIndex(slot));
        if (!dropCopy.order(OrderEvents.HOLD_RELEASED, orderId, o.clOrdId(slot), clientIds[o.source(slot)], account,
            symbol, o.quantity(slot), o.priceE4(slot), venueNames[venueIndex], o.side(slot), o.ordType(slot),
            RejectReason.NONE))
        {
            return RETRY; // never routed unrecorded: the command stays in the ring and is applied again
        }
        removeHeld(slot);
        o.state(slot, OpenOrders.ROUTED);
        venues.newOrder(venueIndex, orderId, account, symbol, o.side(slot), o.ordType(slot), o.quantity(slot),
            o.priceE4(slot));
        metrics.increment(OrderPathMetrics.ACCEPTED);
        return CommandRing.RESULT_APPLIED;
    }

    // ---------------------------------------------------------------------------------------------
    // venue side
    // ---------------------------------------------------------------------------------------------

    /**
     * A report from a venue for order {@code orderId}.
     *
     * @return 0 when handled (or ignored and counted), {@link #BACK_PRESSURE} when it must be retried.
     */
    public int onVenueReport(
        final int venueIndex,
        final long orderId,
        final long venueOrderId,
        final int execType,
        final long quantity,
        final long priceE4,
        final int venueReason)
    {
        final OpenOrders o = openOrders;
        final int slot = o.find(orderId);
        if (OpenOrders.NONE == slot || o.venueIndex(slot) != venueIndex || OpenOrders.ROUTED != o.state(slot) ||
            !ExecType.isValid(execType))
        {
            metrics.increment(OrderPathMetrics.UNKNOWN_VENUE_REPORTS);
            return 0;
        }
        final int source = o.source(slot);
        if (!dropCopy.hasRoomForOrderEvent())
        {
            return BACK_PRESSURE;
        }
        final long clOrdId = o.clOrdId(slot);
        final long clientId = clientIds[source];
        final long venue = venueNames[venueIndex];
        final int accountIndex = o.accountIndex(slot);
        final int firmIndex = accounts.firmIndex(accountIndex);
        switch (execType)
        {
            case ExecType.ACK:
                dropCopy.execution(OrderEvents.VENUE_ACK, orderId, clOrdId, clientId, venueOrderId, venue, 0, 0,
                    o.leavesQty(slot), 0);
                metrics.increment(OrderPathMetrics.VENUE_ACKS);
                reports.report(source, clOrdId, venueOrderId, 0, 0, ExecType.ACK, RejectReason.NONE);
                return 0;

            case ExecType.FILL:
            {
                final long fillQty = Math.min(Math.max(0, quantity), o.leavesQty(slot));
                exposure.execute(accountIndex, firmIndex, Notional.cents(fillQty, o.exposurePriceE4(slot)),
                    Notional.cents(fillQty, priceE4));
                positions.fill(accountIndex, o.positionSlot(slot), o.side(slot), fillQty);
                final long leaves = o.fill(slot, fillQty);
                dropCopy.execution(OrderEvents.FILL, orderId, clOrdId, clientId, venueOrderId, venue, quantity, priceE4,
                    leaves, 0);
                metrics.increment(OrderPathMetrics.FILLS);
                if (0 == leaves)
                {
                    releaseAndClose(slot);
                }
                reports.report(source, clOrdId, venueOrderId, quantity, priceE4, ExecType.FILL, RejectReason.NONE);
                return 0;
            }

            case ExecType.CANCELED:
            {
                final long leaves = o.leavesQty(slot);
                dropCopy.execution(OrderEvents.CANCELED, orderId, clOrdId, clientId, venueOrderId, venue, leaves,
                    o.priceE4(slot), 0, 0);
                metrics.increment(OrderPathMetrics.CANCELS);
                releaseAndClose(slot);
                reports.report(source, clOrdId, venueOrderId, leaves, 0, ExecType.CANCELED, RejectReason.NONE);
                return 0;
            }

            case ExecType.REPLACED:
            {
                if (!o.isPendingReplace(slot))
                {
                    metrics.increment(OrderPathMetrics.UNKNOWN_VENUE_REPORTS);
                    return 0;
                }
                final long newClOrdId = o.pendingClOrdId(slot);
                final long newQuantity = o.pendingQuantity(slot);
                final long newPrice = o.pendingPriceE4(slot);
                final long newExposurePrice = OrdType.MARKET == o.ordType(slot) ? o.exposurePriceE4(slot) : newPrice;
                // release the old order's leaves and the extra held while pending, reserve the new leaves
                final long oldLeaves = o.leavesQty(slot);
                exposure.release(accountIndex, firmIndex,
                    Notional.cents(oldLeaves, o.exposurePriceE4(slot)) + o.pendingReservedCents(slot));
                positions.removeOpen(accountIndex, o.positionSlot(slot), o.side(slot),
                    oldLeaves + o.pendingReservedQty(slot));
                o.replace(slot, newQuantity, newPrice);
                final long newLeaves = o.leavesQty(slot);
                exposure.reserve(accountIndex, firmIndex, Notional.cents(newLeaves, newExposurePrice));
                positions.addOpen(accountIndex, o.positionSlot(slot), o.side(slot), newLeaves);
                orderByClOrdId.remove(source, clOrdId);
                if (orderByClOrdId.put(source, newClOrdId, slot))
                {
                    o.clOrdId(slot, newClOrdId);
                }
                else
                {
                    orderByClOrdId.put(source, clOrdId, slot); // never by chance: it keeps its old name
                }
                dropCopy.execution(OrderEvents.REPLACED, orderId, newClOrdId, clientId, venueOrderId, venue, newQuantity,
                    newPrice, newLeaves, 0);
                metrics.increment(OrderPathMetrics.REPLACES);
                reports.report(source, newClOrdId, venueOrderId, newQuantity, newPrice, ExecType.REPLACED,
                    RejectReason.NONE);
                if (0 == newLeaves)
                {
                    releaseAndClose(slot);
                }
                return 0;
            }

            case ExecType.REJECT:
            {
                metrics.increment(RejectReason.VENUE_REJECTED);
                if (o.isPendingReplace(slot))
                {
                    // the replace was refused; the order stands as it was
                    final long replaceClOrdId = o.pendingClOrdId(slot);
                    exposure.release(accountIndex, firmIndex, o.pendingReservedCents(slot));
                    positions.removeOpen(accountIndex, o.positionSlot(slot), o.side(slot), o.pendingReservedQty(slot));
                    o.clearPendingReplace(slot);
                    dropCopy.execution(OrderEvents.VENUE_REJECTED, orderId, replaceClOrdId, clientId, venueOrderId,
                        venue, 0, 0, o.leavesQty(slot), venueReason);
                    reports.report(source, replaceClOrdId, venueOrderId, 0, 0, ExecType.REJECT,
                        RejectReason.VENUE_REJECTED);
                    return 0;
                }
                if (o.isPendingCancel(slot))
                {
                    // the cancel was refused (e.g. too late); the order stands
                    o.pendingCancel(slot, false);
                    dropCopy.execution(OrderEvents.VENUE_REJECTED, orderId, clOrdId, clientId, venueOrderId, venue, 0,
                        0, o.leavesQty(slot), venueReason);
                    reports.report(source, clOrdId, venueOrderId, 0, 0, ExecType.REJECT, RejectReason.VENUE_REJECTED);
                    return 0;
                }
                dropCopy.execution(OrderEvents.VENUE_REJECTED, orderId, clOrdId, clientId, venueOrderId, venue, 0, 0, 0,
                    venueReason);
                releaseAndClose(slot);
                reports.report(source, clOrdId, venueOrderId, 0, 0, ExecType.REJECT, RejectReason.VENUE_REJECTED);
                return 0;
            }

            default:
                metrics.increment(OrderPathMetrics.UNKNOWN_VENUE_REPORTS);
                return 0;
        }
    }

    /**
     * A venue's reference price for a symbol (market data). Taken only from the venue the symbol
     * routes to, and only when positive; anything else is ignored and counted.
     */
    public void onReferencePrice(final int venueIndex, final long symbol, final long priceE4)
    {
        final int index = symbols.indexOf(symbol);
        if (SymbolTable.NONE == index || symbols.venue(index) != venueIndex || priceE4 <= 0)
        {
            metrics.increment(OrderPathMetrics.UNKNOWN_VENUE_REPORTS);
            return;
        }
        symbols.referencePriceE4(index, priceE4);
    }

    /**
     * The venue's session is gone, and with it (venues cancel on disconnect) every order there:
     * releases their exposure and tells their clients CANCELED.
     *
     * @return how many orders were abandoned.
     */
    public int onVenueDown(final int venueIndex)
    {
        final OpenOrders o = openOrders;
        if (0 == o.liveCount())
        {
            return 0;
        }
        int abandoned = 0;
        for (int i = o.liveCount() - 1; i >= 0; i--) // from the end: closing moves the last into i
        {
            final int slot = o.liveSlot(i);
            if (o.venueIndex(slot) == venueIndex && OpenOrders.ROUTED == o.state(slot))
            {
                final int source = o.source(slot);
                final long clOrdId = o.clOrdId(slot);
                final long leaves = o.leavesQty(slot);
                releaseAndClose(slot);
                reports.report(source, clOrdId, 0, leaves, 0, ExecType.CANCELED, RejectReason.VENUE_DOWN);
                abandoned++;
            }
        }
        return abandoned;
    }

    /**
     * Cancel on disconnect: the client's session is gone; every open order it sent is cancelled
     * (held ones at once, routed ones at their venue).
     *
     * @return orders cancelled or asked to cancel.
     */
    public int onSourceDisconnected(final int source)
    {
        return cancelWhere(SCOPE_SOURCE, source, CANCEL_ON_DISCONNECT);
    }

    private static final int SCOPE_SOURCE = -1;
    /** Internal result of a command step that could not be recorded yet: apply the command again later. */
    private static final int RETRY = Integer.MIN_VALUE;

    /**
     * Marks every open order matching the scope for cancelling, then cancels as many as can be now
     * (held ones at once, routed ones at their venue). What cannot be done now, because the drop copy
     * has no room for its event or the venue cannot take the cancel, stays marked and is done on later
     * duty cycles ({@link #tick}): a sweep never skips an order and never acts unrecorded.
     *
     * @return orders newly marked (each is cancelled, now or later, unless it finishes first).
     */
    private int cancelWhere(final int scope, final long id, final int why)
    {
        final OpenOrders o = openOrders;
        int marked = 0;
        for (int i = o.liveCount() - 1; i >= 0; i--)
        {
            final int slot = o.liveSlot(i);
            if (0 == o.sweepReason(slot) && matches(slot, scope, id))
            {
                o.sweepReason(slot, why);
                marked++;
            }
        }
        sweepPending += marked;
        if (sweepPending > 0)
        {
            continueSweep();
        }
        return marked;
    }

    /** Cancels marked orders while the drop copy has room; stops (to resume next tick) when it has none. */
    private void continueSweep()
    {
        final OpenOrders o = openOrders;
        for (int i = o.liveCount() - 1; i >= 0 && sweepPending > 0; i--) // from the end: closing moves the last into i
        {
            final int slot = o.liveSlot(i);
            final int why = o.sweepReason(slot);
            if (0 == why)
            {
                continue;
            }
            if (!dropCopy.hasRoomForOrderEvent())
            {
                return;
            }
            if (OpenOrders.HELD == o.state(slot))
            {
                rejectHeld(slot, CANCEL_ON_DISCONNECT == why ? RejectReason.NOT_LOGGED_ON : why); // closes: unmarks
            }
            else if (o.isPendingCancel(slot))
            {
                unmark(slot); // a cancel is already on its way
            }
            else if (venues.canSend(o.venueIndex(slot), CancelCodec.LENGTH))
            {
                unmark(slot);
                requestCancel(slot, why);
            }
            // else the venue cannot take it now: it stays marked (a venue lost closes its orders anyway)
        }
    }

    private void unmark(final int slot)
    {
        openOrders.sweepReason(slot, 0);
        sweepPending--;
    }

    /** Orders a halt, kill or disconnect has marked and not yet cancelled (0 once every sweep is done). */
    public int sweepPendingCount()
    {
        return sweepPending;
    }

    private boolean matches(final int slot, final int scope, final long id)
    {
        switch (scope)
        {
            case SCOPE_SOURCE:
                return openOrders.source(slot) == id;
            case Scope.GLOBAL:
                return true;
            case Scope.ACCOUNT:
                return openOrders.accountIndex(slot) == id;
            case Scope.FIRM:
                return accounts.firmIndex(openOrders.accountIndex(slot)) == id;
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // commands
    // ---------------------------------------------------------------------------------------------

    public boolean isIntakeOpen()
    {
        return intakeOpen;
    }

    public boolean isTradingHalted()
    {
        return tradingHalted;
    }

    /**
     * Applies one command from the {@link CommandRing}. Call only between two messages.
     *
     * @return false when it could not be recorded yet (drop copy full): leave it in the ring and retry.
     */
    public boolean onCommand(final int type, final DirectBuffer buffer, final int index)
    {
        if (!dropCopy.hasRoomForOrderEvent())
        {
            if (CommandRing.SEAL == type || CommandRing.HALT_ALL == type)
            {
                intakeOpen = CommandRing.SEAL != type && intakeOpen; // closing takes effect at once
                tradingHalted = CommandRing.HALT_ALL == type || tradingHalted;
            }
            return false;
        }
        final long seq = buffer.getLong(index + CommandRing.SEQ_OFFSET);
        final long arg1 = buffer.getLong(index + CommandRing.ARG1_OFFSET);
        final long arg2 = buffer.getLong(index + CommandRing.ARG2_OFFSET);
        final long arg3 = buffer.getLong(index + CommandRing.ARG3_OFFSET);
        int result = CommandRing.RESULT_APPLIED;
        int count = 0;
        switch (type)
        {
            case CommandRing.OPEN:
                if (!dropCopy.intake(OrderEvents.INTAKE_OPENED, 0))
                {
                    return false;
                }
                intakeOpen = true;
                break;

            case CommandRing.SEAL:
                intakeOpen = false;
                if (!dropCopy.intake(OrderEvents.INTAKE_SEALED, (int)arg1))
                {
                    return false;
                }
                break;

            case CommandRing.SET_LIMIT:
            {
                final int set = limits.set((int)(arg1 >>> 32), (int)arg1, arg2, arg3);
                result = ScopedLimits.OK == set ? CommandRing.RESULT_APPLIED :
                    ScopedLimits.FULL == set ? CommandRing.RESULT_TABLE_FULL : CommandRing.RESULT_BAD_ARGUMENT;
                break;
            }

            case CommandRing.SET_ROUTE:
            {
                final int venueIndex = venueIndex(arg2);
                if (venueIndex < 0)
                {
                    result = CommandRing.RESULT_UNKNOWN_VENUE;
                    break;
                }
                if (!Ascii8.isValid(arg1))
                {
                    result = CommandRing.RESULT_BAD_ARGUMENT;
                    break;
                }
                final int symbolIndex = symbols.indexOrAdd(arg1);
                if (SymbolTable.NONE == symbolIndex)
                {
                    result = CommandRing.RESULT_TABLE_FULL;
                    break;
                }
                symbols.venue(symbolIndex, venueIndex);
                break;
            }

            case CommandRing.REMOVE_ROUTE:
            {
                final int symbolIndex = symbols.indexOf(arg1);
                if (SymbolTable.NONE == symbolIndex)
                {
                    result = CommandRing.RESULT_UNKNOWN_ID;
                    break;
                }
                symbols.venue(symbolIndex, SymbolTable.NO_ROUTE);
                break;
            }

            case CommandRing.HALT_SYMBOL:
            case CommandRing.RESUME_SYMBOL:
            {
                final int symbolIndex = Ascii8.isValid(arg1) ? symbols.indexOrAdd(arg1) : SymbolTable.NONE;
                if (SymbolTable.NONE == symbolIndex)
                {
                    result = CommandRing.RESULT_BAD_ARGUMENT;
                    break;
                }
                symbols.halted(symbolIndex, CommandRing.HALT_SYMBOL == type);
                break;
            }

            case CommandRing.KILL:
            case CommandRing.REVIVE:
            {
                final boolean kill = CommandRing.KILL == type;
                final int scope = (int)arg1;
                if (Scope.GLOBAL == scope)
                {
                    kills.global(kill);
                    count = kill ? cancelWhere(Scope.GLOBAL, 0, RejectReason.KILL_SWITCH) : 0;
                }
                else if (Scope.ACCOUNT == scope)
                {
                    // an account not seen yet can be killed ahead of its first order (when accounts are not configured)
                    final int accountIndex = Ascii8.isValid(arg2) ? accounts.resolve(arg2) : Accounts.NONE;
                    if (Accounts.NONE == accountIndex)
                    {
                        result = CommandRing.RESULT_UNKNOWN_ID;
                        break;
                    }
                    kills.account(accountIndex, kill);
                    count = kill ? cancelWhere(Scope.ACCOUNT, accountIndex, RejectReason.KILL_SWITCH) : 0;
                }
                else if (Scope.FIRM == scope)
                {
                    final int firmIndex = accounts.firmIndexOf(arg2);
                    if (Accounts.NONE == firmIndex)
                    {
                        result = CommandRing.RESULT_UNKNOWN_ID;
                        break;
                    }
                    kills.firm(firmIndex, kill);
                    count = kill ? cancelWhere(Scope.FIRM, firmIndex, RejectReason.KILL_SWITCH) : 0;
                }
                else
                {
                    result = CommandRing.RESULT_BAD_ARGUMENT;
                }
                break;
            }

            case CommandRing.HALT_ALL:
                tradingHalted = true;
                count = cancelWhere(Scope.GLOBAL, 0, RejectReason.TRADING_HALTED);
                break;

            case CommandRing.RESUME:
                tradingHalted = false;
                break;

            case CommandRing.RELEASE_HELD:
                result = releaseHeld(arg1);
                if (RETRY == result)
                {
                    return false;
                }
                break;

            case CommandRing.REJECT_HELD:
            {
                final int slot = openOrders.find(arg1);
                if (OpenOrders.NONE == slot || OpenOrders.HELD != openOrders.state(slot))
                {
                    result = CommandRing.RESULT_UNKNOWN_ORDER;
                    break;
                }
                rejectHeld(slot, RejectReason.HOLD_REJECTED);
                break;
            }

            default:
                result = CommandRing.RESULT_BAD_ARGUMENT;
                break;
        }
        if (!dropCopy.command(seq, type, result, arg1, arg2, arg3, count))
        {
            metrics.increment(OrderPathMetrics.DROP_COPY_LOST);
        }
        commands.markApplied(seq, result);
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // state for tests and the control plane (read on the order-path thread only, or after it stopped)
    // ---------------------------------------------------------------------------------------------

    /** Open orders (held and routed). */
    public int openOrderCount()
    {
        return openOrders.liveCount();
    }

    /** Orders waiting for a second person. */
    public int heldOrderCount()
    {
        return heldCount;
    }

    /** Open plus executed notional of an account, cents; -1 for an unknown account. */
    public long accountCreditUsedCents(final long account)
    {
        final int index = accounts.indexOf(account);
        return Accounts.NONE == index ? -1 : exposure.accountUsed(index);
    }

    /** Net executed position of an account in a symbol; 0 when unknown. */
    public long position(final long account, final long symbol)
    {
        final int accountIndex = accounts.indexOf(account);
        final int symbolIndex = symbols.indexOf(symbol);
        return Accounts.NONE == accountIndex || SymbolTable.NONE == symbolIndex ? 0 :
            positions.net(positions.slot(accountIndex, symbolIndex));
    }
}
