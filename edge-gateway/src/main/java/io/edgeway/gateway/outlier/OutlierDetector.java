package io.edgeway.gateway.outlier;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.edgeway.gateway.settings.OutlierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each instance's failures in a row and ejects it for a back-off period once they reach the threshold,
 * never more than the configured share of its service at once. Knows nothing of HTTP or Spring. Service ids are
 * compared without case: Eureka's instances name their service in capitals, the load balancer in lower case.
 *
 * <p>Lock-free, as every response passes here: a failure count per instance, and per service one immutable map of
 * its ejections, replaced by compare-and-set, so that checking the cap and ejecting are one atomic step.
 */
public final class OutlierDetector {

    private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);

    private final Supplier<OutlierProperties> properties;

    private final LongSupplier nanoClock;

    private final Map<String, Pool> services = new ConcurrentHashMap<>();

    public OutlierDetector(Supplier<OutlierProperties> properties, LongSupplier nanoClock) {
        this.properties = properties;
        this.nanoClock = nanoClock;
    }

    /** A request to the instance succeeded. */
    public void onSuccess(String service, String instance) {
        Pool pool = pool(service);
        AtomicInteger failures = pool.failures.get(instance);
        if (failures == null) {
            return;
        }
        if (failures.get() != 0) {
            failures.set(0);
        }
        // Back in service and answering: its next ejection starts again from the base period.
        Map<String, Ejection> current = pool.ejections.get();
        while (current.containsKey(instance) && !current.get(instance).activeAt(nanoClock.getAsLong())) {
            if (pool.ejections.compareAndSet(current, without(current, instance))) {
                return;
            }
            current = pool.ejections.get();
        }
    }

    /** A request to the instance failed; answers whether this failure ejected it. */
    public boolean onFailure(String service, String instance) {
        OutlierProperties settings = properties.get();
        if (!settings.enabled()) {
            return false;
        }
        Pool pool = pool(service);
        AtomicInteger failures = pool.failures.computeIfAbsent(instance, i -> new AtomicInteger());
        long now = nanoClock.getAsLong();
        if (pool.isEjected(instance, now) || failures.incrementAndGet() < settings.consecutiveFailures()) {
            return false;
        }
        Map<String, Ejection> current;
        Duration backoff;
        Ejection ejection;
        do {
            current = pool.ejections.get();
            Ejection previous = current.get(instance);
            if (previous != null && previous.activeAt(now)) {
                return false; // another failure ejected it meanwhile
            }
            long cap = (long) pool.failures.size() * settings.maxEjectedPercent() / 100;
            if (pool.ejectedCount(current, now) + 1 > cap) {
                return false; // at the cap: keep serving from it rather than overload the rest
            }
            int inARow = previous == null ? 1 : previous.inARow() + 1;
            backoff = backoff(settings, inARow);
            ejection = new Ejection(inARow, now + backoff.toNanos());
        }
        while (!pool.ejections.compareAndSet(current, with(current, instance, ejection)));
        failures.set(0);
        log.info("Ejected {} of {} for {} after {} failures in a row", instance, service, backoff,
                settings.consecutiveFailures());
        return true;
    }

    /** Whether the instance is out of balancing now. */
    public boolean isEjected(String service, String instance) {
        return pool(service).isEjected(instance, nanoClock.getAsLong());
    }

    /** How many of the service's instances are ejected now. */
    public int ejectedCount(String service) {
        Pool pool = pool(service);
        return (int) pool.ejectedCount(pool.ejections.get(), nanoClock.getAsLong());
    }

    /**
     * The service's instances now: the pool the ejection cap is a share of. Instances no longer listed are
     * forgotten (one that comes back with the same id starts afresh).
     */
    public void pool(String service, Set<String> current) {
        Pool pool = pool(service);
        pool.failures.keySet().retainAll(current);
        current.forEach(instance -> pool.failures.computeIfAbsent(instance, i -> new AtomicInteger()));
        Map<String, Ejection> ejections;
        do {
            ejections = pool.ejections.get();
            if (current.containsAll(ejections.keySet())) {
                return;
            }
        }
        while (!pool.ejections.compareAndSet(ejections, retained(ejections, current)));
    }

    private static Duration backoff(OutlierProperties settings, int ejections) {
        Duration backoff = settings.baseEjection().multipliedBy(1L << Math.min(ejections - 1, 20));
        return backoff.compareTo(settings.maxEjection()) > 0 ? settings.maxEjection() : backoff;
    }

    private static Map<String, Ejection> with(Map<String, Ejection> ejections, String instance, Ejection ejection) {
        Map<String, Ejection> copy = new HashMap<>(ejections);
        copy.put(instance, ejection);
        return Map.copyOf(copy);
    }

    private static Map<String, Ejection> without(Map<String, Ejection> ejections, String instance) {
        Map<String, Ejection> copy = new HashMap<>(ejections);
        copy.remove(instance);
        return Map.copyOf(copy);
    }

    private static Map<String, Ejection> retained(Map<String, Ejection> ejections, Set<String> instances) {
        Map<String, Ejection> copy = new HashMap<>(ejections);
        copy.keySet().retainAll(instances);
        return Map.copyOf(copy);
    }

    private Pool pool(String service) {
        return services.computeIfAbsent(service.toLowerCase(Locale.ROOT), s -> new Pool());
    }

    /** One service's instances: failures in a row of each, and the ejections, current or ended without a success. */
    private static final class Pool {

        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

        final AtomicReference<Map<String, Ejection>> ejections = new AtomicReference<>(Map.of());

        boolean isEjected(String instance, long now) {
            Ejection ejection = ejections.get().get(instance);
            return ejection != null && ejection.activeAt(now);
        }

        long ejectedCount(Map<String, Ejection> ejections, long now) {
            return ejections.entrySet().stream()
                    .filter(e -> e.getValue().activeAt(now) && failures.containsKey(e.getKey())).count();
        }
    }

    /**
     * An instance's latest ejection: the how-many-th in a row without a success in between (it doubles the
     * back-off), and until when it lasts.
     */
    private record Ejection(int inARow, long until) {

        boolean activeAt(long now) {
            return now - until < 0;
        }
    }
}
