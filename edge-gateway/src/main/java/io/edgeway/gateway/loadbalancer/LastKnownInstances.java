package io.edgeway.gateway.loadbalancer;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Answers a registry look-up that comes back empty with the last non-empty answer, for a short grace period.
 *
 * <p>A guard against the 503 "no instance" answers a 2026-11-22 benchmark saw on a starved machine while Eureka
 * listed the instance UP. Their cause was not the client's re-index (eureka-client 2.0.5 publishes each VIP's list
 * through an {@code AtomicReference} and replaces its index maps without clearing them, so a look-up never sees a
 * half-done one), and runs since, at loads up to 50, saw no empty look-up (docs/benchmarks.md); how often one is
 * covered here is counted ({@code onCovered}). A service whose instances are really gone is empty again after the
 * grace period; until then its requests go to the last instances, fail to connect and are retried or answered 503.
 */
public final class LastKnownInstances extends DelegatingServiceInstanceListSupplier {

    private final long graceNanos;

    private final LongSupplier nanoClock;

    private final Runnable onCovered;

    private volatile List<ServiceInstance> last = List.of();

    private volatile long lastSeen;

    /** {@code onCovered} runs for each empty look-up answered with the last instances (a metric: how often it happens). */
    public LastKnownInstances(ServiceInstanceListSupplier delegate, Duration grace, LongSupplier nanoClock,
            Runnable onCovered) {
        super(delegate);
        this.graceNanos = grace.toNanos();
        this.nanoClock = nanoClock;
        this.onCovered = onCovered;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return delegate.get().map(this::orLastKnown);
    }

    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        return delegate.get(request).map(this::orLastKnown);
    }

    List<ServiceInstance> orLastKnown(List<ServiceInstance> instances) {
        long now = nanoClock.getAsLong();
        if (!instances.isEmpty()) {
            last = instances;
            lastSeen = now;
            return instances;
        }
        if (now - lastSeen < graceNanos && !last.isEmpty()) {
            onCovered.run();
            return last;
        }
        return instances;
    }
}
