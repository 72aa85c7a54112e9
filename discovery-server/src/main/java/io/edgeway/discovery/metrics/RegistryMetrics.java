package io.edgeway.discovery.metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.netflix.appinfo.InstanceInfo;
import com.netflix.discovery.shared.Application;
import com.netflix.eureka.registry.PeerAwareInstanceRegistry;
import com.netflix.eureka.util.EurekaMonitors;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * The registry's meters: instances by application and status, counted from the registry every second, and
 * Eureka's own counts of registrations, renewals, cancellations and status updates (each by whether the instance
 * or a peer node sent it), evictions and failed or rejected replications.
 */
public final class RegistryMetrics {

    private final PeerAwareInstanceRegistry registry;

    private final MultiGauge instances;

    /** Every application and status seen: one whose instances all left reads 0 rather than vanishing. */
    private final Set<Tags> seen = new HashSet<>();

    public RegistryMetrics(PeerAwareInstanceRegistry registry, MeterRegistry meters) {
        this.registry = registry;
        this.instances = MultiGauge.builder("edgeway.eureka.instances")
                .description("Registered instances by application and status").register(meters);
        byOrigin(meters, "edgeway.eureka.registrations", EurekaMonitors.REGISTER, "Registrations");
        byOrigin(meters, "edgeway.eureka.renewals", EurekaMonitors.RENEW, "Lease renewals (heartbeats)");
        byOrigin(meters, "edgeway.eureka.cancellations", EurekaMonitors.CANCEL,
                "Instances removed: deregistered, or evicted");
        byOrigin(meters, "edgeway.eureka.status.updates", EurekaMonitors.STATUS_UPDATE, "Status changes");
        FunctionCounter.builder("edgeway.eureka.evictions", EurekaMonitors.EXPIRED, EurekaMonitors::getCount)
                .description("Leases that expired: instances that stopped renewing").register(meters);
        FunctionCounter.builder("edgeway.eureka.replications", EurekaMonitors.FAILED_REPLICATIONS,
                EurekaMonitors::getCount).tag("outcome", "failed")
                .description("Replications to peer nodes that failed or were rejected").register(meters);
        FunctionCounter.builder("edgeway.eureka.replications", EurekaMonitors.REJECTED_REPLICATIONS,
                EurekaMonitors::getCount).tag("outcome", "rejected")
                .description("Replications to peer nodes that failed or were rejected").register(meters);
    }

    /**
     * Eureka counts every action, and apart those an instance sent itself ("this zone"); the rest came from a peer
     * node replicating it.
     */
    private static void byOrigin(MeterRegistry meters, String name, EurekaMonitors monitor, String description) {
        FunctionCounter.builder(name, monitor, EurekaMonitors::getZoneSpecificCount).tag("origin", "client")
                .description(description).register(meters);
        FunctionCounter.builder(name, monitor, m -> m.getCount() - m.getZoneSpecificCount()).tag("origin", "peer")
                .description(description).register(meters);
    }

    @Scheduled(fixedDelay = 1000)
    public synchronized void refresh() {
        Map<Tags, Integer> counts = new HashMap<>();
        for (Application application : registry.getApplications().getRegisteredApplications()) {
            for (InstanceInfo instance : application.getInstances()) {
                counts.merge(Tags.of("application", application.getName(), "status", instance.getStatus().name()), 1,
                        Integer::sum);
            }
        }
        seen.addAll(counts.keySet());
        instances.register(seen.stream().map(tags -> MultiGauge.Row.of(tags, counts.getOrDefault(tags, 0))).toList(),
                true);
    }
}
