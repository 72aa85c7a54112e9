package io.edgeway.e2e.bench;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushSamplesTest {

    private static final long MISSED = PushSamples.Sample.MISSED;

    private final PushSamples samples = new PushSamples(List.of(sample("direct", "2", 1200, false, 1100, false),
            sample("direct", "2", 1500, true, 900, false), sample("direct", "2", MISSED, false, MISSED, false),
            sample("direct", "3", 800, false, 800, true), sample("direct", "3", 900, false, 900, true),
            sample("direct", "3", 1000, false, 1000, true), sample("webhook", "4", 300, false, 300, false)),
            List.of(new PushSamples.Commit("direct", "abc", 1796611100000000000L),
                    new PushSamples.Commit("direct", "def", 1796611110000000000L)), 20);

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

    private static PushSamples.Sample sample(String path, String commit, long firstOk, boolean fivexxFirst,
            long matched, boolean overBudget) {
        return new PushSamples.Sample(path, commit, firstOk, fivexxFirst, matched, overBudget);
    }
}
