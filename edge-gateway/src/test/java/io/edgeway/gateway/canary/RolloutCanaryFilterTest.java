package io.edgeway.gateway.canary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rollout.StepCounts;
import io.edgeway.gateway.rollout.WeightOverlay;
import io.edgeway.gateway.rules.RolloutArgs;
import io.edgeway.gateway.settings.CanaryProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** The Canary filter under a rollout: the controller's weight, when it applies, and the evidence it counts. */
class RolloutCanaryFilterTest {

    private final RolloutWeights weights = new RolloutWeights();

    private final StepCounters counters = new StepCounters();

    private final CanaryGatewayFilterFactory factory = new CanaryGatewayFilterFactory(new SimpleMeterRegistry(),
            () -> new CanaryProperties("canary", Duration.ofSeconds(1), Path.of("rollout-weights.json")), weights, counters);

    private final AtomicReference<CanaryDecision> seen = new AtomicReference<>();

    /** Answers as the instance of the decided version would, with {@code status}. */
    private GatewayFilterChain chain(HttpStatus status) {
        return exchange -> {
            CanaryDecision decision = exchange.getAttribute(CanaryDecision.ATTRIBUTE);
            seen.set(decision);
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
                    new DefaultResponse(new DefaultServiceInstance("i-" + decision.version(), "backend", "127.0.0.1",
                            8080, false, Map.of("version", decision.version()))));
            exchange.getResponse().setStatusCode(status);
            return Mono.empty();
        };
    }

    private CanaryGatewayFilterFactory.Config config(double weight) {
        CanaryGatewayFilterFactory.Config config = new CanaryGatewayFilterFactory.Config();
        config.setRouteId("api");
        config.setStable("v1");
        config.setCanary("v2");
        config.setWeight(weight);
        config.setKey("header:X-User");
        RolloutArgs rollout = new RolloutArgs();
        rollout.setSteps(List.of(5.0, 25.0, 100.0));
        config.setRollout(rollout);
        return config;
    }

    private String identity() {
        return config(0).rolloutTarget().orElseThrow().identity();
    }

    private String versionOf(GatewayFilter filter, String user) {
        filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-User", user)),
                chain(HttpStatus.OK)).block();
        return seen.get().version();
    }

    @Test
    void takesTheControllersWeightForItsOwnRolloutAndKeepsUsersOnTheCanaryAsItGrows() {
        GatewayFilter filter = factory.apply(config(0));
        List<String> users = java.util.stream.IntStream.range(0, 400).mapToObj(i -> "user-" + i).toList();
        assertThat(users).allMatch(user -> versionOf(filter, user).equals("v1"));

        weights.update(new WeightOverlay("c1", Map.of("api", new RolloutWeight(identity(), 0, "s#0", 5))));
        List<String> atFive = users.stream().filter(user -> versionOf(filter, user).equals("v2")).toList();
        weights.update(new WeightOverlay("c1", Map.of("api", new RolloutWeight(identity(), 0, "s#1", 25))));
        List<String> atTwentyFive = users.stream().filter(user -> versionOf(filter, user).equals("v2")).toList();

        assertThat(atFive).isNotEmpty();
        assertThat(atTwentyFive).containsAll(atFive).hasSizeGreaterThan(atFive.size() * 2);
    }

    @Test
    void ignoresAWeightOfAnotherPlanOrCanary() {
        GatewayFilter filter = factory.apply(config(0));
        weights.update(new WeightOverlay("c1", Map.of("api", new RolloutWeight("another", 0, "s#0", 100))));

        assertThat(versionOf(filter, "alice")).isEqualTo("v1");
    }

    @Test
    void aWeightCommittedByHandWinsAtOnce() {
        weights.update(new WeightOverlay("c1", Map.of("api", new RolloutWeight(identity(), 0, "s#0", 100))));
        GatewayFilter byHand = factory.apply(config(0.01)); // committed 0.01 %, the rollout started from 0

        assertThat(versionOf(byHand, "alice")).isEqualTo(new CanarySplit("v1", "v2", 0.01, "api").versionFor("alice"));
    }

    @Test
    void countsEachVersionsRequestsAndErrorsForTheStepTheyWereSplitBy() {
        GatewayFilter filter = factory.apply(config(0));
        weights.update(new WeightOverlay("c1", Map.of("api", new RolloutWeight(identity(), 0, "s#0", 50))));
        for (int i = 0; i < 100; i++) {
            filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-User", "u" + i)),
                    chain(HttpStatus.BAD_GATEWAY)).block();
        }
        filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-User", "u0")),
                chain(HttpStatus.NOT_FOUND)).block();

        StepCounts counts = counters.snapshot().get("api");
        assertThat(counts.stepId()).isEqualTo("s#0");
        assertThat(counts.of("v1").requests() + counts.of("v2").requests()).isEqualTo(101);
        assertThat(counts.of("v1").errors() + counts.of("v2").errors()).isEqualTo(100);
        assertThat(counts.of("v1").timed() + counts.of("v2").timed()).as("the 404 is timed, 5xx are not").isEqualTo(1);

        weights.update(new WeightOverlay("c1", Map.of("api", new RolloutWeight(identity(), 0, "s#1", 60))));
        filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-User", "u0")),
                chain(HttpStatus.OK)).block();
        StepCounts next = counters.snapshot().get("api");
        assertThat(next.stepId()).isEqualTo("s#1");
        assertThat(next.of("v1").requests() + next.of("v2").requests()).isEqualTo(1);
    }

    @Test
    void countsNothingWithoutARollout() {
        GatewayFilter filter = factory.apply(config(10));
        versionOf(filter, "alice");

        assertThat(counters.snapshot()).isEmpty();
    }
}
