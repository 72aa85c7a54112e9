package io.edgeway.gateway.canary;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.canary.CanaryGatewayFilterFactory.CanaryFilter;
import io.edgeway.gateway.rollout.GatewayReport;
import io.edgeway.gateway.rollout.StepCounts;
import io.edgeway.gateway.rollout.WeightOverlay;
import io.edgeway.gateway.settings.CanaryProperties;
import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.support.LiveProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends this gateway's counts of the current rollout steps to the rollout controller in the config server
 * ({@code POST /rollouts/reports}, with the config client's credentials) every
 * {@code edgeway.gateway.canary.rollout-report-interval}, and applies the weights it answers with. The gateway
 * reports rather than being polled because it already knows and authenticates to the config server; the controller
 * knows the fleet from the reports and holds a rollout when a gateway falls silent. When the controller cannot be
 * reached the last weights stay; every change is also kept on disk ({@link RolloutWeightsFile}), where a restarted
 * gateway starts from.
 */
public final class RolloutReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RolloutReporter.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final StepCounters counters;

    private final CanaryRoutes routes;

    private final RolloutWeights weights;

    private final RolloutWeightsFile weightsFile;

    private final LiveProperties<CanaryProperties> settings;

    private final Environment environment;

    private final WebClient client;

    private volatile Disposable reporting;

    public RolloutReporter(StepCounters counters, CanaryRoutes routes, RolloutWeights weights,
            RolloutWeightsFile weightsFile, LiveProperties<CanaryProperties> settings,
            LiveProperties<EdgeGatewayProperties> gateway, Environment environment) {
        this.counters = counters;
        this.routes = routes;
        this.weights = weights;
        this.weightsFile = weightsFile;
        this.settings = settings;
        this.environment = environment;
        String user = environment.getProperty("spring.cloud.config.username");
        String password = environment.getProperty("spring.cloud.config.password");
        this.client = WebClient.builder().baseUrl(gateway.get().configPush().serverUri().toString())
                .defaultHeaders(headers -> {
                    if (user != null && password != null) {
                        headers.setBasicAuth(user, password);
                    }
                }).build();
    }

    @Override
    public void start() {
        Duration interval = settings.get().rolloutReportInterval();
        reporting = Flux.interval(interval, interval).onBackpressureDrop()
                .concatMap(tick -> report().onErrorResume(ex -> {
                    log.debug("Rollout controller not reached ({}); keeping the last weights", ex.getMessage());
                    return Mono.empty();
                }), 0)
                .subscribe(overlay -> {
                    weights.update(overlay);
                    weightsFile.keep(overlay);
                });
    }

    /** One report, answered with the controller's weights. */
    Mono<WeightOverlay> report() {
        return routes.rules().collectList().flatMap(rules -> client.post().uri("/rollouts/reports")
                .bodyValue(new GatewayReport(gatewayId(), steps(rules))).retrieve().bodyToMono(WeightOverlay.class)
                .timeout(TIMEOUT));
    }

    /**
     * The counts of the step each route runs now; a route at a step it has no request of yet reports it empty, so
     * the controller knows this gateway applied the step (an idle gateway must not hold a rollout).
     */
    private Map<String, StepCounts> steps(List<CanaryFilter> rules) {
        Map<String, StepCounts> counted = counters.snapshot();
        Map<String, StepCounts> steps = new LinkedHashMap<>();
        for (CanaryFilter rule : rules) {
            String step = rule.rolloutStep();
            if (step != null) {
                StepCounts counts = counted.get(rule.routeId());
                steps.put(rule.routeId(), counts != null && counts.stepId().equals(step) ? counts
                        : new StepCounts(step, Map.of()));
            }
        }
        return steps;
    }

    /** Host and traffic port: the same across a restart, so a restarted gateway is not taken for a silent one. */
    private String gatewayId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            host = "localhost";
        }
        return host + ":" + environment.getProperty("local.server.port", environment.getProperty("server.port", "?"));
    }

    @Override
    public void stop() {
        Disposable current = reporting;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable current = reporting;
        return current != null && !current.isDisposed();
    }
}
