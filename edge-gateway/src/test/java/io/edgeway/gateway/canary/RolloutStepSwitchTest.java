package io.edgeway.gateway.canary;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateways that hear the rollout controller at different moments, as they do (each reports on its own second):
 * a user on the canary stays on it on both while they switch steps, until a rollback moves everyone back.
 */
class RolloutStepSwitchTest {

    private static final Instant T = Instant.parse("2026-12-07T12:00:00Z");

    private static final List<String> USERS = IntStream.range(0, 400).mapToObj(i -> "user-" + i).toList();

    /** A clock the test moves; {@code tick} is added after every reading. */
    private static final class TestClock extends Clock {

        Instant now = T;

        Duration tick = Duration.ZERO;

        @Override
        public Instant instant() {
            Instant read = now;
            now = now.plus(tick);
            return read;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** One gateway: its own weights as last heard, the shared clock, and the route's Canary filter. */
    private record Gateway(RolloutWeights weights, StepCounters counters, GatewayFilter filter) {

        static Gateway on(Clock clock) {
            RolloutWeights weights = new RolloutWeights(clock);
            StepCounters counters = new StepCounters();
            CanaryGatewayFilterFactory factory = new CanaryGatewayFilterFactory(new SimpleMeterRegistry(),
                    () -> new CanaryProperties("canary", Duration.ofSeconds(1), Path.of("rollout-weights.json")), weights, counters);
            return new Gateway(weights, counters, factory.apply(config()));
        }

        String versionFor(String user) {
            MockServerWebExchange exchange = MockServerWebExchange
                    .from(MockServerHttpRequest.get("/").header("X-User", user));
            filter.filter(exchange, ANSWER).block();
            return exchange.<CanaryDecision>getAttribute(CanaryDecision.ATTRIBUTE).version();
        }
    }

    /** Answers as the instance of the decided version would. */
    private static final GatewayFilterChain ANSWER = exchange -> {
        CanaryDecision decision = exchange.getAttribute(CanaryDecision.ATTRIBUTE);
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
                new DefaultResponse(new DefaultServiceInstance("i-" + decision.version(), "backend", "127.0.0.1",
                        8080, false, Map.of("version", decision.version()))));
        return Mono.empty();
    };

    private static CanaryGatewayFilterFactory.Config config() {
        CanaryGatewayFilterFactory.Config config = new CanaryGatewayFilterFactory.Config();
        config.setRouteId("api");
        config.setStable("v1");
        config.setCanary("v2");
        config.setWeight(0);
        config.setKey("header:X-User");
        RolloutArgs rollout = new RolloutArgs();
        rollout.setSteps(List.of(20.0, 50.0, 100.0));
        config.setRollout(rollout);
        return config;
    }

    private static final String IDENTITY = config().rolloutTarget().orElseThrow().identity();

    private static WeightOverlay overlay(RolloutWeight weight) {
        return new WeightOverlay("c1", Map.of("api", weight));
    }

    private final Map<String, List<String>> served = new LinkedHashMap<>();

    /** Every user calls both gateways, and remembers each change of version. */
    private void everyUserCalls(Gateway... gateways) {
        for (String user : USERS) {
            for (Gateway gateway : gateways) {
                String version = gateway.versionFor(user);
                List<String> versions = served.computeIfAbsent(user, u -> new ArrayList<>());
                if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(version)) {
                    versions.add(version);
                }
            }
        }
    }

    private List<String> movedBackToStable() {
        return served.entrySet().stream().filter(e -> String.join(",", e.getValue()).contains("v2,v1"))
                .map(Map.Entry::getKey).toList();
    }

    @Test
    void usersOnTheCanaryStayOnItWhileGatewaysHearOfTheNextStepAtDifferentMoments() {
        TestClock clock = new TestClock();
        Gateway a = Gateway.on(clock);
        Gateway b = Gateway.on(clock);
        RolloutWeight at20 = new RolloutWeight(IDENTITY, 0, IDENTITY + "#0", 20);
        a.weights().update(overlay(at20));
        b.weights().update(overlay(at20));
        everyUserCalls(a, b);
        List<String> onCanaryAt20 = USERS.stream().filter(user -> served.get(user).contains("v2")).toList();

        // The controller advances at T and schedules the switch 3 s ahead; gateway a hears at once, b a second
        // later (each reports on its own second).
        RolloutWeight to50 = new RolloutWeight(IDENTITY, 0, IDENTITY + "#1", 50).from(T.plusSeconds(3), at20);
        a.weights().update(overlay(to50));
        everyUserCalls(a, b);
        clock.now = T.plusSeconds(1);
        b.weights().update(overlay(to50));
        everyUserCalls(b, a);
        clock.now = T.plusSeconds(3);
        everyUserCalls(a, b);

        assertThat(movedBackToStable()).as("users moved from the canary back to stable").isEmpty();
        List<String> onCanaryAt50 = USERS.stream().filter(user -> a.versionFor(user).equals("v2")).toList();
        assertThat(onCanaryAt50).containsAll(onCanaryAt20).hasSizeGreaterThan(onCanaryAt20.size() * 2);
        assertThat(USERS).allMatch(user -> a.versionFor(user).equals(b.versionFor(user)));

        // A rollback applies as soon as each gateway hears it: everyone back on stable.
        RolloutWeight rolledBack = new RolloutWeight(IDENTITY, 0, IDENTITY + "#1", 0);
        a.weights().update(overlay(rolledBack));
        b.weights().update(overlay(rolledBack));
        assertThat(USERS).allMatch(user -> a.versionFor(user).equals("v1") && b.versionFor(user).equals("v1"));
    }

    @Test
    void aFirstStepScheduledFromTheCommittedWeightKeepsTheCommittedWeightUntilItsSwitch() {
        TestClock clock = new TestClock();
        Gateway a = Gateway.on(clock);
        a.weights().update(overlay(new RolloutWeight(IDENTITY, 0, IDENTITY + "#0", 20).from(T.plusSeconds(3),
                null)));

        assertThat(USERS).allMatch(user -> a.versionFor(user).equals("v1"));
        clock.now = T.plusSeconds(3);
        assertThat(USERS).anyMatch(user -> a.versionFor(user).equals("v2"));
    }

    @Test
    void aRequestCountsForTheStepWhoseWeightSplitItEvenIfTheSwitchComesWhileItRuns() {
        TestClock clock = new TestClock();
        clock.now = T.plusSeconds(2);
        clock.tick = Duration.ofSeconds(1); // every reading of the clock is a second later than the one before
        Gateway a = Gateway.on(clock);
        RolloutWeight at20 = new RolloutWeight(IDENTITY, 0, IDENTITY + "#0", 20);
        a.weights().update(overlay(new RolloutWeight(IDENTITY, 0, IDENTITY + "#1", 50).from(T.plusSeconds(3),
                at20)));

        a.versionFor("alice");

        StepCounts counts = a.counters().snapshot().get("api");
        assertThat(counts.stepId()).isEqualTo(IDENTITY + "#0");
    }
}
