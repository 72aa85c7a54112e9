package io.edgeway.lbadapter.vip;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rollout.WeightOverlay;
import io.edgeway.gateway.rules.CanaryArgs;
import io.edgeway.gateway.rules.Definition;
import io.edgeway.gateway.rules.RouteRules;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanarySplitsTest {

    private static final String ROUTES = RouteRules.ROUTES;

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void readsTheCommittedSplitOfALoadBalancedRoute() {
        Map<String, CanarySplit> splits = CanarySplits.of(List.of(gateway("10")), "0123456789abcdef",
                WeightOverlay.NONE, NOW);

        assertThat(splits).containsOnlyKeys("sample-backend");
        CanarySplit split = splits.get("sample-backend");
        assertThat(split.route()).isEqualTo("api");
        assertThat(split.stable()).isEqualTo("v1");
        assertThat(split.canary()).isEqualTo("v2");
        assertThat(split.weight()).isEqualTo(10);
        assertThat(split.origin()).isEqualTo("commit 0123456");
    }

    @Test
    void readsAShortcutCanary() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put(ROUTES + "[0].id", "shop");
        source.put(ROUTES + "[0].uri", "lb://SHOP-SERVICE");
        source.put(ROUTES + "[0].filters[0]", "Canary=blue, green, 25");

        CanarySplit split = CanarySplits.of(List.of(source), null, WeightOverlay.NONE, NOW).get("shop-service");

        assertThat(split.stable()).isEqualTo("blue");
        assertThat(split.weight()).isEqualTo(25);
    }

    @Test
    void followsTheHighestPrecedenceSource() {
        Map<String, CanarySplit> splits = CanarySplits.of(List.of(gateway("40"), gateway("10")), null,
                WeightOverlay.NONE, NOW);

        assertThat(splits.get("sample-backend").weight()).isEqualTo(40);
    }

    @Test
    void followsTheRolloutControllersWeightForThisRolloutAndCommittedWeight() {
        Map<String, Object> source = withRollout(gateway("5"));
        String identity = identity(source);
        WeightOverlay overlay = new WeightOverlay("c1", Map.of("api", new RolloutWeight(identity, 5, "s2", 25)));

        CanarySplit split = CanarySplits.of(List.of(source), "c1", overlay, NOW).get("sample-backend");

        assertThat(split.weight()).isEqualTo(25);
        assertThat(split.origin()).startsWith("rollout step s2");
    }

    @Test
    void keepsTheCommittedWeightWhenTheCommitChangedIt() {
        Map<String, Object> source = withRollout(gateway("7"));
        WeightOverlay overlay = new WeightOverlay("c1",
                Map.of("api", new RolloutWeight(identity(source), 5, "s2", 25)));

        assertThat(CanarySplits.of(List.of(source), "c2", overlay, NOW).get("sample-backend").weight()).isEqualTo(7);
    }

    @Test
    void keepsThePreviousStepUntilAScheduledRaiseSwitches() {
        Map<String, Object> source = withRollout(gateway("5"));
        RolloutWeight raise = new RolloutWeight(identity(source), 5, "s3", 50)
                .from(NOW.plusSeconds(2), new RolloutWeight(identity(source), 5, "s2", 25));
        WeightOverlay overlay = new WeightOverlay("c1", Map.of("api", raise));

        assertThat(CanarySplits.of(List.of(source), "c1", overlay, NOW).get("sample-backend").weight()).isEqualTo(25);
        assertThat(CanarySplits.of(List.of(source), "c1", overlay, NOW.plusSeconds(2)).get("sample-backend").weight())
                .isEqualTo(50);
    }

    @Test
    void ignoresRoutesThatAreNotLoadBalancedOrHaveNoCanary() {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put(ROUTES + "[0].id", "hello");
        source.put(ROUTES + "[0].uri", "lb://sample-backend");
        source.put(ROUTES + "[0].filters[0]", "SetPath=/");
        source.put(ROUTES + "[1].id", "direct");
        source.put(ROUTES + "[1].uri", "http://127.0.0.1:9000");
        source.put(ROUTES + "[1].filters[0]", "Canary=v1, v2, 10");

        assertThat(CanarySplits.of(List.of(source), null, WeightOverlay.NONE, NOW)).isEmpty();
    }

    private static Map<String, Object> gateway(String weight) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put(ROUTES + "[0].id", "hello");
        source.put(ROUTES + "[0].uri", "lb://sample-backend");
        source.put(ROUTES + "[0].filters[0]", "SetPath=/");
        source.put(ROUTES + "[1].id", "api");
        source.put(ROUTES + "[1].uri", "lb://sample-backend");
        source.put(ROUTES + "[1].filters[0]", "SetPath=/id");
        source.put(ROUTES + "[1].filters[1].name", "Canary");
        source.put(ROUTES + "[1].filters[1].args.stable", "v1");
        source.put(ROUTES + "[1].filters[1].args.canary", "v2");
        source.put(ROUTES + "[1].filters[1].args.weight", weight);
        source.put(ROUTES + "[1].filters[1].args.key", "subject");
        return source;
    }

    private static Map<String, Object> withRollout(Map<String, Object> source) {
        source.put(ROUTES + "[1].filters[1].args.rollout.steps[0]", "25");
        source.put(ROUTES + "[1].filters[1].args.rollout.steps[1]", "50");
        return source;
    }

    private static String identity(Map<String, Object> source) {
        Map<String, String> args = new LinkedHashMap<>();
        String prefix = ROUTES + "[1].filters[1].args.";
        source.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                args.put(key.substring(prefix.length()), String.valueOf(value));
            }
        });
        CanaryArgs bound = RouteRules.CANARY.bind(new Definition("Canary", args));
        bound.setRouteId("api");
        return bound.rolloutTarget().orElseThrow().identity();
    }
}
