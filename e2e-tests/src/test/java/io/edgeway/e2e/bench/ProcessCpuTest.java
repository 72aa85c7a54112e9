package io.edgeway.e2e.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.e2e.bench.ProcessCpu.Sample;
import io.edgeway.e2e.bench.ProcessCpu.Usage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void seesTheCpuThisProcessBurns() {
        long self = ProcessHandle.current().pid();
        Map<Long, Sample> before = ProcessCpu.snapshot();
        long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
        long spin = 0;
        while (System.nanoTime() < deadline) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        Map<Long, Sample> after = ProcessCpu.snapshot();
        long spun = spin;

        List<Usage> usages = ProcessCpu.between(before, after, Duration.ofMillis(300));

        assertThat(before).containsKey(self).containsKey(1L);
        assertThat(usages).filteredOn(u -> u.pid() == self).singleElement()
                .satisfies(u -> assertThat(u.cpuMillis()).as("spun %d", spun).isGreaterThanOrEqualTo(150));
    }

    @Test
    void countsWhatOtherProcessesUsedAsNeighbours() {
        Map<Long, Sample> before = Map.of(1L, new Sample(1, "gateway", 1_000), 2L, new Sample(2, "eureka", 500));
        Map<Long, Sample> after = Map.of(1L, new Sample(1, "gateway", 3_000), 2L, new Sample(2, "eureka", 700),
                3L, new Sample(3, "javac", 100));

        List<Usage> usages = ProcessCpu.between(before, after, Duration.ofSeconds(10));

        assertThat(usages).extracting(Usage::name).containsExactly("gateway", "eureka", "javac");
        assertThat(usages.get(0).millisPerSecond()).isEqualTo(200.0);
        assertThat(ProcessCpu.neighbours(usages, Set.of(1L))).isEqualTo(30.0);
    }

    @Test
    void aReusedPidCountsAsANewProcess() {
        Map<Long, Sample> before = Map.of(7L, new Sample(7, "old", 9_000));
        Map<Long, Sample> after = Map.of(7L, new Sample(7, "new", 400));

        assertThat(ProcessCpu.between(before, after, Duration.ofSeconds(1))).singleElement()
                .satisfies(u -> assertThat(u.cpuMillis()).isEqualTo(400));
    }

    @Test
    void namesJvmsByJarOrMainClass() {
        assertThat(ProcessCpu.commandName("java", List.of("/usr/bin/java", "-Xmx1g", "-jar", "/x/edge-gateway.jar")))
                .isEqualTo("edge-gateway");
        assertThat(ProcessCpu.commandName("java", List.of("java", "-cp", "a:b", "io.edgeway.Bench", "3")))
                .isEqualTo("Bench");
        assertThat(ProcessCpu.commandName("haproxy", List.of("/usr/sbin/haproxy", "-f", "x.cfg"))).isEqualTo("haproxy");
        assertThat(ProcessCpu.commandName("kworker/0:1", List.of(""))).isEqualTo("[kworker/0:1]");
    }

    @Test
    void readsCpuTimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "42 (a (b) c) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 100 0 0";

        assertThat(ProcessCpu.cpuMillis(stat)).isEqualTo(3_000);
    }
}
