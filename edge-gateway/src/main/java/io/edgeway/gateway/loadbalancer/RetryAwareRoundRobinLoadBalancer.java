package io.edgeway.gateway.loadbalancer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Round robin that never sends a retry back to an instance the same request already tried.
 *
 * <p>The gateway's Retry filter re-runs the load balancer on the same exchange. Plain round robin shares one
 * counter between all requests, so under concurrency a retry lands on the instance that just refused the
 * connection again. This balancer remembers, in an exchange attribute, the instances a request was sent to
 * and picks among the others while any are left.
 */
public final class RetryAwareRoundRobinLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    /** Exchange attribute holding the ids of the instances this request was already sent to. */
    public static final String TRIED_INSTANCES_ATTR = RetryAwareRoundRobinLoadBalancer.class.getName() + ".tried";

    private final ObjectProvider<ServiceInstanceListSupplier> suppliers;

    private final String serviceId;

    private final AtomicInteger position = new AtomicInteger(ThreadLocalRandom.current().nextInt(1000));

    public RetryAwareRoundRobinLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers, String serviceId) {
        this.suppliers = suppliers;
        this.serviceId = serviceId;
    }

    @Override
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = suppliers.getIfAvailable(NoopServiceInstanceListSupplier::new);
        Set<String> tried = triedInstances(request);
        return supplier.get(request).next().map(instances -> choose(instances, tried));
    }

    Response<ServiceInstance> choose(List<ServiceInstance> instances, Set<String> tried) {
        if (instances.isEmpty()) {
            return new EmptyResponse();
        }
        List<ServiceInstance> untried = instances.stream().filter(i -> !tried.contains(key(i))).toList();
        List<ServiceInstance> candidates = untried.isEmpty() ? instances : untried;
        // Only first attempts move the shared counter: if retries moved it too, every request that failed on a
        // dead instance would shift the rotation by two, and the next request would start on the dead one again.
        int next = (tried.isEmpty() ? position.incrementAndGet() : position.get()) & Integer.MAX_VALUE;
        ServiceInstance chosen = candidates.get(next % candidates.size());
        tried.add(key(chosen));
        return new DefaultResponse(chosen);
    }

    private static String key(ServiceInstance instance) {
        return instance.getInstanceId() != null ? instance.getInstanceId() : instance.getHost() + ":" + instance.getPort();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> triedInstances(Request<?> request) {
        if (request.getContext() instanceof RequestDataContext context
                && context.getClientRequest().getAttributes() != null) {
            // The gateway hands the exchange's own (mutable) attribute map to the load balancer.
            Map<String, Object> attributes = context.getClientRequest().getAttributes();
            return (Set<String>) attributes.computeIfAbsent(TRIED_INSTANCES_ATTR, k -> new HashSet<String>());
        }
        return new HashSet<>();
    }

    @Override
    public String toString() {
        return "RetryAwareRoundRobinLoadBalancer[" + serviceId + "]";
    }
}
