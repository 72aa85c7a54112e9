package io.edgeway.e2e.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushSamplesTest {

    private final PushSamples samples = new PushSamples(PushSamples.parseSamples(List.of("direct 2 0 1200 0 1100 ",
            "direct 2 1 1500 1 900 ", "direct 2 2 missed 0 missed ", "direct 3 0 800 0 800 *", "direct 3 1 900 0 900 *",
            "direct 3 2 1000 0 1000 *", "webhook 4 0 300 0 300 ")),
            PushSamples.parseCommits(List.of("direct 2 abc 1796611100000000000", "direct 3 def 1796611110000000000")), 20);

    private final List<String> configServerLog = List.of("2026-12-07T02:38:20.400Z  INFO Published config commit abc",
            "2026-12-07T02:38:30.600Z  INFO Published config commit def");

    @Test
    void aMissedSampleIsSlowerThanAnyOther() {
        String table = samples.table(Map.of("direct", "(1) direct | SSE stream"), configServerLog);

        assertThat(table).contains("| (1) direct | SSE stream | 6 | 0.80 s | 1.00 s | > 20 s (missed) | > 20 s (missed) | 1 | 1 |");
    }

    @Test
    void routeMatchedPublishedAndCommitsOverBudget() {
        String table = samples.table(Map.of("direct", "(1) direct | SSE stream"), configServerLog);

        assertThat(table).endsWith("| 0.90 s / > 20 s (missed) / > 20 s (missed) | 0.40 s | 1 of 2 |\n");
    }

    @Test
    void aPathWithoutCommitsHasNoPublishedTime() {
        assertThat(samples.table(Map.of("webhook", "(2) webhook | POST /monitor"), configServerLog))
                .endsWith("| 1 | 0.30 s | 0.30 s | 0.30 s | 0.30 s | 0 | 0 | 0.30 s / 0.30 s / 0.30 s | - | 0 of 1 |\n");
    }
}
