package io.edgeway.e2e.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class LogTimestampsTest {

    @Test
    void readsTheLeadingTimeOfASpringBootLine() {
        assertThat(LogTimestamps.epochSeconds("2026-12-07T02:38:22.769Z  INFO 10927 --- [config-server] ...").getAsDouble())
                .isCloseTo(1796611102.769, offset(1e-3));
        assertThat(LogTimestamps.epochSeconds("2026-12-07T02:38:22.769+01:00  INFO ...").getAsDouble())
                .isCloseTo(1796611102.769 - 3600, offset(1e-3));
    }

    @Test
    void aLineWithoutATimeHasNone() {
        assertThat(LogTimestamps.epochSeconds("\tat java.base/java.lang.Thread.run")).isEmpty();
    }

    @Test
    void theFirstMatchingLine() {
        List<String> log = List.of("2026-12-07T02:38:20Z  INFO starting", "2026-12-07T02:38:22Z  INFO Published config commit abc",
                "2026-12-07T02:38:25Z  INFO Published config commit abc");

        assertThat(LogTimestamps.firstMatching(log, "Published config commit abc").getAsDouble())
                .isCloseTo(1796611102, offset(1e-3));
        assertThat(LogTimestamps.firstMatching(log, "Started")).isEmpty();
    }
}
