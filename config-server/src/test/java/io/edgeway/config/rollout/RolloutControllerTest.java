package io.edgeway.config.rollout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.edgeway.gateway.rollout.GatewayReport;
import io.edgeway.gateway.rollout.LatencyBuckets;
import io.edgeway.gateway.rollout.RolloutPlan;
import io.edgeway.gateway.rollout.RolloutTarget;
import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rollout.StepCounts;
import io.edgeway.gateway.rollout.VersionCounts;
import io.edgeway.gateway.rollout.WeightOverlay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutControllerTest {

    private static final RolloutPlan PLAN = new RolloutPlan(List.of(10.0, 50.0, 100.0), Duration.ofSeconds(10), 100,
            0.005, 1.3, 0.95);

    private static final RolloutTarget TARGET = new RolloutTarget("api", "v1", "v2", 0, PLAN);

    @TempDir
    Path dir;

    private Instant now = Instant.parse("2026-12-07T12:00:00Z");

    private Map<String, RolloutTarget> targets = Map.of("api", TARGET);

    private String commit = "c0ffee";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private RolloutController controller() {
        RolloutProperties properties = new RolloutProperties(Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(30), dir.resolve("rollouts.json"), "edge-gateway", "default", 50,
                Duration.ofSeconds(3));
        Clock clock = new Clock() {
            @Override
            public Instant instant() {
                return now;
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
        RolloutController controller = new RolloutController(properties, () -> Optional.of(commit),
                read -> targets, clock, meters);
        assertThat(controller.resume()).isTrue();
        return controller;
    }

    private static VersionCounts counts(long requests, long errors) {
        long[] latency = new long[LatencyBuckets.COUNT];
        latency[LatencyBuckets.of(20_000_000)] = requests - errors;
        return new VersionCounts(requests, errors, latency);
    }

    private static GatewayReport report(String gateway, String stepId, VersionCounts stable, VersionCounts canary) {
        return new GatewayReport(gateway, Map.of("api", new StepCounts(stepId, Map.of("v1", stable, "v2", canary))));
    }

    private RolloutWeight weight(RolloutController controller) {
        return controller.overlay().orElseThrow().routes().get("api");
    }

    @Test
    void answersNoWeightsUntilItHasReadThePublishedCommit() {
        RolloutController controller = controller();

        assertThat(controller.report(new GatewayReport("gw-1", Map.of()))).isEmpty();
        controller.look();
        assertThat(controller.report(new GatewayReport("gw-1", Map.of()))).get().extracting(WeightOverlay::commit)
                .isEqualTo("c0ffee");
    }

    @Test
    void addsUpEveryGatewayAndAdvancesOnTheFleetsEvidence() {
        RolloutController controller = controller();
        controller.look();
        String step = weight(controller).stepId();
        assertThat(weight(controller).weight()).isEqualTo(10.0);

        // Each gateway alone has 60 canary requests, under min-requests (100); together they have 120.
        now = now.plusSeconds(10);
        controller.report(report("gw-1", step, counts(600, 0), counts(60, 0)));
        controller.report(report("gw-2", step, counts(600, 0), counts(60, 0)));
        controller.look();

        assertThat(weight(controller).weight()).isEqualTo(50.0);
        assertThat(controller.status().get("audit").toString()).contains("advanced", "requests=120");
        assertThat(meters.get("edgeway.rollout.weight").tag("route", "api").gauge().value()).isEqualTo(50.0);
        assertThat(meters.get("edgeway.rollout.events").tags("route", "api", "kind", "advanced").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aRaiseTakesEffectAtOneSwitchTimeForEveryGatewayAndARollbackAtOnce() {
        targets = Map.of();
        RolloutController controller = controller();
        controller.look(); // the first look after a start publishes what the state says, as it stands
        targets = Map.of("api", TARGET);
        commit = "c0ffee2";
        controller.look(); // a new plan: from the committed weight up to the first step, scheduled
        RolloutWeight started = weight(controller);
        assertThat(started.weight()).isEqualTo(10.0);
        assertThat(started.switchAt()).isEqualTo(now.plusSeconds(3));
        assertThat(started.at(now)).as("the committed weight until the switch").isNull();

        now = now.plusSeconds(10);
        controller.report(report("gw-1", started.stepId(), counts(1_200, 0), counts(120, 0)));
        controller.look();
        RolloutWeight advanced = weight(controller);
        assertThat(advanced.weight()).isEqualTo(50.0);
        assertThat(advanced.switchAt()).isEqualTo(now.plusSeconds(3));
        assertThat(advanced.at(now)).isEqualTo(new RolloutWeight(started.identity(), 0, started.stepId(), 10.0));
        assertThat(advanced.at(now.plusSeconds(3)))
                .isEqualTo(new RolloutWeight(started.identity(), 0, advanced.stepId(), 50.0));

        now = now.plusSeconds(1);
        controller.look();
        assertThat(weight(controller)).as("a pending switch keeps its time").isEqualTo(advanced);

        now = now.plusSeconds(1);
        controller.report(report("gw-1", started.stepId(), counts(600, 0), counts(120, 0)));
        controller.report(report("gw-2", advanced.stepId(), counts(3_000, 0), counts(300, 60)));
        controller.look();
        RolloutWeight rolledBack = weight(controller);
        assertThat(rolledBack.weight()).isEqualTo(0.0);
        assertThat(rolledBack.switchAt()).as("a rollback applies at once").isNull();
    }

    @Test
    void holdsWhileAGatewayIsSilentAndForgetsItAfterForgetAfter() {
        RolloutController controller = controller();
        controller.look();
        String step = weight(controller).stepId();
        controller.report(report("gw-2", step, counts(0, 0), counts(0, 0)));
        now = now.plusSeconds(5);
        controller.report(report("gw-1", step, counts(1_000, 0), counts(200, 0)));
        now = now.plusSeconds(10);
        controller.report(report("gw-1", step, counts(1_000, 0), counts(200, 0)));
        controller.look();

        assertThat(weight(controller).weight()).isEqualTo(10.0);
        assertThat(controller.status().get("rollouts").toString()).contains("gateway gw-2 silent for 15 s");

        now = now.plusSeconds(20);
        controller.report(report("gw-1", step, counts(1_000, 0), counts(200, 0)));
        controller.look();
        assertThat(weight(controller).weight()).isEqualTo(50.0);
    }

    @Test
    void rollsBackAndTheRollbackSurvivesARestart() throws Exception {
        RolloutController controller = controller();
        controller.look();
        String step = weight(controller).stepId();
        controller.report(report("gw-1", step, counts(3_000, 0), counts(150, 9)));
        now = now.plusSeconds(1);
        controller.look();
        assertThat(weight(controller).weight()).isEqualTo(0.0);
        controller.stop();

        String saved = Files.readString(dir.resolve("rollouts.json"));
        assertThat(saved).contains("ROLLED_BACK", "rolled-back");

        RolloutController restarted = controller();
        assertThat(restarted.overlay()).isEmpty();
        restarted.report(report("gw-1", step, counts(3_000, 0), counts(3_000, 0)));
        now = now.plusSeconds(60);
        restarted.look();
        assertThat(weight(restarted).weight()).isEqualTo(0.0);
        assertThat(restarted.status().get("audit").toString()).contains("rolled-back");

        targets = Map.of("api", new RolloutTarget("api", "v1", "v3", 0, PLAN));
        commit = "c0ffee2";
        restarted.look();
        assertThat(weight(restarted).weight()).isEqualTo(10.0);
    }

    @Test
    void aCorruptStateFileHaltsRolloutsRatherThanRestartingThem() throws Exception {
        Files.writeString(dir.resolve("rollouts.json"), "{ not json");
        RolloutProperties properties = new RolloutProperties(Duration.ofSeconds(1), Duration.ofSeconds(3),
                Duration.ofSeconds(30), dir.resolve("rollouts.json"), "edge-gateway", "default", 50,
                Duration.ofSeconds(3));
        RolloutController controller = new RolloutController(properties, () -> Optional.of("c0ffee"),
                commit -> targets, Clock.systemUTC(), meters);

        assertThat(controller.resume()).isFalse();
        assertThat(controller.overlay()).isEmpty();
        assertThat(controller.status()).containsEntry("ready", false);
    }

    @Test
    void aPlanRemovedFromTheConfigEndsItsRollout() {
        RolloutController controller = controller();
        controller.look();
        targets = Map.of();
        commit = "c0ffee2";
        controller.look();

        assertThat(controller.overlay().orElseThrow().routes()).isEmpty();
    }

    @Test
    void aCompletedRolloutSaysWhatToCommit() {
        assertThat(RolloutController.promotion(TARGET)).isEqualTo(
                "In route 'api': set stable: v2 (the new canary, if any, next to it) and weight: 0, remove rollout:, and commit");
    }
}
