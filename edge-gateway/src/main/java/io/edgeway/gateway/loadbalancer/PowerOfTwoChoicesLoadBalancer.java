package io.edgeway.gateway.loadbalancer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

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
 * Power of two choices over requests in flight: two instances drawn at random, and the one with fewer requests in
 * flight ({@link InFlightRequests}) gets the request, so a slow or stalled instance gets fewer. It picks among the
 * instances the supplier chain left (outliers out, narrowed to the canary's version) that the request has not tried.
 *
 * <p>The gateway's retry re-runs the load balancer on the same exchange; the instances a request was sent to are
 * remembered in an exchange attribute, so a retry goes to another one while any is left (then to any).
 */
public final class PowerOfTwoChoicesLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    /** Exchange attribute holding the ids of the instances this request was already sent to. */
    public static final String TRIED_INSTANCES_ATTR = PowerOfTwoChoicesLoadBalancer.class.getName() + ".tried";

    private final ObjectProvider<ServiceInstanceListSupplier> suppliers;

    private final String serviceId;

    private final InFlightRequests inFlight;

    private final Supplier<RandomGenerator> random;

    /** Resolved on first use and kept: a bean look-up per request cost a few percent of the gateway's CPU. */
    private volatile ServiceInstanceListSupplier supplier;

    public PowerOfTwoChoicesLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers, String serviceId,
            InFlightRequests inFlight) {
        this(suppliers, serviceId, inFlight, ThreadLocalRandom::current);
    }

    PowerOfTwoChoicesLoadBalancer(ObjectProvider<ServiceInstanceListSupplier> suppliers, String serviceId,
            InFlightRequests inFlight, Supplier<RandomGenerator> random) {
        this.suppliers = suppliers;
        this.serviceId = serviceId;
        this.inFlight = inFlight;
        this.random = random;
    }

    @Override
    public Mono<Response<ServiceInstance>> choose(Request request) {
        ServiceInstanceListSupplier supplier = this.supplier;
        if (supplier == null) {
            supplier = suppliers.getIfAvailable(NoopServiceInstanceListSupplier::new);
            this.supplier = supplier;
        }
        Set<String> tried = triedInstances(request);
        return supplier.get(request).next().map(instances -> choose(instances, tried));
    }

    Response<ServiceInstance> choose(List<ServiceInstance> instances, Set<String> tried) {
        if (instances.isEmpty()) {
            return new EmptyResponse();
        }
        List<ServiceInstance> untried = instances.stream().filter(i -> !tried.contains(id(i))).toList();
        List<ServiceInstance> candidates = untried.isEmpty() ? instances : untried;
        ServiceInstance chosen = candidates.size() == 1 ? candidates.get(0) : lessLoadedOfTwo(candidates);
        tried.add(id(chosen));
        return new DefaultResponse(chosen);
    }

    private ServiceInstance lessLoadedOfTwo(List<ServiceInstance> candidates) {
        RandomGenerator generator = random.get();
        int first = generator.nextInt(candidates.size());
        int second = generator.nextInt(candidates.size() - 1);
        if (second >= first) {
            second++; // two different instances
        }
        ServiceInstance a = candidates.get(first);
        ServiceInstance b = candidates.get(second);
        return inFlight.count(b) < inFlight.count(a) ? b : a;
    }

    /** The id a request's tried instances are remembered by. */
    static String id(ServiceInstance instance) {
        return instance.getInstanceId() != null ? instance.getInstanceId()
                : instance.getHost() + ":" + instance.getPort();
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
        return "PowerOfTwoChoicesLoadBalancer[" + serviceId + "]";
    }
}
