package io.edgeway.e2e.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CanaryBenchTest {

    @Test
    void blankSettingsAreTheDefaults() {
        Map<String, String> props = Map.of("bench.rate", "", "bench.scenarios", " ");

        CanaryBench.Settings settings = CanaryBench.Settings.from(props::get);

        assertThat(settings).isEqualTo(new CanaryBench.Settings(
                List.of("bad-errors", "bad-latency", "healthy", "low-traffic"), 200, 2, 2000, 20, 3, 0.05, 50,
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(90),
                Duration.ofSeconds(180), Duration.ofSeconds(240), Duration.ofMinutes(3), false, 50, 0));
    }

    @Test
    void settingsAsTheScriptPassesThem() {
        Map<String, String> props = Map.of("bench.scenarios", "healthy,bad-errors", "bench.rate", "100",
                "bench.healthy-runs", "2", "bench.bad-runs", "1", "bench.keep", "1", "bench.neighbour-repeats", "1");

        CanaryBench.Settings settings = CanaryBench.Settings.from(props::get);

        assertThat(settings.scenarios()).containsExactly("healthy", "bad-errors");
        assertThat(settings.rate()).isEqualTo(100);
        assertThat(settings.healthyRuns()).isEqualTo(2);
        assertThat(settings.badRuns()).isEqualTo(1);
        assertThat(settings.keep()).isTrue();
        assertThat(settings.repeats()).isEqualTo(1);
    }

    @Test
    void rejectsAnUnknownScenarioAndANonPositiveRate() {
        assertThatThrownBy(() -> CanaryBench.Settings.from(Map.of("bench.scenarios", "healthy slow")::get))
                .hasMessageContaining("unknown scenario 'slow'");
        assertThatThrownBy(() -> CanaryBench.Settings.from(Map.of("bench.rate", "0")::get))
                .hasMessageContaining("BENCH_RATE");
    }

    @Test
    void thePlanIsAnArgumentOfTheCanaryFilter() {
        assertThat(CanaryBench.WALK.yaml()).startsWith(" ".repeat(20) + "rollout:\n" + " ".repeat(22)
                + "steps: [1, 5, 25, 50, 100]\n").contains("step-after: 3s").contains("max-increase: 0.5%");
        assertThat(CanaryBench.WALK.firstStep()).isEqualTo(1);
        assertThat(CanaryBench.HOLD_AT_5.firstStep()).isEqualTo(5);
    }
}
