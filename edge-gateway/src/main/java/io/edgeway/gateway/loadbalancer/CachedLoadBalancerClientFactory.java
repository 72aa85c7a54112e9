package io.edgeway.gateway.loadbalancer;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.cloud.client.loadbalancer.LoadBalancerClientsProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

/**
 * The load-balancer client factory, with the two look-ups that Spring Cloud Gateway's
 * {@code ReactiveLoadBalancerClientFilter} makes on every request answered from a map: a service's load balancer
 * and its lifecycle beans. Both are singletons of the service's child context, which lives as long as this factory;
 * each look-up searched the context's beans (by type, through its parents) again. Every other look-up is the
 * factory's own.
 */
public final class CachedLoadBalancerClientFactory extends LoadBalancerClientFactory {

    private final Map<String, ReactorServiceInstanceLoadBalancer> balancers = new ConcurrentHashMap<>();

    /** Per service: its lifecycle beans, or empty where it has none (the factory then answers null). */
    private final Map<String, Optional<Map<String, LoadBalancerLifecycle>>> lifecycles = new ConcurrentHashMap<>();

    public CachedLoadBalancerClientFactory(LoadBalancerClientsProperties properties) {
        super(properties);
    }

    @Override
    public <T> T getInstance(String name, Class<T> type) {
        if (type != ReactorServiceInstanceLoadBalancer.class) {
            return super.getInstance(name, type);
        }
        ReactorServiceInstanceLoadBalancer balancer = balancers.get(name);
        if (balancer == null) {
            balancer = (ReactorServiceInstanceLoadBalancer) super.getInstance(name, type);
            if (balancer == null) {
                return null; // none configured: asked again, and refused again, next time
            }
            balancers.put(name, balancer);
        }
        return type.cast(balancer);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Map<String, T> getInstances(String name, Class<T> type) {
        if (type != LoadBalancerLifecycle.class) {
            return super.getInstances(name, type);
        }
        return (Map<String, T>) lifecycles.computeIfAbsent(name, service -> Optional
                .ofNullable(super.getInstances(service, LoadBalancerLifecycle.class)).map(Collections::unmodifiableMap))
                .orElse(null);
    }

    @Override
    public void destroy() {
        balancers.clear();
        lifecycles.clear();
        super.destroy();
    }
}
