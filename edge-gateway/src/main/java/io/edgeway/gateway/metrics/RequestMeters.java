package io.edgeway.gateway.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's per-route meters: {@value #REQUESTS} by route, instance version and status class, with fixed
 * buckets from half a millisecond to ten seconds, and {@value #REFUSALS} by route and reason.
 *
 * <p>Each meter is made once and then found by two map lookups on strings the gateway already holds (the route id,
 * the instance's version) and an array index, so recording a request allocates nothing. Tags take only values from
 * config and the registry, never from the request: their number is bounded by routes × versions × 5.
 */
public final class RequestMeters {

    /** Timer of requests per route, version and status class. */
    public static final String REQUESTS = "edgeway.gateway.requests";

    /** Counter of requests the gateway refused itself, per route and reason. */
    public static final String REFUSALS = "edgeway.gateway.refusals";

    /** The route tag of a request refused before a route matched (a bad token is refused before routing). */
    static final String NO_ROUTE = "none";

    /**
     * The same buckets on every gateway, so they add up across gateways; from the cost of the gateway alone to a
     * request that hit the response timeout.
     */
    static final Duration[] BUCKETS = { Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10) };

    private static final String[] STATUS_CLASSES = { "1xx", "2xx", "3xx", "4xx", "5xx" };

    private final MeterRegistry registry;

    private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();

    public RequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String route, String version, int status, RefusalReason refusal, long nanos) {
        RouteMeters meters = routes.computeIfAbsent(route, RouteMeters::new);
        meters.timer(version, statusClass(status)).record(nanos, TimeUnit.NANOSECONDS);
        if (refusal != null) {
            meters.refusals(refusal).increment();
        }
    }

    /** 0 for 1xx ... 4 for 5xx; anything outside counts as a server error. */
    private static int statusClass(int status) {
        int index = status / 100 - 1;
        return index >= 0 && index < STATUS_CLASSES.length ? index : STATUS_CLASSES.length - 1;
    }

    /** One route's meters, made on first use. */
    private final class RouteMeters {

        private final String route;

        private final Map<String, AtomicReferenceArray<Timer>> timersByVersion = new ConcurrentHashMap<>();

        private final AtomicReferenceArray<Counter> refusals = new AtomicReferenceArray<>(RefusalReason.values().length);

        RouteMeters(String route) {
            this.route = route;
        }

        Timer timer(String version, int statusClass) {
            AtomicReferenceArray<Timer> timers = timersByVersion.computeIfAbsent(version,
                    v -> new AtomicReferenceArray<>(STATUS_CLASSES.length));
            Timer timer = timers.get(statusClass);
            if (timer == null) {
                // Registering twice answers the same meter, so a race only costs a lookup.
                timer = Timer.builder(REQUESTS).tag("route", route).tag("version", version)
                        .tag("status", STATUS_CLASSES[statusClass]).serviceLevelObjectives(BUCKETS)
                        .description("Requests answered for a route, by instance version and status class")
                        .register(registry);
                timers.set(statusClass, timer);
            }
            return timer;
        }

        Counter refusals(RefusalReason reason) {
            Counter counter = refusals.get(reason.ordinal());
            if (counter == null) {
                counter = Counter.builder(REFUSALS).tag("route", route).tag("reason", reason.tag())
                        .description("Requests the gateway answered itself instead of a backend").register(registry);
                refusals.set(reason.ordinal(), counter);
            }
            return counter;
        }
    }
}
