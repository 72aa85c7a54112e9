package io.edgeway.e2e.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.e2e.bench.ProcessCpu.RoundUsage;
import io.edgeway.e2e.bench.ProcessCpu.Sample;
import io.edgeway.e2e.bench.ProcessCpu.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessCpuTest {

    @Test
    void seesTheCpuThisProcessBurns() {
        long self = ProcessHandle.current().pid();
        Map<Long, Sample> before = ProcessCpu.snapshot();
        // Spins for 300 ms of this thread's CPU time, not of wall time: on a busy machine the thread gets a share only.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = threads.getCurrentThreadCpuTime() + Duration.ofMillis(300).toNanos();
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() < deadline) {
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

    @Test
    void anExitedChildCountsInItsParentOnlyForWhatItUsedInTheWindow() {
        // The child had used 300 ms at the first snapshot and 1,000 ms when it exited; the parent reaped it.
        Map<Long, Sample> before = Map.of(10L, new Sample(10, 1, 5, "bash", 100, 0), 11L, new Sample(11, 10, 6, "javac", 300, 0));
        Map<Long, Sample> after = Map.of(10L, new Sample(10, 1, 5, "bash", 100, 1_000));

        assertThat(ProcessCpu.between(before, after, Duration.ofSeconds(1))).singleElement()
                .satisfies(u -> assertThat(u.cpuMillis()).isEqualTo(700));
    }

    @Test
    void anExitedSubtreeCountsOnceInTheFirstLiveAncestor() {
        // shell 10 -> subshell 11 -> java 12; both exit in the window, 11 reaps 12 and 10 reaps 11.
        Map<Long, Sample> before = Map.of(10L, new Sample(10, 1, 5, "bash", 0, 0), 11L, new Sample(11, 10, 6, "bash", 10, 0),
                12L, new Sample(12, 11, 7, "java", 2_000, 0));
        Map<Long, Sample> after = Map.of(10L, new Sample(10, 1, 5, "bash", 0, 20 + 2_500));

        assertThat(ProcessCpu.between(before, after, Duration.ofSeconds(1))).singleElement()
                .satisfies(u -> assertThat(u.cpuMillis()).isEqualTo(510));
    }

    @Test
    void initCountsOnlyItsOwnTimeNotTheOrphansItReaps() {
        // A service started by a shell that has gone exits after an hour of CPU; init reaps it.
        Map<Long, Sample> before = Map.of(1L, new Sample(1, 0, 1, "init", 50, 0), 40L, new Sample(40, 1, 9, "java", 3_600_000, 0));
        Map<Long, Sample> after = Map.of(1L, new Sample(1, 0, 1, "init", 60, 3_600_500));

        assertThat(ProcessCpu.between(before, after, Duration.ofSeconds(1))).singleElement()
                .satisfies(u -> assertThat(u.cpuMillis()).isEqualTo(10));
    }

    @Test
    void aProcessThatChangesItsNameKeepsItsCpu() {
        Map<Long, Sample> before = Map.of(5L, new Sample(5, 1, 42, "env", 1_000, 0));
        Map<Long, Sample> after = Map.of(5L, new Sample(5, 1, 42, "[java]", 1_250, 0));

        assertThat(ProcessCpu.between(before, after, Duration.ofSeconds(1))).singleElement()
                .satisfies(u -> assertThat(u).extracting(Usage::cpuMillis, Usage::name).containsExactly(250L, "env"));
    }

    @Test
    void leavesTheSnapshottingProcessOut() {
        Map<Long, Sample> after = Map.of(3L, new Sample(3, 1, 9, ProcessCpu.SELF, 400, 0));

        assertThat(ProcessCpu.between(Map.of(), after, Duration.ofSeconds(1))).isEmpty();
        assertThat(ProcessCpu.snapshot()).containsKey(ProcessHandle.current().pid());
    }

    @Test
    void measuresEveryDescendantOfTheBenchmark() {
        Map<Long, Sample> snapshot = Map.of(1L, new Sample(1, 0, 1, "init", 0, 0), 20L, new Sample(20, 1, 2, "bench", 0, 0),
                21L, new Sample(21, 20, 3, "java", 0, 0), 22L, new Sample(22, 21, 4, "wrk", 0, 0),
                30L, new Sample(30, 1, 5, "mvn", 0, 0));

        assertThat(ProcessCpu.descendants(snapshot, Set.of(20L))).containsExactlyInAnyOrder(20L, 21L, 22L);
    }

    @Test
    void summarisesTheMedianOfEachProcessPerPathCountingAbsentRoundsAsZero() {
        List<RoundUsage> rows = List.of(new RoundUsage("direct", "1", "backend", true, 500),
                new RoundUsage("direct", "2", "backend", true, 700), new RoundUsage("direct", "3", "backend", true, 600),
                new RoundUsage("direct", "2", "mvn", false, 90), new RoundUsage("direct", "2", "javac", false, 30),
                new RoundUsage("gateway", "1", "backend", true, 400));

        String table = ProcessCpu.summary(rows, true, 1);

        assertThat(table.lines()).containsExactly(
                "| process (CPU ms/s, median (min–max) of rounds) | direct (3) | gateway (1) |", "| --- | ---: | ---: |",
                "| backend | 600 (500–700) | 400 |", "| **all neighbours** | 0 (0–120) | 0 |",
                "| neighbour: mvn | 0 (0–90) | 0 |");
    }

    @Test
    void aReportWindowIsTheTimeBetweenTheSnapshots(@TempDir Path dir) throws Exception {
        ProcessCpu.write(Map.of(1L, new Sample(1, 0, 1, "init", 10, 0)), dir.resolve("a"));
        long written = System.nanoTime();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - written >= 60_000_000L);
        ProcessCpu.write(Map.of(1L, new Sample(1, 0, 1, "init", 20, 0)), dir.resolve("b"));

        assertThat(ProcessCpu.takenAt(dir.resolve("a"), dir.resolve("b"))).isBetween(Duration.ofMillis(50), Duration.ofSeconds(5));
        assertThat(ProcessCpu.read(dir.resolve("b"))).containsEntry(1L, new Sample(1, 0, 1, "init", 20, 0));
        assertThat(Files.readString(dir.resolve("b"))).startsWith("#taken-at-ms\t");
    }
}
