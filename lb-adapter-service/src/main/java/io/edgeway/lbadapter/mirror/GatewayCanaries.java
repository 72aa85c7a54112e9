package io.edgeway.lbadapter.mirror;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.rollout.WeightOverlay;
import io.edgeway.lbadapter.config.ConfigPushProperties;
import io.edgeway.lbadapter.config.GatewayCanaryProperties;
import io.edgeway.lbadapter.vip.CanarySplit;
import io.edgeway.lbadapter.vip.CanarySplits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The gateway's canary splits by application, as {@link CanarySplits} reads them from the gateway's config on the
 * config server ({@code GET /{application}/{profile}}) and the rollout controller's weights
 * ({@code GET /rollouts/weights}), with the config client's credentials. Read again at once when a commit is applied
 * (before the reconcile loop's own listener runs the cycle, so one commit moves gateway and devices together), and
 * every {@code refresh-interval} for the rollout controller's steps. When the config server cannot be read the last
 * splits stay; without a config server there are none.
 */
@Component
public class GatewayCanaries {

    private static final Logger log = LoggerFactory.getLogger(GatewayCanaries.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static final JsonMapper JSON = JsonMapper.shared();

    private final GatewayCanaryProperties settings;

    private final URI server;

    private final String authorization;

    private final boolean configServer;

    private final Clock clock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private List<Map<?, ?>> sources = List.of();

    private String commit;

    private WeightOverlay overlay = WeightOverlay.NONE;

    private Instant readAt = Instant.MIN;

    private String lastProblem;

    GatewayCanaries(GatewayCanaryProperties settings, ConfigPushProperties push, Environment environment,
            Clock clock) {
        this.settings = settings;
        this.server = push.serverUri();
        this.clock = clock;
        String user = environment.getProperty("spring.cloud.config.username");
        String password = environment.getProperty("spring.cloud.config.password");
        this.authorization = user == null || password == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.configServer = environment.getProperty("spring.cloud.config.enabled", Boolean.class, true);
    }

    /** A commit was applied: the gateway's config is read again now. */
    @EventListener(EnvironmentChangeEvent.class)
    @Order(1)
    synchronized void configChanged() {
        read();
    }

    /** The splits in force now, by application (lower case); read again when older than the refresh interval. */
    public synchronized Map<String, CanarySplit> splits() {
        if (!settings.enabled() || !configServer) {
            return Map.of();
        }
        Instant now = clock.instant();
        if (!now.isBefore(readAt.plus(settings.refreshInterval()))) {
            read();
        }
        return CanarySplits.of(sources, commit, overlay, now);
    }

    private void read() {
        if (!settings.enabled() || !configServer) {
            return;
        }
        readAt = clock.instant();
        try {
            JsonNode config = get("/" + settings.application() + "/" + settings.profile());
            List<Map<?, ?>> read = new ArrayList<>();
            for (JsonNode source : config.path("propertySources")) {
                read.add(JSON.treeToValue(source.path("source"), Map.class));
            }
            sources = List.copyOf(read);
            commit = config.path("version").asString(null);
            JsonNode weights = getOrNull("/rollouts/weights");
            if (weights != null) {
                overlay = JSON.treeToValue(weights, WeightOverlay.class);
            }
            if (lastProblem != null) {
                log.info("Gateway canaries read again from {}", server);
                lastProblem = null;
            }
        }
        catch (RuntimeException | java.io.IOException e) {
            String problem = e.getMessage();
            if (!String.valueOf(problem).equals(lastProblem)) {
                log.warn("Cannot read the gateway's canaries from {} (the last ones stay): {}", server, problem);
            }
            lastProblem = String.valueOf(problem);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode get(String path) throws java.io.IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** The body, or null while the rollout controller has not read the commit (503): its last weights stay. */
    private JsonNode getOrNull(String path) throws java.io.IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        if (response.statusCode() == 503 || response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(String path) throws java.io.IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(TIMEOUT).GET()
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
