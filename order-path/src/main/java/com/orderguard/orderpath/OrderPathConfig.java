package com.orderguard.orderpath;

import com.orderguard.orderpath.protocol.Ascii8;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The order path's settings, read and validated once at start-up from {@link Properties}. A bad
 * setting fails start-up with an {@link IllegalArgumentException} that names the key, the rule and
 * the value. Unknown {@code orderpath.*} keys are refused too: a misspelt risk limit must not
 * silently fall back to a default.
 * <pre>
 * orderpath.gateway.host             default 127.0.0.1
 * orderpath.gateway.port             0 = ephemeral, default 9001
 * orderpath.gateway.maxSessions      client sessions at once, 1..1024, default 16
 * orderpath.gateway.logonTimeoutMs   a connection without a valid Logon this long is closed, 1..60000, default 5000
 * orderpath.gateway.maxPendingConnections   connections waiting for their logon at once, 1..1024, default 64;
 *                                    more are closed on accept
 * orderpath.gateway.transit          encrypted (default): sessions open with SecureLogon and every later frame is
 *                                    sealed (AES-256-GCM, keys from an ECDH exchange signed by the HSM's gateway key);
 *                                    plain: order flow in clear, for latency benchmarks only (said loudly at start)
 * orderpath.gateway.refusalEventsPerSecond  refused connections journaled per second (one event each), 1..100000,
 *                                    default 100; the rest are only counted
 * orderpath.cpu                      -1 = any reserved cpu (default), else that cpu
 * orderpath.idle                     busy-spin (default) | yield | backoff
 * orderpath.clients                  comma list of client ids (1..8 printable ASCII) allowed to log on; required
 * orderpath.risk.maxOrderQuantity    &gt; 0; required
 * orderpath.venue.NAME.host          venue NAME (1..8 printable ASCII)
 * orderpath.venue.NAME.port          1..65535
 * orderpath.venue.NAME.client        client id the appliance logs on to the venue with
 * orderpath.venue.NAME.transport     tcp (default) | shm: frames through mapped rings venue-NAME.orders /
 *                                    venue-NAME.reports in orderpath.shm.dir (host, port, client not used)
 * orderpath.venue.reconnectIntervalMs  &gt; 0, default 1000
 * orderpath.venue.timeoutMs          a TCP venue silent this long (no report, heartbeat or market data) is dropped
 *                                    and reconnected, its orders considered cancelled; 0 = never, default 5000
 * orderpath.route.SYMBOL             = NAME of a configured venue; only routed symbols can trade
 * orderpath.dropCopy.ringBytes       power of two &gt;= 65536, default 8388608 (8 MiB: about 95,000 events; the journal frees them
 *                                    only once written, so the ring also holds one fsync's worth in flight)
 * orderpath.dropCopy.file            the drop-copy ring as a mapped file (on tmpfs, e.g. /dev/shm/...): its events
 *                                    outlive a kill -9 and are journaled at the next start; unset or "memory" =
 *                                    process memory (the appliance sets a /dev/shm default)
 * orderpath.maxOpenOrders            power of two &gt;= 2, default 65536
 *
 * orderpath.account.ACC.firm         the firm account ACC belongs to. Once any account is configured,
 *                                    orders for any other account are rejected UNKNOWN_ACCOUNT; with
 *                                    none configured every account trades, firm-less
 * orderpath.maxAccounts              accounts tracked (positions, credit), 1..65536, default 256
 * orderpath.maxSymbols               symbols tracked (routes, references, positions), 1..65536, default 1024;
 *                                    maxAccounts x maxSymbols at most 16777216
 * orderpath.risk.LIMIT[.account.ACC|.firm.F|.symbol.S]   see RiskLimit; unset = unlimited, except
 *                                    holdNotionalCents (default 100000000 = 1,000,000.00) and
 *                                    maxOrderQuantity (global value required). creditLimitCents takes
 *                                    no symbol scope; its global and account values bound each account,
 *                                    its firm value the firm. When a priceCollarBps applies, an order
 *                                    without a reference price is rejected NO_REFERENCE_PRICE
 * orderpath.risk.allowedOrdTypes[.account.ACC|.firm.F|.symbol.S]   comma list of LIMIT, MARKET; default both
 * orderpath.risk.allowedVenues.account.ACC / .firm.F   comma list of venue names; default every venue
 * orderpath.symbol.S.adv             average daily volume, shares; a market order needs one
 * orderpath.restricted.account.ACC / .firm.F   comma list of symbols the account / firm may not trade
 * orderpath.halted                   comma list of symbols halted at start
 * orderpath.throttle.messagesPerSecond   per session, &gt; 0, default 100000
 * orderpath.throttle.burst           messages a session may send at once, default = messagesPerSecond
 * orderpath.throttle.repeatedOrders.max      identical orders allowed per window, 0 = off, default 1000
 * orderpath.throttle.repeatedOrders.windowMs default 1000
 * orderpath.hold.timeoutMs           a held large order not released in time is rejected, default 60000
 * orderpath.hold.maxHeld             held orders at once, 1..4096, default 64
 * orderpath.dedupe.window            clOrdIds remembered per client over all clients for DUPLICATE_CL_ORD_ID, power of two, default 65536
 * orderpath.client.ID.hmacKey        hex, &gt;= 32 bytes: the client's logon key; a client without one cannot log on
 * orderpath.session.heartbeatIntervalMs   default 1000; orderpath.session.timeoutMs default 5000 (&gt; interval):
 *                                    a session silent that long is closed (and its orders cancelled)
 * orderpath.logon.maxClockSkewMs     default 30000
 * orderpath.shm.dir                  directory for shared-memory rings (e.g. /dev/shm/orderguard); unset = no shm ingress.
 *                                    Each ring is sealed anonymous memory (a Linux memfd no one can shrink or grow)
 *                                    linked from there; a machine that cannot seal memory refuses shm rings
 * orderpath.shm.producers            comma list of client ids that trade through shared memory
 * orderpath.shm.ringBytes            power of two &gt;= 65536, default 1048576, per ring
 * </pre>
 */
public final class OrderPathConfig
{
    public static final String PREFIX = "orderpath.";
    public static final String GATEWAY_HOST = "orderpath.gateway.host";
    public static final String GATEWAY_PORT = "orderpath.gateway.port";
    public static final String GATEWAY_MAX_SESSIONS = "orderpath.gateway.maxSessions";
    public static final String GATEWAY_LOGON_TIMEOUT_MS = "orderpath.gateway.logonTimeoutMs";
    public static final String GATEWAY_MAX_PENDING = "orderpath.gateway.maxPendingConnections";
    public static final String GATEWAY_REFUSAL_EVENTS_PER_SECOND = "orderpath.gateway.refusalEventsPerSecond";
    public static final String GATEWAY_TRANSIT = "orderpath.gateway.transit";
    public static final String TRANSIT_ENCRYPTED = "encrypted";
    public static final String TRANSIT_PLAIN = "plain";
    public static final String CPU = "orderpath.cpu";
    public static final String IDLE = "orderpath.idle";
    public static final String CLIENTS = "orderpath.clients";
    public static final String MAX_ORDER_QUANTITY = "orderpath.risk.maxOrderQuantity";
    public static final String VENUE_PREFIX = "orderpath.venue.";
    public static final String VENUE_RECONNECT_INTERVAL_MS = "orderpath.venue.reconnectIntervalMs";
    public static final String VENUE_TIMEOUT_MS = "orderpath.venue.timeoutMs";
    public static final String ROUTE_PREFIX = "orderpath.route.";
    public static final String DROP_COPY_RING_BYTES = "orderpath.dropCopy.ringBytes";
    public static final String DROP_COPY_FILE = "orderpath.dropCopy.file";
    /** orderpath.dropCopy.file's value for a ring in process memory (lost with the process). */
    public static final String DROP_COPY_IN_MEMORY = "memory";
    public static final String MAX_OPEN_ORDERS = "orderpath.maxOpenOrders";

    public static final String IDLE_BUSY_SPIN = "busy-spin";
    public static final String IDLE_YIELD = "yield";
    public static final String IDLE_BACKOFF = "backoff";

    public static final int MIN_DROP_COPY_RING_BYTES = 64 * 1024;
    /** Upper bound of maxAccounts x maxSymbols: one position slot (and restricted-list bit) per pair. */
    public static final int MAX_POSITION_SLOTS = 1 << 24;

    public static final String ACCOUNT_PREFIX = "orderpath.account.";
    public static final String MAX_ACCOUNTS = "orderpath.maxAccounts";
    public static final String MAX_SYMBOLS = "orderpath.maxSymbols";
    public static final String RISK_PREFIX = "orderpath.risk.";
    public static final String ALLOWED_ORD_TYPES = "orderpath.risk.allowedOrdTypes";
    public static final String ALLOWED_VENUES = "orderpath.risk.allowedVenues";
    public static final String SYMBOL_PREFIX = "orderpath.symbol.";
    public static final String RESTRICTED_PREFIX = "orderpath.restricted.";
    public static final String HALTED = "orderpath.halted";
    public static final String THROTTLE_MESSAGES_PER_SECOND = "orderpath.throttle.messagesPerSecond";
    public static final String THROTTLE_BURST = "orderpath.throttle.burst";
    public static final String REPEATED_ORDERS_MAX = "orderpath.throttle.repeatedOrders.max";
    public static final String REPEATED_ORDERS_WINDOW_MS = "orderpath.throttle.repeatedOrders.windowMs";
    public static final String HOLD_TIMEOUT_MS = "orderpath.hold.timeoutMs";
    public static final String HOLD_MAX_HELD = "orderpath.hold.maxHeld";
    public static final String DEDUPE_WINDOW = "orderpath.dedupe.window";
    public static final String CLIENT_PREFIX = "orderpath.client.";
    public static final String HEARTBEAT_INTERVAL_MS = "orderpath.session.heartbeatIntervalMs";
    public static final String SESSION_TIMEOUT_MS = "orderpath.session.timeoutMs";
    public static final String LOGON_MAX_CLOCK_SKEW_MS = "orderpath.logon.maxClockSkewMs";
    public static final String SHM_DIR = "orderpath.shm.dir";
    public static final String SHM_PRODUCERS = "orderpath.shm.producers";
    public static final String SHM_RING_BYTES = "orderpath.shm.ringBytes";

    /** A value set globally and per account, firm and symbol; absent = not set. */
    public record Scoped(Long global, Map<String, Long> accounts, Map<String, Long> firms, Map<String, Long> symbols)
    {
    }

    /**
     * A venue: over TCP the appliance logs on to it as a client; over shared memory ({@code transport}
     * "shm") it exchanges frames through two mapped rings in orderpath.shm.dir (venue-NAME.orders,
     * venue-NAME.reports), for a venue gateway on the same box or a benchmark.
     */
    public record Venue(String name, String host, int port, String clientId, String transport)
    {
        public static final String TCP = "tcp";
        public static final String SHM = "shm";

        public Venue(final String name, final String host, final int port, final String clientId)
        {
            this(name, host, port, clientId, TCP);
        }

        public boolean isShm()
        {
            return SHM.equals(transport);
        }
    }

    private final String gatewayHost;
    private final int gatewayPort;
    private final int maxSessions;
    private final long logonTimeoutMs;
    private final int maxPendingConnections;
    private final int refusalEventsPerSecond;
    private final boolean transitEncrypted;
    private final int cpu;
    private final String idle;
    private final List<String> clients;
    private final long maxOrderQuantity;
    private final List<Venue> venues;
    private final long venueReconnectIntervalMs;
    private final long venueTimeoutMs;
    private final Map<String, String> routes;
    private final int dropCopyRingBytes;
    private final String dropCopyFile;
    private final int maxOpenOrders;
    private final Map<String, String> accountFirms;
    private final int maxAccounts;
    private final int maxSymbols;
    private final List<Scoped> limits;
    private final Scoped allowedOrdTypes;
    private final Map<String, List<String>> allowedVenuesByAccount;
    private final Map<String, List<String>> allowedVenuesByFirm;
    private final Map<String, Long> advBySymbol;
    private final Map<String, List<String>> restrictedByAccount;
    private final Map<String, List<String>> restrictedByFirm;
    private final List<String> halted;
    private final long throttleMessagesPerSecond;
    private final long throttleBurst;
    private final int repeatedOrdersMax;
    private final long repeatedOrdersWindowMs;
    private final long holdTimeoutMs;
    private final int holdMaxHeld;
    private final int dedupeWindow;
    private final Map<String, byte[]> clientKeys;
    private final long heartbeatIntervalMs;
    private final long sessionTimeoutMs;
    private final long logonMaxClockSkewMs;
    private final String shmDir;
    private final List<String> shmProducers;
    private final int shmRingBytes;

    private OrderPathConfig(final Properties p)
    {
        gatewayHost = string(p, GATEWAY_HOST, "127.0.0.1");
        gatewayPort = (int)longValue(p, GATEWAY_PORT, 9001, 0, 65535);
        maxSessions = (int)longValue(p, GATEWAY_MAX_SESSIONS, 16, 1, 1024);
        logonTimeoutMs = longValue(p, GATEWAY_LOGON_TIMEOUT_MS, 5000, 1, 60_000);
        maxPendingConnections = (int)longValue(p, GATEWAY_MAX_PENDING, 64, 1, 1024);
        refusalEventsPerSecond = (int)longValue(p, GATEWAY_REFUSAL_EVENTS_PER_SECOND, 100, 1, 100_000);
        final String transit = string(p, GATEWAY_TRANSIT, TRANSIT_ENCRYPTED);
        if (!TRANSIT_ENCRYPTED.equals(transit) && !TRANSIT_PLAIN.equals(transit))
        {
            throw bad(GATEWAY_TRANSIT, "must be " + TRANSIT_ENCRYPTED + " or " + TRANSIT_PLAIN, transit);
        }
        transitEncrypted = TRANSIT_ENCRYPTED.equals(transit);
        cpu = (int)longValue(p, CPU, -1, -1, 4095);
        idle = string(p, IDLE, IDLE_BUSY_SPIN);
        if (!IDLE_BUSY_SPIN.equals(idle) && !IDLE_YIELD.equals(idle) && !IDLE_BACKOFF.equals(idle))
        {
            throw bad(IDLE, "must be busy-spin, yield or backoff", idle);
        }
        clients = clientIds(p);
        maxOrderQuantity = longValue(p, MAX_ORDER_QUANTITY, Long.MIN_VALUE, 1, Long.MAX_VALUE);
        venueReconnectIntervalMs = longValue(p, VENUE_RECONNECT_INTERVAL_MS, 1000, 1, 3_600_000);
        venueTimeoutMs = longValue(p, VENUE_TIMEOUT_MS, 5000, 0, 3_600_000);
        venues = venues(p);
        routes = routes(p, venues);
        dropCopyRingBytes = (int)powerOfTwo(p, DROP_COPY_RING_BYTES, 1 << 23, MIN_DROP_COPY_RING_BYTES, 1 << 30);
        final String file = p.containsKey(DROP_COPY_FILE) ? string(p, DROP_COPY_FILE, null) : null;
        dropCopyFile = DROP_COPY_IN_MEMORY.equals(file) ? null : file;
        maxOpenOrders = (int)powerOfTwo(p, MAX_OPEN_ORDERS, 1 << 16, 2, 1 << 24);
        accountFirms = accountFirms(p);
        maxAccounts = (int)longValue(p, MAX_ACCOUNTS, 256, 1, 65536);
        if (accountFirms.size() > maxAccounts)
        {
            throw bad(MAX_ACCOUNTS, "must be >= the number of configured accounts (" + accountFirms.size() + ")",
                Integer.toString(maxAccounts));
        }
        maxSymbols = (int)longValue(p, MAX_SYMBOLS, 1024, 1, 65536);
        if (routes.size() > maxSymbols)
        {
            throw bad(MAX_SYMBOLS, "must be >= the number of routes (" + routes.size() + ")", Integer.toString(maxSymbols));
        }
        if ((long)maxAccounts * maxSymbols > MAX_POSITION_SLOTS)
        {
            throw bad(MAX_SYMBOLS, "times " + MAX_ACCOUNTS + " (" + maxAccounts + ") must be <= " + MAX_POSITION_SLOTS +
                " (a position slot per account and symbol)", Integer.toString(maxSymbols));
        }
        final List<Scoped> limits = new ArrayList<>();
        for (int limit = 0; limit < com.orderguard.orderpath.risk.RiskLimit.COUNT; limit++)
        {
            limits.add(scopedLongs(p, com.orderguard.orderpath.risk.RiskLimit.name(limit),
                com.orderguard.orderpath.risk.RiskLimit.CREDIT_LIMIT_CENTS != limit));
        }
        this.limits = Collections.unmodifiableList(limits);
        allowedOrdTypes = scopedOrdTypes(p);
        allowedVenuesByAccount = lists(p, ALLOWED_VENUES + ".account.", venueNames(venues));
        allowedVenuesByFirm = lists(p, ALLOWED_VENUES + ".firm.", venueNames(venues));
        advBySymbol = advBySymbol(p);
        restrictedByAccount = lists(p, RESTRICTED_PREFIX + "account.", null);
        restrictedByFirm = lists(p, RESTRICTED_PREFIX + "firm.", null);
        halted = symbolList(p, HALTED);
        throttleMessagesPerSecond = longValue(p, THROTTLE_MESSAGES_PER_SECOND, 100_000, 1, 1_000_000_000);
        throttleBurst = longValue(p, THROTTLE_BURST, throttleMessagesPerSecond, 1, 1_000_000_000);
        repeatedOrdersMax = (int)longValue(p, REPEATED_ORDERS_MAX, 1000, 0, Integer.MAX_VALUE);
        repeatedOrdersWindowMs = longValue(p, REPEATED_ORDERS_WINDOW_MS, 1000, 1, 86_400_000);
        holdTimeoutMs = longValue(p, HOLD_TIMEOUT_MS, 60_000, 1, 86_400_000);
        holdMaxHeld = (int)longValue(p, HOLD_MAX_HELD, 64, 1, 4096);
        dedupeWindow = (int)powerOfTwo(p, DEDUPE_WINDOW, 1 << 16, 2, 1 << 22);
        clientKeys = clientKeys(p, clients);
        heartbeatIntervalMs = longValue(p, HEARTBEAT_INTERVAL_MS, 1000, 1, 3_600_000);
        sessionTimeoutMs = longValue(p, SESSION_TIMEOUT_MS, 5000, 1, 3_600_000);
        if (sessionTimeoutMs <= heartbeatIntervalMs)
        {
            throw bad(SESSION_TIMEOUT_MS, "must be > " + HEARTBEAT_INTERVAL_MS + " (" + heartbeatIntervalMs + ")",
                Long.toString(sessionTimeoutMs));
        }
        logonMaxClockSkewMs = longValue(p, LOGON_MAX_CLOCK_SKEW_MS, 30_000, 1, 3_600_000);
        shmDir = p.containsKey(SHM_DIR) ? string(p, SHM_DIR, null) : null;
        shmProducers = p.containsKey(SHM_PRODUCERS) ? idList(p, SHM_PRODUCERS) : List.of();
        for (final String producer : shmProducers)
        {
            if (!clients.contains(producer))
            {
                throw bad(SHM_PRODUCERS, "must name clients listed in " + CLIENTS + " (" + producer + " is not)",
                    p.getProperty(SHM_PRODUCERS));
            }
        }
        if (!shmProducers.isEmpty() && null == shmDir)
        {
            throw bad(SHM_DIR, "is required when " + SHM_PRODUCERS + " is set", "missing");
        }
        shmRingBytes = (int)powerOfTwo(p, SHM_RING_BYTES, 1 << 20, 1 << 16, 1 << 30);
        final String cannotSeal = !shmProducers.isEmpty() || venues.stream().anyMatch(Venue::isShm) ?
            com.orderguard.orderpath.shm.MappedRing.sealedUnavailableReason() : null;
        if (null != cannotSeal)
        {
            // A ring in a plain file can be cut short by the peer under the order path's mapping, and the
            // fault that follows is delivered asynchronously, anywhere (even in a cleaner, which exits
            // the JVM): no fallback to files.
            throw bad(SHM_DIR, "needs sealed shared memory (a Linux memfd), which this machine cannot make (" +
                cannotSeal + ")", shmDir);
        }
        refuseUnknownKeys(p);
        refuseUnknownAccountsAndFirms();
    }

    /**
     * A setting for an account that is not configured (when accounts are) or for a firm no account
     * belongs to would never apply: refuse it rather than let a limit silently not exist.
     */
    private void refuseUnknownAccountsAndFirms()
    {
        final java.util.Set<String> firms = new TreeSet<>(accountFirms.values());
        final List<String> where = new ArrayList<>();
        for (int limit = 0; limit < limits.size(); limit++)
        {
            final String name = RISK_PREFIX + com.orderguard.orderpath.risk.RiskLimit.name(limit);
            limits.get(limit).accounts().keySet().forEach(a -> where.add(name + ".account." + a));
            limits.get(limit).firms().keySet().forEach(f -> where.add(name + ".firm." + f));
        }
        allowedOrdTypes.accounts().keySet().forEach(a -> where.add(ALLOWED_ORD_TYPES + ".account." + a));
        allowedOrdTypes.firms().keySet().forEach(f -> where.add(ALLOWED_ORD_TYPES + ".firm." + f));
        allowedVenuesByAccount.keySet().forEach(a -> where.add(ALLOWED_VENUES + ".account." + a));
        allowedVenuesByFirm.keySet().forEach(f -> where.add(ALLOWED_VENUES + ".firm." + f));
        restrictedByAccount.keySet().forEach(a -> where.add(RESTRICTED_PREFIX + "account." + a));
        restrictedByFirm.keySet().forEach(f -> where.add(RESTRICTED_PREFIX + "firm." + f));
        for (final String key : where)
        {
            final String id = key.substring(key.lastIndexOf('.') + 1);
            if (key.contains(".firm.") && !firms.contains(id))
            {
                throw new IllegalArgumentException(key + " names firm " + id + ", but no account belongs to it (" +
                    ACCOUNT_PREFIX + "<ACCOUNT>.firm=" + id + ")");
            }
            if (key.contains(".account.") && !accountFirms.isEmpty() && !accountFirms.containsKey(id))
            {
                throw new IllegalArgumentException(key + " names account " + id + ", which is not configured (" +
                    ACCOUNT_PREFIX + id + ".firm)");
            }
        }
    }

    /**
     * Reads and validates the settings.
     *
     * @throws IllegalArgumentException naming the first bad key, e.g.
     *         "orderpath.risk.maxOrderQuantity must be &gt; 0, was -3".
     */
    public static OrderPathConfig from(final Properties p)
    {
        return new OrderPathConfig(p);
    }

    public String gatewayHost()
    {
        return gatewayHost;
    }

    public int gatewayPort()
    {
        return gatewayPort;
    }

    public int maxSessions()
    {
        return maxSessions;
    }

    public long logonTimeoutMs()
    {
        return logonTimeoutMs;
    }

    public int maxPendingConnections()
    {
        return maxPendingConnections;
    }

    public int refusalEventsPerSecond()
    {
        return refusalEventsPerSecond;
    }

    /** Whether broker sessions must be encrypted (orderpath.gateway.transit=encrypted, the default). */
    public boolean transitEncrypted()
    {
        return transitEncrypted;
    }

    public int cpu()
    {
        return cpu;
    }

    public String idle()
    {
        return idle;
    }

    public List<String> clients()
    {
        return clients;
    }

    public long maxOrderQuantity()
    {
        return maxOrderQuantity;
    }

    /** Venues in name order; a venue's index in this list is its id inside the order path. */
    public List<Venue> venues()
    {
        return venues;
    }

    public long venueReconnectIntervalMs()
    {
        return venueReconnectIntervalMs;
    }

    /** 0 = venues are never timed out. */
    public long venueTimeoutMs()
    {
        return venueTimeoutMs;
    }

    /** Symbol → venue name, in symbol order. */
    public Map<String, String> routes()
    {
        return routes;
    }

    public int dropCopyRingBytes()
    {
        return dropCopyRingBytes;
    }

    public int maxOpenOrders()
    {
        return maxOpenOrders;
    }

    /** Account → firm, as configured; empty when accounts are not configured (every account trades, firm-less). */
    public Map<String, String> accountFirms()
    {
        return accountFirms;
    }

    public int maxAccounts()
    {
        return maxAccounts;
    }

    public int maxSymbols()
    {
        return maxSymbols;
    }

    /** The configured values of a {@link com.orderguard.orderpath.risk.RiskLimit}. */
    public Scoped limit(final int riskLimit)
    {
        return limits.get(riskLimit);
    }

    /** Allowed order types as {@link com.orderguard.orderpath.protocol.OrdType#bit} masks. */
    public Scoped allowedOrdTypes()
    {
        return allowedOrdTypes;
    }

    public Map<String, List<String>> allowedVenuesByAccount()
    {
        return allowedVenuesByAccount;
    }

    public Map<String, List<String>> allowedVenuesByFirm()
    {
        return allowedVenuesByFirm;
    }

    public Map<String, Long> advBySymbol()
    {
        return advBySymbol;
    }

    public Map<String, List<String>> restrictedByAccount()
    {
        return restrictedByAccount;
    }

    public Map<String, List<String>> restrictedByFirm()
    {
        return restrictedByFirm;
    }

    public List<String> halted()
    {
        return halted;
    }

    public long throttleMessagesPerSecond()
    {
        return throttleMessagesPerSecond;
    }

    public long throttleBurst()
    {
        return throttleBurst;
    }

    public int repeatedOrdersMax()
    {
        return repeatedOrdersMax;
    }

    public long repeatedOrdersWindowMs()
    {
        return repeatedOrdersWindowMs;
    }

    public long holdTimeoutMs()
    {
        return holdTimeoutMs;
    }

    public int holdMaxHeld()
    {
        return holdMaxHeld;
    }

    public int dedupeWindow()
    {
        return dedupeWindow;
    }

    /** Logon key of a client, or null when none is configured (that client cannot log on). A copy. */
    public byte[] clientKey(final String clientId)
    {
        final byte[] key = clientKeys.get(clientId);
        return null == key ? null : key.clone();
    }

    public long heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public long sessionTimeoutMs()
    {
        return sessionTimeoutMs;
    }

    public long logonMaxClockSkewMs()
    {
        return logonMaxClockSkewMs;
    }

    /** The drop-copy ring's mapped file, or null when the ring lives in process memory. */
    public String dropCopyFile()
    {
        return dropCopyFile;
    }

    /** Directory of the shared-memory rings, or null when there is no shared-memory ingress. */
    public String shmDir()
    {
        return shmDir;
    }

    public List<String> shmProducers()
    {
        return shmProducers;
    }

    public int shmRingBytes()
    {
        return shmRingBytes;
    }

    public String toString()
    {
        return "OrderPathConfig{gateway=" + gatewayHost + ":" + gatewayPort + ", maxSessions=" + maxSessions +
            ", cpu=" + cpu + ", idle=" + idle + ", clients=" + clients + ", maxOrderQuantity=" + maxOrderQuantity +
            ", venues=" + venues + ", routes=" + routes + ", dropCopyRingBytes=" + dropCopyRingBytes +
            ", maxOpenOrders=" + maxOpenOrders + ", accounts=" + accountFirms + ", clientKeys=" + clientKeys.keySet() +
            " (values not shown)}";
    }

    private static List<String> clientIds(final Properties p)
    {
        final String value = p.getProperty(CLIENTS);
        if (null == value || value.isBlank())
        {
            throw new IllegalArgumentException(CLIENTS + " must list at least one client id, was " +
                (null == value ? "missing" : "\"" + value + "\""));
        }
        final List<String> ids = new ArrayList<>();
        for (final String raw : value.split(",", -1))
        {
            final String id = raw.trim();
            if (!isAscii8(id))
            {
                throw bad(CLIENTS, "must be a comma list of 1 to 8 printable ASCII characters each", value);
            }
            if (ids.contains(id))
            {
                throw bad(CLIENTS, "must not repeat a client id (" + id + ")", value);
            }
            ids.add(id);
        }
        return Collections.unmodifiableList(ids);
    }

    private static List<Venue> venues(final Properties p)
    {
        final TreeSet<String> names = new TreeSet<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(VENUE_PREFIX) && !key.equals(VENUE_RECONNECT_INTERVAL_MS) && !key.equals(VENUE_TIMEOUT_MS))
            {
                final String rest = key.substring(VENUE_PREFIX.length());
                final int dot = rest.lastIndexOf('.');
                final String field = dot < 0 ? "" : rest.substring(dot + 1);
                final String name = dot < 0 ? rest : rest.substring(0, dot);
                if (!"host".equals(field) && !"port".equals(field) && !"client".equals(field) &&
                    !"transport".equals(field))
                {
                    throw new IllegalArgumentException(key + " is not a setting: a venue takes " +
                        VENUE_PREFIX + "<NAME>.host, .port and .client (and .transport=tcp|shm)");
                }
                if (!isAscii8(name))
                {
                    throw new IllegalArgumentException(key + ": the venue name must be 1 to 8 printable ASCII " +
                        "characters without '.', was \"" + name + "\"");
                }
                names.add(name);
            }
        }
        final List<Venue> venues = new ArrayList<>();
        for (final String name : names)
        {
            final String transportKey = VENUE_PREFIX + name + ".transport";
            final String transport = string(p, transportKey, Venue.TCP);
            if (!Venue.TCP.equals(transport) && !Venue.SHM.equals(transport))
            {
                throw bad(transportKey, "must be tcp or shm", transport);
            }
            if (Venue.SHM.equals(transport))
            {
                if (!p.containsKey(SHM_DIR))
                {
                    throw bad(SHM_DIR, "is required when " + transportKey + " is shm", "missing");
                }
                venues.add(new Venue(name, "", 0, "", Venue.SHM));
                continue;
            }
            final String hostKey = VENUE_PREFIX + name + ".host";
            final String portKey = VENUE_PREFIX + name + ".port";
            final String clientKey = VENUE_PREFIX + name + ".client";
            final String host = p.getProperty(hostKey);
            if (null == host || host.isBlank())
            {
                throw bad(hostKey, "must name the venue's host", null == host ? "missing" : "\"" + host + "\"");
            }
            final int port = (int)longValue(p, portKey, Long.MIN_VALUE, 1, 65535);
            final String client = p.getProperty(clientKey);
            if (null == client || !isAscii8(client.trim()))
            {
                throw bad(clientKey, "must be 1 to 8 printable ASCII characters", null == client ? "missing" : client);
            }
            venues.add(new Venue(name, host.trim(), port, client.trim()));
        }
        return Collections.unmodifiableList(venues);
    }

    private static Map<String, String> routes(final Properties p, final List<Venue> venues)
    {
        final TreeMap<String, String> routes = new TreeMap<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(ROUTE_PREFIX))
            {
                final String symbol = key.substring(ROUTE_PREFIX.length());
                if (!isAscii8(symbol))
                {
                    throw new IllegalArgumentException(key + ": the symbol must be 1 to 8 printable ASCII " +
                        "characters, was \"" + symbol + "\"");
                }
                final String venue = p.getProperty(key).trim();
                boolean known = false;
                for (final Venue v : venues)
                {
                    known |= v.name().equals(venue);
                }
                if (!known)
                {
                    throw bad(key, "must name a configured venue (" + VENUE_PREFIX + venue + ".host/.port/.client)",
                        "\"" + venue + "\"");
                }
                routes.put(symbol, venue);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    private static void refuseUnknownKeys(final Properties p)
    {
        for (final String key : new TreeSet<>(p.stringPropertyNames()))
        {
            if (key.startsWith(RISK_PREFIX))
            {
                final String rest = key.substring(RISK_PREFIX.length());
                final int dot = rest.indexOf('.');
                final String name = dot < 0 ? rest : rest.substring(0, dot);
                final boolean known = com.orderguard.orderpath.risk.RiskLimit.fromName(name) >= 0 ||
                    "allowedOrdTypes".equals(name) || ("allowedVenues".equals(name) &&
                    (rest.startsWith("allowedVenues.account.") || rest.startsWith("allowedVenues.firm.")));
                if (!known)
                {
                    throw new IllegalArgumentException(key + " is not a setting of the order path");
                }
            }
            if (key.startsWith(RESTRICTED_PREFIX) && !key.startsWith(RESTRICTED_PREFIX + "account.") &&
                !key.startsWith(RESTRICTED_PREFIX + "firm."))
            {
                throw new IllegalArgumentException(key + " is not a setting of the order path (restricted lists are " +
                    RESTRICTED_PREFIX + "account.ACC and " + RESTRICTED_PREFIX + "firm.F)");
            }
            if (key.startsWith(PREFIX) &&
                !key.equals(GATEWAY_HOST) && !key.equals(GATEWAY_PORT) && !key.equals(GATEWAY_MAX_SESSIONS) &&
                !key.equals(GATEWAY_LOGON_TIMEOUT_MS) && !key.equals(GATEWAY_MAX_PENDING) &&
                !key.equals(GATEWAY_REFUSAL_EVENTS_PER_SECOND) && !key.equals(GATEWAY_TRANSIT) &&
                !key.equals(CPU) && !key.equals(IDLE) && !key.equals(CLIENTS) && !key.equals(MAX_ORDER_QUANTITY) &&
                !key.startsWith(VENUE_PREFIX) && !key.startsWith(ROUTE_PREFIX) &&
                !key.equals(DROP_COPY_RING_BYTES) && !key.equals(DROP_COPY_FILE) && !key.equals(MAX_OPEN_ORDERS) &&
                !key.startsWith(ACCOUNT_PREFIX) && !key.equals(MAX_ACCOUNTS) && !key.equals(MAX_SYMBOLS) &&
                !key.startsWith(RISK_PREFIX) && !key.startsWith(SYMBOL_PREFIX) && !key.startsWith(RESTRICTED_PREFIX) &&
                !key.equals(HALTED) && !key.equals(THROTTLE_MESSAGES_PER_SECOND) && !key.equals(THROTTLE_BURST) &&
                !key.equals(REPEATED_ORDERS_MAX) && !key.equals(REPEATED_ORDERS_WINDOW_MS) &&
                !key.equals(HOLD_TIMEOUT_MS) && !key.equals(HOLD_MAX_HELD) && !key.equals(DEDUPE_WINDOW) &&
                !key.startsWith(CLIENT_PREFIX) && !key.equals(HEARTBEAT_INTERVAL_MS) &&
                !key.equals(SESSION_TIMEOUT_MS) && !key.equals(LOGON_MAX_CLOCK_SKEW_MS) &&
                !key.equals(SHM_DIR) && !key.equals(SHM_PRODUCERS) && !key.equals(SHM_RING_BYTES))
            {
                throw new IllegalArgumentException(key + " is not a setting of the order path");
            }
        }
    }

    private static Map<String, String> accountFirms(final Properties p)
    {
        final TreeMap<String, String> firms = new TreeMap<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(ACCOUNT_PREFIX))
            {
                final String rest = key.substring(ACCOUNT_PREFIX.length());
                if (!rest.endsWith(".firm") || !isAscii8(rest.substring(0, rest.length() - ".firm".length())))
                {
                    throw new IllegalArgumentException(key + " is not a setting: an account takes " + ACCOUNT_PREFIX +
                        "<ACCOUNT>.firm, the account 1 to 8 printable ASCII characters");
                }
                final String firm = p.getProperty(key).trim();
                if (!isAscii8(firm))
                {
                    throw bad(key, "must be a firm id of 1 to 8 printable ASCII characters", "\"" + firm + "\"");
                }
                firms.put(rest.substring(0, rest.length() - ".firm".length()), firm);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(firms));
    }

    private static Scoped scopedLongs(final Properties p, final String name, final boolean symbolScope)
    {
        final String base = RISK_PREFIX + name;
        Long global = null;
        if (p.containsKey(base))
        {
            global = longValue(p, base, 0, 1, Long.MAX_VALUE);
        }
        else if (RISK_PREFIX.concat("holdNotionalCents").equals(base))
        {
            global = com.orderguard.orderpath.risk.RiskLimit.DEFAULT_HOLD_NOTIONAL_CENTS;
        }
        if (MAX_ORDER_QUANTITY.equals(base) && null == global)
        {
            throw bad(base, "is required", "missing");
        }
        final Map<String, Long> accounts = new TreeMap<>();
        final Map<String, Long> firms = new TreeMap<>();
        final Map<String, Long> symbols = new TreeMap<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(base + "."))
            {
                final String rest = key.substring(base.length() + 1);
                final int dot = rest.indexOf('.');
                final int scope = dot < 0 ? -1 : com.orderguard.orderpath.risk.Scope.fromName(rest.substring(0, dot));
                final String id = dot < 0 ? "" : rest.substring(dot + 1);
                if (scope < 0 || !isAscii8(id) || (!symbolScope && com.orderguard.orderpath.risk.Scope.SYMBOL == scope))
                {
                    throw new IllegalArgumentException(key + " is not a setting: " + base + " takes ." +
                        (symbolScope ? "account.ACC, .firm.F or .symbol.S" : "account.ACC or .firm.F") +
                        " (ids of 1 to 8 printable ASCII characters)");
                }
                final long value = longValue(p, key, 0, 1, Long.MAX_VALUE);
                (com.orderguard.orderpath.risk.Scope.ACCOUNT == scope ? accounts :
                    com.orderguard.orderpath.risk.Scope.FIRM == scope ? firms : symbols).put(id, value);
            }
        }
        return new Scoped(global, Collections.unmodifiableMap(accounts), Collections.unmodifiableMap(firms),
            Collections.unmodifiableMap(symbols));
    }

    private static Scoped scopedOrdTypes(final Properties p)
    {
        final Long global = p.containsKey(ALLOWED_ORD_TYPES) ? ordTypeMask(p, ALLOWED_ORD_TYPES) :
            Long.valueOf((long)(com.orderguard.orderpath.protocol.OrdType.bit(com.orderguard.orderpath.protocol.OrdType.LIMIT) |
            com.orderguard.orderpath.protocol.OrdType.bit(com.orderguard.orderpath.protocol.OrdType.MARKET)));
        final Map<String, Long> accounts = new TreeMap<>();
        final Map<String, Long> firms = new TreeMap<>();
        final Map<String, Long> symbols = new TreeMap<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(ALLOWED_ORD_TYPES + "."))
            {
                final String rest = key.substring(ALLOWED_ORD_TYPES.length() + 1);
                final int dot = rest.indexOf('.');
                final int scope = dot < 0 ? -1 : com.orderguard.orderpath.risk.Scope.fromName(rest.substring(0, dot));
                final String id = dot < 0 ? "" : rest.substring(dot + 1);
                if (scope < 0 || !isAscii8(id))
                {
                    throw new IllegalArgumentException(key + " is not a setting: " + ALLOWED_ORD_TYPES +
                        " takes .account.ACC, .firm.F or .symbol.S");
                }
                (com.orderguard.orderpath.risk.Scope.ACCOUNT == scope ? accounts :
                    com.orderguard.orderpath.risk.Scope.FIRM == scope ? firms : symbols).put(id, ordTypeMask(p, key));
            }
        }
        return new Scoped(global, Collections.unmodifiableMap(accounts), Collections.unmodifiableMap(firms),
            Collections.unmodifiableMap(symbols));
    }

    private static Long ordTypeMask(final Properties p, final String key)
    {
        long mask = 0;
        for (final String raw : p.getProperty(key).split(",", -1))
        {
            final int ordType = com.orderguard.orderpath.protocol.OrdType.fromName(raw.trim());
            if (ordType < 0)
            {
                throw bad(key, "must be a comma list of LIMIT, MARKET", "\"" + p.getProperty(key) + "\"");
            }
            mask |= com.orderguard.orderpath.protocol.OrdType.bit(ordType);
        }
        return mask;
    }

    private static List<String> venueNames(final List<Venue> venues)
    {
        final List<String> names = new ArrayList<>();
        for (final Venue venue : venues)
        {
            names.add(venue.name());
        }
        return names;
    }

    /** prefix + ID = comma list of ids, each 1..8 ASCII, and each in {@code allowed} when given. */
    private static Map<String, List<String>> lists(final Properties p, final String prefix, final List<String> allowed)
    {
        final TreeMap<String, List<String>> lists = new TreeMap<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(prefix))
            {
                final String id = key.substring(prefix.length());
                if (!isAscii8(id))
                {
                    throw new IllegalArgumentException(key + ": the id after " + prefix +
                        " must be 1 to 8 printable ASCII characters, was \"" + id + "\"");
                }
                final List<String> values = idList(p, key);
                if (null != allowed)
                {
                    for (final String value : values)
                    {
                        if (!allowed.contains(value))
                        {
                            throw bad(key, "must name configured venues (" + value + " is not one)", p.getProperty(key));
                        }
                    }
                }
                lists.put(id, values);
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(lists));
    }

    private static List<String> symbolList(final Properties p, final String key)
    {
        return p.containsKey(key) ? idList(p, key) : List.of();
    }

    private static List<String> idList(final Properties p, final String key)
    {
        final String value = p.getProperty(key);
        final List<String> ids = new ArrayList<>();
        for (final String raw : value.split(",", -1))
        {
            final String id = raw.trim();
            if (!isAscii8(id))
            {
                throw bad(key, "must be a comma list of ids of 1 to 8 printable ASCII characters", "\"" + value + "\"");
            }
            if (!ids.contains(id))
            {
                ids.add(id);
            }
        }
        return Collections.unmodifiableList(ids);
    }

    private static Map<String, Long> advBySymbol(final Properties p)
    {
        final TreeMap<String, Long> adv = new TreeMap<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(SYMBOL_PREFIX))
            {
                final String rest = key.substring(SYMBOL_PREFIX.length());
                if (!rest.endsWith(".adv") || !isAscii8(rest.substring(0, rest.length() - ".adv".length())))
                {
                    throw new IllegalArgumentException(key + " is not a setting: a symbol takes " + SYMBOL_PREFIX +
                        "<SYMBOL>.adv");
                }
                adv.put(rest.substring(0, rest.length() - ".adv".length()), longValue(p, key, 0, 1, Long.MAX_VALUE));
            }
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(adv));
    }

    private static Map<String, byte[]> clientKeys(final Properties p, final List<String> clients)
    {
        final TreeMap<String, byte[]> keys = new TreeMap<>();
        for (final String key : p.stringPropertyNames())
        {
            if (key.startsWith(CLIENT_PREFIX))
            {
                final String rest = key.substring(CLIENT_PREFIX.length());
                final String id = rest.endsWith(".hmacKey") ? rest.substring(0, rest.length() - ".hmacKey".length()) : "";
                if (id.isEmpty() || !clients.contains(id))
                {
                    throw new IllegalArgumentException(key + " is not a setting: a client takes " + CLIENT_PREFIX +
                        "<ID>.hmacKey, for an id listed in " + CLIENTS);
                }
                final String hex = p.getProperty(key).trim();
                if (hex.length() < 64 || hex.length() % 2 != 0 || !hex.matches("[0-9a-fA-F]+"))
                {
                    // never echo a key, not even a bad one
                    throw new IllegalArgumentException(key + " must be an even number (>= 64) of hex digits " +
                        "(a key of at least 32 bytes), was " + hex.length() + " characters");
                }
                final byte[] bytes = new byte[hex.length() / 2];
                for (int i = 0; i < bytes.length; i++)
                {
                    bytes[i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
                }
                keys.put(id, bytes);
            }
        }
        return Collections.unmodifiableMap(keys);
    }

    private static boolean isAscii8(final String text)
    {
        if (text.isEmpty() || text.length() > Ascii8.LENGTH || text.indexOf('.') >= 0 || text.indexOf(',') >= 0)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    private static String string(final Properties p, final String key, final String defaultValue)
    {
        final String value = p.getProperty(key);
        if (null == value)
        {
            return defaultValue;
        }
        if (value.isBlank())
        {
            throw bad(key, "must not be blank", "\"" + value + "\"");
        }
        return value.trim();
    }

    private static long longValue(
        final Properties p, final String key, final long defaultValue, final long min, final long max)
    {
        final String text = p.getProperty(key);
        if (null == text)
        {
            if (Long.MIN_VALUE == defaultValue)
            {
                throw bad(key, "is required", "missing");
            }
            return defaultValue;
        }
        final long value;
        try
        {
            value = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw bad(key, "must be an integer", "\"" + text + "\"");
        }
        if (value < min)
        {
            throw bad(key, 1 == min ? "must be > 0" : "must be >= " + min, text.trim());
        }
        if (value > max)
        {
            throw bad(key, "must be <= " + max, text.trim());
        }
        return value;
    }

    private static long powerOfTwo(
        final Properties p, final String key, final long defaultValue, final long min, final long max)
    {
        final long value = longValue(p, key, defaultValue, min, max);
        if (Long.bitCount(value) != 1)
        {
            throw bad(key, "must be a power of two", Long.toString(value));
        }
        return value;
    }

    private static IllegalArgumentException bad(final String key, final String rule, final String was)
    {
        return new IllegalArgumentException(key + " " + rule + ", was " + was);
    }
}
