package io.edgeway.gateway.loadbalancer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;

/**
 * {@code /actuator/balancer/{service}}: the instances this gateway's balancer chooses among for {@code service} right
 * now (the registry's, inside the allowed networks, less ejected outliers), and per instance the requests in flight
 * and the answers it served. A rolling deploy asks it whether the gateway still sends to an instance it drains, and
 * whether a new one has answered (docs/rolling-deploy.md).
 */
@Endpoint(id = "balancer")
public class BalancerEndpoint {

    private final LoadBalancerClientFactory balancers;

    private final ReactiveDiscoveryClient discovery;

    private final InFlightRequests inFlight;

    public BalancerEndpoint(LoadBalancerClientFactory balancers, ReactiveDiscoveryClient discovery,
            InFlightRequests inFlight) {
        this.balancers = balancers;
        this.discovery = discovery;
        this.inFlight = inFlight;
    }

    /**
     * {@code instance}, when given, is an instance id: its in-flight and served counts are reported even when the
     * balancer no longer lists it (a drained instance still finishing requests).
     */
    @ReadOperation
    public Mono<WebEndpointResponse<Map<String, Object>>> balancer(@Selector String service, @Nullable String instance) {
        String serviceId = service.toLowerCase(Locale.ROOT);
        // Only a service the registry knows: a look-up of any other name would create a balancer context for it.
        return discovery.getServices().map(s -> s.toLowerCase(Locale.ROOT)).any(serviceId::equals)
                .flatMap(known -> known ? view(serviceId, instance).map(WebEndpointResponse::new)
                        : Mono.just(new WebEndpointResponse<>(Map.of("error",
                                "no service '" + service + "' in the registry"), WebEndpointResponse.STATUS_NOT_FOUND)));
    }

    private Mono<Map<String, Object>> view(String serviceId, String instanceId) {
        ServiceInstanceListSupplier supplier = balancers.getInstance(serviceId, ServiceInstanceListSupplier.class);
        Mono<List<ServiceInstance>> listed = supplier == null ? Mono.just(List.of())
                : supplier.get().next().defaultIfEmpty(List.of());
        return listed.map(instances -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("service", serviceId);
            body.put("instances", instances.stream().map(i -> describe(serviceId, i)).toList());
            if (instanceId != null && !instanceId.isBlank()) {
                Map<String, Object> asked = new LinkedHashMap<>();
                asked.put("instanceId", instanceId);
                asked.put("balanced", instances.stream()
                        .anyMatch(i -> PowerOfTwoChoicesLoadBalancer.id(i).equals(instanceId)));
                asked.put("inFlight", inFlight.count(serviceId, instanceId));
                asked.put("served", inFlight.served(serviceId, instanceId));
                body.put("instance", asked);
            }
            return body;
        });
    }

    private Map<String, Object> describe(String serviceId, ServiceInstance instance) {
        String id = PowerOfTwoChoicesLoadBalancer.id(instance);
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("instanceId", id);
        described.put("host", instance.getHost());
        described.put("port", instance.getPort());
        described.put("inFlight", inFlight.count(serviceId, id));
        described.put("served", inFlight.served(serviceId, id));
        return described;
    }
}
