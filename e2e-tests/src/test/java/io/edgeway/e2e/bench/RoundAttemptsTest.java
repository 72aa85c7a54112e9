package io.edgeway.e2e.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoundAttemptsTest {

    private static final String HEADER = "path\tround\tattempt\tneighbours_ms_s\tstatus";

    @Test
    void noRoundOverTheBudget() {
        TsvFile attempts = TsvFile.parse(List.of(HEADER, "direct\t1\t1\t12.0\tok", "gateway\t1\t1\t9.5\tok"));

        assertThat(new RoundAttempts(attempts).overBudget("50")).isEqualTo("Rounds over the neighbour budget (50 ms/s): none of 2.");
    }

    @Test
    void saysWhichRoundsWereRepeatedAndWhichKeptFlagged() {
        TsvFile attempts = TsvFile.parse(List.of(HEADER, "direct\t1\t1\t80.1\tover", "direct\t1\t2\t12.0\tok",
                "gateway\t1\t1\t70.0\tover", "gateway\t1\t2\t65.0\tover", "gateway\t1\t3\t60.0\tover", "crash\t1\t1\t90.0\tover",
                "join\t1\t1\t3.0\tok"));

        assertThat(new RoundAttempts(attempts).overBudget("50")).isEqualTo("**Rounds over the neighbour budget (50 ms/s): "
                + "2 of 4 repeated, 2 kept flagged** — direct round 1: neighbours 80.1, 12.0 ms/s (kept attempt 2 (ok)); "
                + "gateway round 1: neighbours 70.0, 65.0, 60.0 ms/s (kept, flagged); crash round 1: neighbours 90.0 ms/s "
                + "(kept, flagged).");
    }
}
