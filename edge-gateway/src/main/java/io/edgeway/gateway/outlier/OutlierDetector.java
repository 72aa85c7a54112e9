package io.edgeway.gateway.outlier;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.edgeway.gateway.settings.OutlierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each instance's failures in a row and ejects it for a back-off period once they reach the threshold,
 * never more than the configured share of its service at once. Knows nothing of HTTP or Spring. Service ids are
 * compared without case: Eureka's instances name their service in capitals, the load balancer in lower case.
 */
public final class OutlierDetector {

    private static final Logger log = LoggerFactory.getLogger(OutlierDetector.class);

    private final Supplier<OutlierProperties> properties;

    private final LongSupplier nanoClock;

    private final Map<String, Map<String, Health>> services = new ConcurrentHashMap<>();

    public OutlierDetector(Supplier<OutlierProperties> properties, LongSupplier nanoClock) {
        this.properties = properties;
        this.nanoClock = nanoClock;
    }

    /** A request to the instance succeeded. */
    public void onSuccess(String service, String instance) {
        Health health = instances(service).get(instance);
        if (health != null) {
            synchronized (health) {
                health.failures = 0;
                if (!ejected(health)) {
                    health.ejections = 0;
                }
            }
        }
    }

    /** A request to the instance failed; answers whether this failure ejected it. */
    public boolean onFailure(String service, String instance) {
        OutlierProperties settings = properties.get();
        if (!settings.enabled()) {
            return false;
        }
        Map<String, Health> pool = instances(service);
        Health health = pool.computeIfAbsent(instance, i -> new Health());
        synchronized (pool) {
            synchronized (health) {
                if (ejected(health) || ++health.failures < settings.consecutiveFailures()) {
                    return false;
                }
                long ejectedNow = pool.values().stream().filter(this::ejected).count();
                if (ejectedNow + 1 > (long) pool.size() * settings.maxEjectedPercent() / 100) {
                    return false; // at the cap: keep serving from it rather than overload the rest
                }
                health.failures = 0;
                health.ejections++;
                Duration backoff = backoff(settings, health.ejections);
                health.ejectedUntil = nanoClock.getAsLong() + backoff.toNanos();
                log.info("Ejected {} of {} for {} after {} failures in a row", instance, service, backoff,
                        settings.consecutiveFailures());
                return true;
            }
        }
    }

    /** Whether the instance is out of balancing now. */
    public boolean isEjected(String service, String instance) {
        Health health = instances(service).get(instance);
        return health != null && ejected(health);
    }

    /** How many of the service's instances are ejected now. */
    public int ejectedCount(String service) {
        return (int) instances(service).values().stream().filter(this::ejected).count();
    }

    /**
     * The service's instances now: the pool the ejection cap is a share of. Instances no longer listed are
     * forgotten (one that comes back with the same id starts afresh).
     */
    public void pool(String service, Set<String> current) {
        Map<String, Health> pool = instances(service);
        pool.keySet().retainAll(current);
        current.forEach(instance -> pool.computeIfAbsent(instance, i -> new Health()));
    }

    private static Duration backoff(OutlierProperties settings, int ejections) {
        Duration backoff = settings.baseEjection().multipliedBy(1L << Math.min(ejections - 1, 20));
        return backoff.compareTo(settings.maxEjection()) > 0 ? settings.maxEjection() : backoff;
    }

    private boolean ejected(Health health) {
        return health.ejectedUntil != 0 && nanoClock.getAsLong() - health.ejectedUntil < 0;
    }

    private Map<String, Health> instances(String service) {
        return services.computeIfAbsent(service.toLowerCase(Locale.ROOT), s -> new ConcurrentHashMap<>());
    }

    private static final class Health {

        int failures;

        int ejections;

        long ejectedUntil;
    }
}
