package io.edgeway.gateway.canary;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Narrows the instances the load balancer may pick to the version a {@code Canary} route assigned the request
 * to (instance metadata {@value #VERSION_KEY}), or its other version if the assigned one has none. If neither
 * version has an instance (say, instances without version metadata), the rule steps aside rather than take the
 * route down: every instance stays eligible, and the observed split shows it.
 *
 * <p>It decides from the request alone, on the instance list of this very moment: it keeps no state, so nothing
 * of an earlier configuration survives a refresh. Requests without a decision see every instance.
 */
public final class CanaryInstanceFilter extends DelegatingServiceInstanceListSupplier {

    /** Instance metadata key naming the version (set by sample-backend from INSTANCE_VERSION). */
    public static final String VERSION_KEY = "version";

    public CanaryInstanceFilter(ServiceInstanceListSupplier delegate) {
        super(delegate);
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get();
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        CanaryDecision decision = decision(request);
        if (decision == null) {
            return delegate.get(request);
        }
        return delegate.get(request).map(instances -> select(instances, decision));
    }

    static List<ServiceInstance> select(List<ServiceInstance> instances, CanaryDecision decision) {
        List<ServiceInstance> chosen = withVersion(instances, decision.version());
        if (chosen.isEmpty()) {
            chosen = withVersion(instances, decision.fallback());
        }
        return chosen.isEmpty() ? instances : chosen;
    }

    private static List<ServiceInstance> withVersion(List<ServiceInstance> instances, String version) {
        return instances.stream().filter(i -> version.equals(versionOf(i))).toList();
    }

    /** The instance's version metadata, or {@code null}. */
    public static String versionOf(ServiceInstance instance) {
        Map<String, String> metadata = instance.getMetadata();
        return metadata != null ? metadata.get(VERSION_KEY) : null;
    }

    private static CanaryDecision decision(Request<?> request) {
        if (request != null && request.getContext() instanceof RequestDataContext context
                && context.getClientRequest() != null && context.getClientRequest().getAttributes() != null) {
            return (CanaryDecision) context.getClientRequest().getAttributes().get(CanaryDecision.ATTRIBUTE);
        }
        return null;
    }
}
