package io.edgeway.e2e.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigPushBenchTest {

    @Test
    void blankSettingsAreTheDefaults() {
        Map<String, String> props = Map.of("bench.rounds", "", "bench.paths", " ");

        ConfigPushBench.Settings settings = ConfigPushBench.Settings.from(props::get);

        assertThat(settings).isEqualTo(new ConfigPushBench.Settings(10, 1, Duration.ofSeconds(20),
                List.of("direct", "webhook", "redis"), false, 50, 2, Duration.ofMinutes(3), false));
    }

    @Test
    void settingsAsTheScriptPassesThem() {
        Map<String, String> props = Map.of("bench.rounds", "2", "bench.warmup", "0", "bench.round-timeout", "5",
                "bench.paths", "redis direct", "bench.keep", "1", "bench.neighbour-budget", "30",
                "bench.neighbour-repeats", "0");

        ConfigPushBench.Settings settings = ConfigPushBench.Settings.from(props::get);

        assertThat(settings).isEqualTo(new ConfigPushBench.Settings(2, 0, Duration.ofSeconds(5),
                List.of("redis", "direct"), true, 30, 0, Duration.ofMinutes(3), false));
    }

    @Test
    void rejectsAnUnknownPath() {
        Map<String, String> props = Map.of("bench.paths", "direct bus");

        assertThatThrownBy(() -> ConfigPushBench.Settings.from(props::get)).hasMessageContaining("unknown path 'bus'");
    }
}
