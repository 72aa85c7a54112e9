package io.edgeway.gateway.loadbalancer;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Requests in flight to each balanced instance, counted by {@link InFlightRequestsFilter} and read by
 * {@link PowerOfTwoChoicesLoadBalancer}. An instance with none is not tracked, so instances that left the registry
 * leave no entry behind. Also the responses each instance has served (not 5xx), which a rolling deploy reads to
 * see a new instance's first answer through this gateway ({@link BalancerEndpoint}).
 */
public final class InFlightRequests {

    /** The instances whose served count is kept; beyond it the counts start again from zero (a deploy reads a delta). */
    static final int MAX_SERVED_TRACKED = 10_000;

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    private final Map<String, LongAdder> served = new ConcurrentHashMap<>();

    public int count(ServiceInstance instance) {
        return counts.getOrDefault(key(instance), 0);
    }

    public void started(ServiceInstance instance) {
        counts.merge(key(instance), 1, Integer::sum);
    }

    public void finished(ServiceInstance instance) {
        counts.computeIfPresent(key(instance), (key, count) -> count > 1 ? count - 1 : null);
    }

    /** Requests in flight to the instance {@code instanceId} of {@code serviceId}. */
    public int count(String serviceId, String instanceId) {
        return counts.getOrDefault(key(serviceId, instanceId), 0);
    }

    /** The instance answered, with a status below 500. */
    public void served(ServiceInstance instance) {
        if (served.size() >= MAX_SERVED_TRACKED) {
            served.clear();
        }
        served.computeIfAbsent(key(instance), key -> new LongAdder()).increment();
    }

    /** The answers below 500 the instance {@code instanceId} of {@code serviceId} gave through this gateway. */
    public long served(String serviceId, String instanceId) {
        LongAdder adder = served.get(key(serviceId, instanceId));
        return adder == null ? 0 : adder.sum();
    }

    private static String key(String serviceId, String instanceId) {
        return serviceId.toLowerCase(Locale.ROOT) + "/" + instanceId;
    }

    private static String key(ServiceInstance instance) {
        // Eureka spells service ids in capitals, simple discovery as configured.
        return key(instance.getServiceId(), PowerOfTwoChoicesLoadBalancer.id(instance));
    }
}
