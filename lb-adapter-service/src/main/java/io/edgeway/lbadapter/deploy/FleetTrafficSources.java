package io.edgeway.lbadapter.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.MemberState;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * The gateways the registry lists, each asked through its actuator ({@code /actuator/balancer/{service}}, on the
 * port its {@code management.port} metadata names), and the device pools the service is mapped into, read from the
 * devices now.
 */
final class FleetTrafficSources implements TrafficSources {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DiscoveryClient discovery;

    private final Map<String, LoadBalancerDevice> devices;

    private final List<LbAdapterProperties.Mapping> mappings;

    private final HttpClient client;

    private final DeployProperties properties;

    FleetTrafficSources(DiscoveryClient discovery, Map<String, LoadBalancerDevice> devices,
            List<LbAdapterProperties.Mapping> mappings, HttpClient client, DeployProperties properties) {
        this.discovery = discovery;
        this.devices = devices;
        this.mappings = mappings;
        this.client = client;
        this.properties = properties;
    }

    /** One gateway's balancer, as it answered about one instance. */
    private record GatewayAnswer(String gateway, boolean answered, boolean balanced, int inFlight, long served,
            String error) {
    }

    @Override
    public List<Check> stoppedSending(DeployTarget target) {
        List<Check> checks = new ArrayList<>();
        for (GatewayAnswer answer : askGateways(target)) {
            boolean stopped = answer.answered() && !answer.balanced() && answer.inFlight() == 0;
            checks.add(new Check(answer.gateway(), stopped, answer.answered()
                    ? "balanced=" + answer.balanced() + " inFlight=" + answer.inFlight() : answer.error()));
        }
        for (LbAdapterProperties.Mapping mapping : mappingsOf(target)) {
            PoolKey pool = pool(mapping);
            try {
                Optional<ObservedMember> member = member(mapping, target);
                boolean stopped = member.isEmpty()
                        || member.get().state() != MemberState.ENABLED && member.get().connections() <= 0;
                checks.add(new Check(name(pool), stopped, member.map(m -> m.state() + " connections="
                        + (m.connections() == ObservedMember.UNKNOWN_CONNECTIONS ? "unknown" : m.connections()))
                        .orElse("not a member")));
            }
            catch (RuntimeException e) {
                checks.add(new Check(name(pool), false, "not readable: " + e.getMessage()));
            }
        }
        return checks;
    }

    @Override
    public List<Check> sending(DeployTarget target, long baseline) {
        List<Check> checks = new ArrayList<>();
        long served = 0;
        for (GatewayAnswer answer : askGateways(target)) {
            served += answer.served();
            checks.add(new Check(answer.gateway(), answer.answered() && answer.balanced(),
                    answer.answered() ? "balanced=" + answer.balanced() + " served=" + answer.served() : answer.error()));
        }
        checks.add(new Check("first answer through a gateway", served > baseline,
                "served " + (served - baseline) + " since it came up"));
        for (LbAdapterProperties.Mapping mapping : mappingsOf(target)) {
            PoolKey pool = pool(mapping);
            try {
                Optional<ObservedMember> member = member(mapping, target);
                checks.add(new Check(name(pool), member.filter(m -> m.state() == MemberState.ENABLED).isPresent(),
                        member.map(m -> m.state().toString()).orElse("not a member")));
            }
            catch (RuntimeException e) {
                checks.add(new Check(name(pool), false, "not readable: " + e.getMessage()));
            }
        }
        return checks;
    }

    @Override
    public long served(DeployTarget target) {
        return askGateways(target).stream().mapToLong(GatewayAnswer::served).sum();
    }

    @Override
    public void probe(String path) {
        List<CompletableFuture<HttpResponse<Void>>> sent = gateways().stream()
                .map(g -> client.sendAsync(HttpRequest.newBuilder(URI.create("http://" + g.getHost() + ":" + g.getPort()
                        + path)).timeout(properties.requestTimeout()).GET().build(),
                        HttpResponse.BodyHandlers.discarding()))
                .toList();
        // A refused or failed probe is only one answer fewer; the wait asks the gateways what they served.
        sent.forEach(f -> f.exceptionally(e -> null).join());
    }

    private List<ServiceInstance> gateways() {
        return discovery.getInstances(properties.gatewayApplication()).stream().filter(RegistryInstances::up).toList();
    }

    private List<GatewayAnswer> askGateways(DeployTarget target) {
        List<CompletableFuture<GatewayAnswer>> answers = gateways().stream().map(g -> ask(g, target)).toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<GatewayAnswer> ask(ServiceInstance gateway, DeployTarget target) {
        String managementPort = gateway.getMetadata().getOrDefault("management.port",
                Integer.toString(gateway.getPort()));
        String name = "gateway " + gateway.getHost() + ":" + gateway.getPort();
        URI uri = URI.create("http://" + gateway.getHost() + ":" + managementPort + "/actuator/balancer/"
                + target.application() + (target.instanceId() == null ? ""
                        : "?instance=" + URLEncoder.encode(target.instanceId(), StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.requestTimeout())
                .header("Authorization", HttpInstanceSwitch.basic(properties.username(), properties.password()))
                .GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            if (error != null) {
                return new GatewayAnswer(name, false, false, 0, 0, "no answer: " + error.getMessage());
            }
            if (response.statusCode() == 404) {
                // The gateway does not know the service at all: it cannot be sending to it.
                return new GatewayAnswer(name, true, false, 0, 0, null);
            }
            if (response.statusCode() != 200) {
                return new GatewayAnswer(name, false, false, 0, 0, "answered " + response.statusCode());
            }
            JsonNode instance = JSON.readTree(response.body()).path("instance");
            return new GatewayAnswer(name, true, instance.path("balanced").asBoolean(false),
                    instance.path("inFlight").asInt(0), instance.path("served").asLong(0), null);
        });
    }

    private List<LbAdapterProperties.Mapping> mappingsOf(DeployTarget target) {
        return mappings.stream().filter(m -> m.application().toLowerCase(Locale.ROOT).equals(target.application()))
                .toList();
    }

    private Optional<ObservedMember> member(LbAdapterProperties.Mapping mapping, DeployTarget target) {
        LoadBalancerDevice device = devices.get(mapping.device());
        if (device == null) {
            throw new IllegalStateException("no device " + mapping.device());
        }
        MemberAddress address = new MemberAddress(target.host(),
                mapping.port() != null ? mapping.port() : target.port());
        return device.members(pool(mapping)).stream().filter(m -> m.address().equals(address)).findFirst();
    }

    private static PoolKey pool(LbAdapterProperties.Mapping mapping) {
        return new PoolKey(mapping.device(), mapping.partition(), mapping.pool());
    }

    private static String name(PoolKey pool) {
        return pool.device() + "/" + pool.partition() + "/" + pool.pool();
    }
}
