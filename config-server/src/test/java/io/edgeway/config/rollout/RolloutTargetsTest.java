package io.edgeway.config.rollout;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.rollout.RolloutPlan;
import io.edgeway.gateway.rollout.RolloutTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutTargetsTest {

    private static final String ROUTE = "spring.cloud.gateway.server.webflux.routes[0].";

    private static Map<String, String> route(String weight) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put(ROUTE + "id", "api");
        source.put(ROUTE + "uri", "lb://sample-backend");
        source.put(ROUTE + "predicates[0]", "Path=/api/**");
        source.put(ROUTE + "filters[0]", "SetPath=/id");
        source.put(ROUTE + "filters[1].name", "Canary");
        source.put(ROUTE + "filters[1].args.stable", "v1");
        source.put(ROUTE + "filters[1].args.canary", "v2");
        source.put(ROUTE + "filters[1].args.weight", weight);
        source.put(ROUTE + "filters[1].args.rollout.steps[0]", "1");
        source.put(ROUTE + "filters[1].args.rollout.steps[1]", "50");
        source.put(ROUTE + "filters[1].args.rollout.steps[2]", "100");
        source.put(ROUTE + "filters[1].args.rollout.step-after", "1m");
        source.put(ROUTE + "filters[1].args.rollout.slo.error-rate.max-increase", "1%");
        return source;
    }

    @Test
    void readsThePlanNextToCanaryAsTheGatewaysBindIt() {
        Map<String, RolloutTarget> targets = RolloutTargets.of(List.of(route("0")));

        RolloutTarget expected = new RolloutTarget("api", "v1", "v2", 0, new RolloutPlan(List.of(1.0, 50.0, 100.0),
                Duration.ofMinutes(1), 500, 0.01, 1.3, 0.95));
        assertThat(targets).containsOnlyKeys("api");
        assertThat(targets.get("api")).isEqualTo(expected);
        assertThat(targets.get("api").identity()).isEqualTo(expected.identity());
    }

    @Test
    void theHigherPrecedenceSourceWinsAndAWeightIsNotPartOfTheIdentity() {
        Map<String, RolloutTarget> targets = RolloutTargets.of(List.of(Map.of(ROUTE + "filters[1].args.weight", "30"),
                route("0")));

        assertThat(targets.get("api").committedWeight()).isEqualTo(30);
        assertThat(targets.get("api").identity())
                .isEqualTo(RolloutTargets.of(List.of(route("0"))).get("api").identity());
    }

    @Test
    void routesWithoutAPlanAreNoTargets() {
        Map<String, String> source = route("10");
        source.keySet().removeIf(key -> key.contains(".rollout."));

        assertThat(RolloutTargets.of(List.of(source))).isEmpty();
    }
}
