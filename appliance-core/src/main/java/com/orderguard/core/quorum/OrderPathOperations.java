package com.orderguard.core.quorum;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import com.orderguard.orderpath.OrderPath;
import com.orderguard.orderpath.risk.RiskLimit;
import com.orderguard.orderpath.risk.Scope;
import com.orderguard.quorum.json.Parameters;

/**
 * The quorum-gated changes to the order path: routes, limits, the release of a held large order.
 * Each becomes a command on the order path's ring, applied between two orders; execution returns
 * only once the order-path thread has applied it, so "executed" in the journal means in force.
 */
public final class OrderPathOperations
{
    public static final String ROUTE_SET = "route.set";
    public static final String ROUTE_REMOVE = "route.remove";
    public static final String LIMIT_CHANGE = "limit.change";
    public static final String ORDER_RELEASE = "order.release";

    private OrderPathOperations()
    {
    }

    public static List<GatedOperation> all(final OrderPath orderPath, final CommandGate gate)
    {
        return List.of(
            new Command(ROUTE_SET, "route {symbol} to venue {venue}",
                p -> symbol(p) == null ? "parameters need symbol (1-8 ASCII)" :
                    !orderPath.config().venues().stream().anyMatch(v -> v.name().equals(text(p, "venue"))) ?
                        "venue must be one of the configured venues " + orderPath.config().venues().stream().map(v -> v.name()).toList() : null,
                p -> orderPath.setRoute(symbol(p), text(p, "venue")), gate),
            new Command(ROUTE_REMOVE, "remove the route of {symbol}",
                p -> symbol(p) == null ? "parameters need symbol (1-8 ASCII)" : null,
                p -> orderPath.removeRoute(symbol(p)), gate),
            new Command(LIMIT_CHANGE, "set {limit} for {scope} {id} to {value}",
                OrderPathOperations::limitProblem,
                p -> orderPath.setLimit(RiskLimit.fromName(text(p, "limit")), scope(text(p, "scope")),
                    text(p, "id"), number(p, "value")), gate),
            new Command(ORDER_RELEASE, "release held order {orderId}",
                p -> number(p, "orderId") <= 0 ? "parameters need orderId (the id in the ORDER_HELD event)" : null,
                p -> orderPath.releaseHeldOrder(number(p, "orderId")), gate));
    }

    private static String limitProblem(final Parameters p)
    {
        final String limit = text(p, "limit");
        final String scope = text(p, "scope");
        if (limit == null || RiskLimit.fromName(limit) < 0)
        {
            return "limit must be one of " + limitNames();
        }
        if (scope(scope) < 0)
        {
            return "scope must be global, account, firm or symbol";
        }
        if (scope(scope) != Scope.GLOBAL && (text(p, "id") == null || text(p, "id").isEmpty()))
        {
            return "scope " + scope + " needs an id";
        }
        return number(p, "value") <= 0 ? "value must be a positive whole number" : null;
    }

    private static int scope(final String name)
    {
        if (name == null)
        {
            return -1;
        }
        final String word = name.toLowerCase(java.util.Locale.ROOT);
        return word.equals("global") ? Scope.GLOBAL : Scope.fromName(word);
    }

    private static List<String> limitNames()
    {
        final java.util.ArrayList<String> names = new java.util.ArrayList<>();
        for (int limit = 0; limit < RiskLimit.COUNT; limit++)
        {
            names.add(RiskLimit.name(limit));
        }
        return names;
    }

    private static String symbol(final Parameters p)
    {
        final String symbol = text(p, "symbol");
        return symbol != null && !symbol.isEmpty() && symbol.length() <= 8 && symbol.chars().allMatch(c -> c > 32 && c < 127) ?
            symbol : null;
    }

    private static String text(final Parameters p, final String name)
    {
        final Object value = p.get(name);
        return value == null ? null : value.toString();
    }

    private static long number(final Parameters p, final String name)
    {
        final Object value = p.get(name);
        if (value instanceof Number)
        {
            return ((Number)value).longValue();
        }
        try
        {
            return value == null ? -1 : Long.parseLong(value.toString());
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /** One order-path command behind a quorum. */
    private static final class Command implements GatedOperation
    {
        private final String operation;
        private final String description;
        private final Function<Parameters, String> problem;
        private final Predicate<Parameters> offer;
        private final CommandGate gate;

        Command(
            final String operation, final String description, final Function<Parameters, String> problem,
            final Predicate<Parameters> offer, final CommandGate gate)
        {
            this.operation = operation;
            this.description = description;
            this.problem = problem;
            this.offer = offer;
            this.gate = gate;
        }

        @Override
        public String operation()
        {
            return operation;
        }

        @Override
        public String validate(final Parameters parameters)
        {
            return problem.apply(parameters);
        }


        @Override
        public String execute(final Parameters parameters)
        {
            final String failed = gate.apply(() -> offer.test(parameters));
            if (failed != null)
            {
                throw new IllegalStateException(operation + ": " + failed);
            }
            String done = description;
            for (final var entry : parameters.asMap().entrySet())
            {
                done = done.replace("{" + entry.getKey() + "}", String.valueOf(entry.getValue()));
            }
            return done + " (applied by the order path between two orders)";
        }
    }
}
