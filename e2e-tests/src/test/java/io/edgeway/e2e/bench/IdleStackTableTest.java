package io.edgeway.e2e.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.edgeway.e2e.bench.ProcessCpu.RoundUsage;

import static org.assertj.core.api.Assertions.assertThat;

class IdleStackTableTest {

    private final IdleStackTable table = new IdleStackTable(List.of(
            new RoundUsage("idle", "1", "gateway", true, 10, "11"), new RoundUsage("idle", "1", "eureka", true, 20, "12"),
            new RoundUsage("idle", "2", "gateway", true, 14, "11"), new RoundUsage("idle", "2", "eureka", true, 16, "12"),
            new RoundUsage("idle", "3", "gateway", true, 12, "11"), new RoundUsage("idle", "1", "mvn", false, 300, "99"),
            new RoundUsage("profile", "1", "gateway", true, 500, "11")), "idle");

    @Test
    void theStackIsTheMedianOverWindowsOfAllServicesTogether() {
        assertThat(table.stack()).isEqualTo(30);
    }

    @Test
    void servicesBusiestFirstWithRangeAndShare() {
        assertThat(table.services()).isEqualTo("""
                | service | pid | CPU ms/s, median | min–max | share of the stack |
                | --- | ---: | ---: | --- | ---: |
                | eureka | 12 | 16.0 | 0.0–20.0 | 53 % |
                | gateway | 11 | 12.0 | 10.0–14.0 | 40 % |
                | **whole stack** |  | **30.0** | 12.0–30.0 | 100 % |
                """);
    }

    @Test
    void verdictAgainstTheGoal() {
        assertThat(table.verdict(50)).isEqualTo("**The idle stack uses 30.0 ms of CPU per second: within the goal of <= 50 ms/s.**");
        assertThat(table.verdict(10)).isEqualTo("**The idle stack uses 30.0 ms of CPU per second: 3.0 x the goal of <= 10 ms/s.**");
    }

    @Test
    void otherProcessesCountZeroInWindowsTheyDidNotShowIn() {
        assertThat(table.others(10)).endsWith("| mvn | 99 | 0.0 | 300.0 |\n");
    }
}
