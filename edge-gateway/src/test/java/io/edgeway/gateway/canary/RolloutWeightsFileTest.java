package io.edgeway.gateway.canary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.rollout.RolloutWeight;
import io.edgeway.gateway.rollout.WeightOverlay;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class RolloutWeightsFileTest {

    private static final Instant SWITCH = Instant.parse("2026-12-07T22:00:00Z");

    private static final RolloutWeight AT_20 = new RolloutWeight("plan-a", 0, "step-1", 20);

    /** 50 % from {@link #SWITCH}, 20 % until then. */
    private static final WeightOverlay RAISING_TO_50 = new WeightOverlay("c1",
            Map.of("rollout", new RolloutWeight("plan-a", 0, "step-2", 50).from(SWITCH, AT_20)));

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private RolloutWeightsFile file(Path path) {
        return new RolloutWeightsFile(path, Runnable::run, meters);
    }

    @Test
    void aRestartLoadsTheWeightsLastKept() {
        file(dir.resolve("weights.json")).keep(RAISING_TO_50);

        assertThat(file(dir.resolve("weights.json")).load()).isEqualTo(RAISING_TO_50);
    }

    @Test
    void aScheduledRaiseLoadedAfterARestartStillTakesEffectAtItsSwitchTime() {
        file(dir.resolve("weights.json")).keep(RAISING_TO_50);
        WeightOverlay loaded = file(dir.resolve("weights.json")).load();

        RolloutWeights before = new RolloutWeights(Clock.fixed(SWITCH.minusSeconds(1), ZoneOffset.UTC));
        before.update(loaded);
        RolloutWeights after = new RolloutWeights(Clock.fixed(SWITCH, ZoneOffset.UTC));
        after.update(loaded);

        assertThat(before.forRoute("rollout").weight()).isEqualTo(20.0);
        assertThat(before.forRoute("rollout").stepId()).isEqualTo("step-1");
        assertThat(after.forRoute("rollout").weight()).isEqualTo(50.0);
        assertThat(after.forRoute("rollout").stepId()).isEqualTo("step-2");
    }

    @Test
    void theNewestWeightsReplaceTheOlderOnesAndNoTemporaryFileIsLeft() throws Exception {
        RolloutWeightsFile file = file(dir.resolve("weights.json"));
        file.keep(new WeightOverlay("c1", Map.of("rollout", AT_20)));
        file.keep(RAISING_TO_50);

        assertThat(file(dir.resolve("weights.json")).load()).isEqualTo(RAISING_TO_50);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("weights.json"));
        }
    }

    @Test
    void makesTheFoldersItNeeds() {
        file(dir.resolve("a/b/weights.json")).keep(RAISING_TO_50);

        assertThat(file(dir.resolve("a/b/weights.json")).load()).isEqualTo(RAISING_TO_50);
    }

    @Test
    void writesOnlyOnAChangeAndOffTheCallersThread() {
        List<Runnable> writes = new ArrayList<>();
        RolloutWeightsFile file = new RolloutWeightsFile(dir.resolve("weights.json"), writes::add, meters);
        file.load();

        file.keep(RAISING_TO_50);
        writes.forEach(Runnable::run);
        writes.clear();
        file.keep(RAISING_TO_50);

        assertThat(writes).isEmpty();
        assertThat(file(dir.resolve("weights.json")).load()).isEqualTo(RAISING_TO_50);
    }

    @Test
    void noFileMeansNoWeights(CapturedOutput output) {
        assertThat(file(dir.resolve("weights.json")).load()).isEqualTo(WeightOverlay.NONE);
        assertThat(output).contains("No rollout weights kept in " + dir.resolve("weights.json"));
    }

    @Test
    void aCorruptFileMeansNoWeightsAndSaysWhy(CapturedOutput output) throws Exception {
        Files.writeString(dir.resolve("weights.json"), "{\"commit\":\"c1\",\"routes\":{\"rollout\":");

        assertThat(file(dir.resolve("weights.json")).load()).isEqualTo(WeightOverlay.NONE);
        assertThat(output).contains("Rollout weights in " + dir.resolve("weights.json") + " unreadable, ignored");
    }

    @Test
    void aFileOfSomethingElseMeansNoWeights(CapturedOutput output) throws Exception {
        Files.writeString(dir.resolve("weights.json"), "[1, 2, 3]");

        assertThat(file(dir.resolve("weights.json")).load()).isEqualTo(WeightOverlay.NONE);
        assertThat(output).contains("unreadable, ignored");
    }

    @Test
    void aFailedWriteIsCountedAndLoggedOnceAndTheSameWeightsAreTriedAgain(CapturedOutput output) throws Exception {
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "a file where the folder should be");
        RolloutWeightsFile file = file(blocker.resolve("weights.json"));

        file.keep(new WeightOverlay("c1", Map.of("rollout", AT_20)));
        file.keep(RAISING_TO_50);
        file.keep(RAISING_TO_50);

        assertThat(meters.counter(RolloutWeightsFile.FAILURES_METRIC).count()).isEqualTo(3.0);
        assertThat(output.toString().split("Could not keep the rollout weights in", -1)).hasSize(2);

        Files.delete(blocker);
        file.keep(RAISING_TO_50);

        assertThat(file(blocker.resolve("weights.json")).load()).isEqualTo(RAISING_TO_50);
        assertThat(output).contains("Rollout weights kept in " + blocker.resolve("weights.json") + " again");
    }

    @Test
    void aFailedWriteLeavesTheWeightsInForce() throws Exception {
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "a file where the folder should be");
        RolloutWeights weights = new RolloutWeights(Clock.fixed(SWITCH, ZoneOffset.UTC));
        RolloutWeightsFile file = file(blocker.resolve("weights.json"));

        weights.update(RAISING_TO_50);
        file.keep(RAISING_TO_50);

        assertThat(weights.forRoute("rollout").weight()).isEqualTo(50.0);
        assertThat(meters.counter(RolloutWeightsFile.FAILURES_METRIC).count()).isEqualTo(1.0);
    }
}
