package io.edgeway.gateway.loadbalancer;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Requests in flight to each balanced instance, counted by {@link InFlightRequestsFilter} and read by
 * {@link PowerOfTwoChoicesLoadBalancer}. An instance with none is not tracked, so instances that left the registry
 * leave no entry behind.
 */
public final class InFlightRequests {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    public int count(ServiceInstance instance) {
        return counts.getOrDefault(key(instance), 0);
    }

    public void started(ServiceInstance instance) {
        counts.merge(key(instance), 1, Integer::sum);
    }

    public void finished(ServiceInstance instance) {
        counts.computeIfPresent(key(instance), (key, count) -> count > 1 ? count - 1 : null);
    }

    private static String key(ServiceInstance instance) {
        // Eureka spells service ids in capitals, simple discovery as configured.
        return instance.getServiceId().toLowerCase(Locale.ROOT) + "/" + PowerOfTwoChoicesLoadBalancer.id(instance);
    }
}
