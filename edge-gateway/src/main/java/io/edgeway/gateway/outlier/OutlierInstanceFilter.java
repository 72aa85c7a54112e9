package io.edgeway.gateway.outlier;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Leaves ejected instances out of the list the load balancer picks from. If every instance is ejected (which
 * the cap normally prevents) the whole list is kept: some chance of success beats none.
 */
public final class OutlierInstanceFilter extends DelegatingServiceInstanceListSupplier {

    private final OutlierDetector detector;

    public OutlierInstanceFilter(ServiceInstanceListSupplier delegate, OutlierDetector detector) {
        super(delegate);
        this.detector = detector;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(this::healthy);
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(this::healthy);
    }

    List<ServiceInstance> healthy(List<ServiceInstance> instances) {
        if (instances.isEmpty()) {
            return instances;
        }
        String service = getServiceId();
        Set<String> ids = instances.stream().map(OutlierInstanceFilter::id).collect(Collectors.toSet());
        detector.pool(service, ids);
        List<ServiceInstance> healthy = instances.stream().filter(i -> !detector.isEjected(service, id(i))).toList();
        return healthy.isEmpty() ? instances : healthy;
    }

    /** The id the detector knows an instance by. */
    public static String id(ServiceInstance instance) {
        return instance.getInstanceId() != null ? instance.getInstanceId() : instance.getHost() + ":" + instance.getPort();
    }
}
