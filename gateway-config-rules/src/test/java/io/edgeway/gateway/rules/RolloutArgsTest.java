package io.edgeway.gateway.rules;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.rollout.RolloutPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutArgsTest {

    private static Map<String, String> canary(Map<String, String> rollout) {
        Map<String, String> args = new LinkedHashMap<>(Map.of("stable", "v1", "canary", "v2", "weight", "0"));
        rollout.forEach((key, value) -> args.put("rollout." + key, value));
        return args;
    }

    private static List<String> check(Map<String, String> rollout) {
        return RouteRules.CANARY.check(new Definition("Canary", canary(rollout)));
    }

    @Test
    void planAsWrittenNextToCanaryBindsWithEveryField() {
        Map<String, String> rollout = new LinkedHashMap<>();
        rollout.put("steps[0]", "1");
        rollout.put("steps[1]", "5");
        rollout.put("steps[2]", "25");
        rollout.put("steps[3]", "100");
        rollout.put("step-after", "2m");
        rollout.put("min-requests", "500");
        rollout.put("slo.error-rate.max-increase", "0.5%");
        rollout.put("slo.p99-latency.max-ratio", "1.3");
        rollout.put("confidence", "0.99");
        assertThat(check(rollout)).isEmpty();

        CanaryArgs args = new CanaryArgs();
        new org.springframework.boot.context.properties.bind.Binder(
                new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(canary(rollout)))
                .bind("", org.springframework.boot.context.properties.bind.Bindable.ofInstance(args));
        RolloutPlan plan = args.plan().orElseThrow();
        assertThat(plan.steps()).containsExactly(1.0, 5.0, 25.0, 100.0);
        assertThat(plan.stepAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(plan.minRequests()).isEqualTo(500);
        assertThat(plan.maxErrorRateIncrease()).isEqualTo(0.005);
        assertThat(plan.maxP99Ratio()).isEqualTo(1.3);
        assertThat(plan.confidence()).isEqualTo(0.99);
    }

    @Test
    void stepsGivenAsOneCommaSeparatedValueBindToo() {
        assertThat(check(Map.of("steps", "1, 50, 100"))).isEmpty();
    }

    @Test
    void refusesStepsThatDoNotIncreaseOrLeaveZeroToHundred() {
        assertThat(check(Map.of("steps[0]", "5", "steps[1]", "5", "steps[2]", "150", "steps[3]", "0"))).containsExactly(
                "rollout.steps[1]: 5 does not increase on 5 (steps only move users to the canary, never back)",
                "rollout.steps[2]: 150 is outside (0, 100]",
                "rollout.steps[3]: 0 is outside (0, 100]");
    }

    @Test
    void refusesAPlanWithoutSteps() {
        assertThat(check(Map.of("min-requests", "10")))
                .containsExactly("rollout.steps: is required (weights in %, e.g. [1, 5, 25, 50, 100])");
    }

    @Test
    void refusesBadTimingsCountsSlosAndConfidence() {
        assertThat(check(Map.of("steps", "1,100", "step-after", "0s", "min-requests", "0",
                "slo.error-rate.max-increase", "0.5", "slo.p99-latency.max-ratio", "0.9", "confidence", "0.5")))
                .containsExactlyInAnyOrder("rollout.step-after: must be positive, not PT0S",
                        "rollout.min-requests: must be at least 1, not 0",
                        "rollout.confidence: 0.5 is outside [0.8, 0.9999]",
                        "rollout.slo.error-rate.max-increase: '0.5' is not a percentage in [0%, 100%) "
                                + "(write it with %, e.g. 0.5%)",
                        "rollout.slo.p99-latency.max-ratio: 0.9 must be at least 1 (canary p99 ÷ stable p99)");
    }

    @Test
    void routeWithABadPlanIsRefusedNamingTheRoute() {
        Map<String, String> args = canary(Map.of("steps[0]", "50", "steps[1]", "10"));
        RouteSpec route = new RouteSpec("api", "lb://sample-backend", List.of(Definition.parse("Path=/api/**")),
                List.of(new Definition("Canary", args)), Map.of());

        assertThat(new RouteRules(java.util.Set.of(), java.util.Set.of()).checkRoute(route, 0)).containsExactly(
                "route 'api', Canary rollout.steps[1]: 10 does not increase on 50 (steps only move users to the "
                        + "canary, never back)");
    }

    @Test
    void percentNeedsItsSign() {
        assertThat(RolloutArgs.percent("0.5%")).isEqualTo(0.005);
        assertThat(RolloutArgs.percent(" 2 %")).isEqualTo(0.02);
        assertThat(RolloutArgs.percent("0.5")).isNull();
        assertThat(RolloutArgs.percent("a%")).isNull();
    }
}
