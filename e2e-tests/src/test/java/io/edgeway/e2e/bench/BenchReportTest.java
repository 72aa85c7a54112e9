package io.edgeway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    @TempDir
    Path dir;

    private String report(String... args) throws IOException {
        return BenchReport.run(args[0], new ArrayList<>(List.of(args).subList(1, args.length)));
    }

    private String tsv(String... lines) throws IOException {
        Path file = dir.resolve("rounds.tsv");
        Files.write(file, List.of(lines));
        return file.toString();
    }

    @Test
    void medianRangeAndListOfAPath() throws IOException {
        String t = tsv("round\tpath\treq_s\tcpu_flag", "1\tdirect\t9612.3\t", "1\tgateway\t1365.7\t*", "2\tgateway\t1290.2\t",
                "3\tgateway\t1401.9\t");

        assertThat(report("median", t, "req_s", "path=gateway")).isEqualTo("1365.7");
        assertThat(report("median", t, "req_s", "path=gateway", "--format", "%.0f")).isEqualTo("1366");
        assertThat(report("range", t, "req_s", "path=gateway", "--format", "%.0f")).isEqualTo("1290–1402");
        assertThat(report("list", t, "req_s", "path=gateway", "--flag", "cpu_flag")).isEqualTo("1365.7*, 1290.2, 1401.9");
        assertThat(report("median", t, "req_s", "path=none")).isEqualTo("n/a");
    }

    @Test
    void perRoundSumsAndShares() throws IOException {
        String t = tsv("round\tload\tstream\tcounted\tok", "1\tdouble\tcritical\t100\t100", "1\tdouble\tdefault\t300\t150",
                "2\tdouble\tcritical\t100\t90", "2\tdouble\tdefault\t300\t210", "3\tdouble\tcritical\t100\t100",
                "3\tdouble\tdefault\t300\t120");

        assertThat(report("median", t, "ok", "load=double", "--per", "round")).isEqualTo("250");
        assertThat(report("median", t, "ok", "load=double", "--per", "round", "--over", "counted", "--format", "%.3f"))
                .isEqualTo("0.625");
        assertThat(report("sum", t, "counted", "stream=default")).isEqualTo("900");
    }

    @Test
    void selectedCellsAsMarkdownRowsOrTabSeparated() throws IOException {
        String t = tsv("trial\tlaunch_ms\tposts", "1\t14848\t584", "2\t14690\t635");

        assertThat(report("rows", t, "trial", "posts")).isEqualTo("| 1 | 584 |\n| 2 | 635 |\n");
        assertThat(report("cells", t, "posts", "launch_ms", "trial=2")).isEqualTo("635\t14690\n");
    }

    @Test
    void measuredCpuOfAWindowOrOfOneProcess() throws IOException {
        Path usage = dir.resolve("usage.tsv");
        Files.write(usage, List.of("idle\t1\tgateway\t11\t10.5\t1", "idle\t1\teureka\t12\t20\t1", "idle\t1\tmvn\t99\t300\t0",
                "idle\t2\tgateway\t11\t12\t1", "profile\t1\tgateway\t11\t40.4\t1"));

        assertThat(report("measured-cpu", usage.toString(), "idle", "1", "-", "--format", "%.1f")).isEqualTo("30.5");
        assertThat(report("measured-cpu", usage.toString(), "profile", "-", "gateway", "--format", "%.0f")).isEqualTo("40");
    }

    @Test
    void arithmeticOnFigures() throws IOException {
        assertThat(report("ratio", "683", "1366")).isEqualTo("0.50");
        assertThat(report("ratio", "1366", "2", "--format", "%.0f")).isEqualTo("683");
        assertThat(report("difference", "3.25", "1.5")).isEqualTo("1.75");
        assertThat(report("ms-between", "100.25", "101.5")).isEqualTo("1250");
        assertThat(report("ms-between", "", "101.5")).isEqualTo("n/a");
        assertThat(report("us-per-request", "250", "10000", "100")).isEqualTo("250");
        assertThat(report("machine-busy", "100 10 1000", "280 12 1200")).isEqualTo("90 1.0");
    }
}
