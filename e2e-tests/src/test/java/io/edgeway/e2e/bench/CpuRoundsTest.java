package io.edgeway.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CpuRoundsTest {

    @TempDir
    Path dir;

    @Test
    void sectionSaysWhatWasMeasuredAndWhichRoundsWentOverTheBudget() {
        List<ProcessCpu.RoundUsage> usages = List.of(new ProcessCpu.RoundUsage("direct", "1", "gateway-0", true, 400),
                new ProcessCpu.RoundUsage("direct", "1", "updatedb", false, 12));
        TsvFile attempts = TsvFile.parse(List.of("path\tround\tattempt\tneighbours_ms_s\tstatus",
                "direct\t1\t1\t80.0\tover", "direct\t1\t2\t12.0\tok"));

        String section = CpuRounds.section(usages, attempts, "50", "2", "cpu/rounds/", false, 3);

        assertThat(section).contains("used more than 50 ms/s is run\nagain, up to 2 times")
                .contains("Tables per round and attempt: `cpu/rounds/`.\n\n| process (CPU ms/s, median of rounds) |")
                .contains("| gateway-0 | 400 |\n| **all neighbours** | 12 |\n| neighbour: updatedb | 12 |\n\n")
                .endsWith("direct round 1: neighbours 80.0, 12.0 ms/s (kept attempt 2 (ok)).\n");
    }

    @Test
    void thisJvmIsMeasuredNotANeighbour() throws Exception {
        CpuRounds rounds = new CpuRounds(dir, 1_000_000, 0, Map::of);
        AtomicInteger spins = new AtomicInteger();

        CpuRounds.Kept<Integer> kept = rounds.round("busy", 1, () -> {
            long end = System.nanoTime() + 200_000_000L;
            while (System.nanoTime() < end) {
                spins.incrementAndGet();
            }
            return spins.get();
        });

        assertThat(kept.overBudget()).isFalse();
        long self = ProcessHandle.current().pid();
        assertThat(Files.readAllLines(dir.resolve("usage.tsv"))).anySatisfy(row -> assertThat(row)
                .startsWith("busy\t1\t").contains("\t" + self + "\t").endsWith("\t1"));
        assertThat(dir.resolve("rounds/busy-round1-attempt1.md")).exists();
    }

    @Test
    void aRoundOverTheBudgetIsMadeAgainThenKeptFlagged() throws Exception {
        // A budget below zero: every attempt is over it, whatever the machine does.
        CpuRounds rounds = new CpuRounds(dir, -1, 2, Map::of);
        AtomicInteger attempts = new AtomicInteger();

        CpuRounds.Kept<Integer> kept = rounds.round("direct", 4, attempts::incrementAndGet);

        assertThat(kept.result()).isEqualTo(3);
        assertThat(kept.overBudget()).isTrue();
        assertThat(Files.readAllLines(dir.resolve("attempts.tsv"))).hasSize(4).allSatisfy(line -> assertThat(line)
                .matches("path.*|direct\t4\t[123]\t[0-9.]+\tover"));
    }
}
