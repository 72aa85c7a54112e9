package io.edgeway.lbadapter.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two waits of a rolling deploy around the caller's stop and start of one instance: {@link #drain} switches the
 * instance down and waits until nothing sends it traffic any more, nor has a request in flight to it;
 * {@link #awaitReady} waits until a new instance is UP, every party sends it traffic again and it has answered a
 * request through a gateway. Knows nothing of HTTP or Spring: the parties are behind small interfaces.
 */
public final class RollingDeploySteps {

    private final InstanceRegistry registry;

    private final InstanceSwitch instanceSwitch;

    private final TrafficSources traffic;

    private final Poller poller;

    public RollingDeploySteps(InstanceRegistry registry, InstanceSwitch instanceSwitch, TrafficSources traffic,
            Poller poller) {
        this.registry = registry;
        this.instanceSwitch = instanceSwitch;
        this.traffic = traffic;
        this.poller = poller;
    }

    /** The registry's UP instance, or empty when it has none such. */
    public Optional<DeployTarget> find(String application, String instanceId, String host, Integer port) {
        return registry.upInstances(application).stream()
                .filter(i -> instanceId != null ? instanceId.equals(i.instanceId())
                        : i.host().equals(host) && port != null && i.port() == port)
                .findFirst();
    }

    /** Switches {@code target} down, then waits until every gateway and device pool stopped sending to it. */
    public WaitResult drain(DeployTarget target, Duration timeout) {
        instanceSwitch.down(target);
        return poller.await(timeout, () -> traffic.stoppedSending(target));
    }

    /**
     * Waits until the instance at {@code host:port} is UP in the registry, every party sends to it, and a gateway
     * has passed on one of its answers; with {@code probePath}, sends a request through every gateway each round.
     */
    public WaitResult awaitReady(String application, String host, int port, Duration timeout, String probePath) {
        DeployTarget unregistered = new DeployTarget(application, null, host, port);
        long[] baseline = { -1 };
        return poller.await(timeout, () -> {
            Optional<DeployTarget> up = registry.upInstance(application, host, port);
            if (up.isEmpty()) {
                return List.of(new Check("registry", false, unregistered.address() + " is not UP"));
            }
            DeployTarget target = up.get();
            if (baseline[0] < 0) {
                // Before the first probe: an instance on the same address and id as the old one continues its count.
                baseline[0] = traffic.served(target);
            }
            if (probePath != null) {
                traffic.probe(probePath);
            }
            List<Check> checks = new ArrayList<>();
            checks.add(new Check("registry", true, target.instanceId() + " is UP"));
            checks.addAll(traffic.sending(target, baseline[0]));
            return checks;
        });
    }
}
