package io.edgeway.e2e.bench;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WeightPollsTest {

    private static WeightPolls rollback() {
        WeightPolls polls = new WeightPolls(3);
        // gateway 0 drops to 0 between 200 and 250, gateway 1 between 300 and 350, gateway 2 between 900 and 950
        long[][] times = { { 100, 200, 250, 300 }, { 100, 300, 350, 400 }, { 100, 900, 950, 1000 } };
        double[][] weights = { { 5, 5, 0, 0 }, { 5, 5, 0, 0 }, { 5, 5, 0, 0 } };
        for (int g = 0; g < 3; g++) {
            for (int i = 0; i < 4; i++) {
                polls.add(new WeightPolls.Poll(g, times[g][i], times[g][i], weights[g][i]));
            }
        }
        return polls;
    }

    @Test
    void allGatewaysAtZeroWhenTheSlowestWasFirstSeenThere() {
        assertThat(rollback().allMatched(w -> w == 0, 0)).hasValue(950);
        assertThat(rollback().firstMatching(w -> w == 0, 0)).containsExactly(250, 350, 950);
    }

    @Test
    void eachGatewaySurelyRanTheOldWeightUntilItsLastPollBeforeTheChange() {
        assertThat(rollback().lastBeforeMatching(w -> w == 0, 0)).containsExactly(200, 300, 900);
    }

    @Test
    void theChangeIsSeenWhenTheAnswerCameAndTheOldWeightSurelyRanUntilThePollWasSent() {
        WeightPolls polls = new WeightPolls(1);
        polls.add(new WeightPolls.Poll(0, 100, 140, 5));
        polls.add(new WeightPolls.Poll(0, 150, 190, 0));

        assertThat(polls.allMatched(w -> w == 0, 0)).hasValue(190);
        assertThat(polls.lastBeforeMatching(w -> w == 0, 0)).containsExactly(100);
    }

    @Test
    void aGatewayThatNeverChangedLeavesTheChangeOpen() {
        WeightPolls polls = rollback();
        polls.add(new WeightPolls.Poll(2, 1100, 1100, 0));
        WeightPolls stuck = new WeightPolls(2);
        stuck.add(new WeightPolls.Poll(0, 10, 10, 0));
        stuck.add(new WeightPolls.Poll(1, 10, 10, 5));

        assertThat(stuck.allMatched(w -> w == 0, 0)).isEqualTo(OptionalLong.empty());
        assertThat(stuck.lastBeforeMatching(w -> w == 0, 0)).containsExactly(0, Long.MAX_VALUE);
    }

    @Test
    void pollsBeforeTheStartAndUnansweredPollsDoNotCount() {
        WeightPolls polls = new WeightPolls(1);
        polls.add(new WeightPolls.Poll(0, 10, 10, 0));
        polls.add(new WeightPolls.Poll(0, 20, 20, Double.NaN));
        polls.add(new WeightPolls.Poll(0, 30, 30, 5));
        polls.add(new WeightPolls.Poll(0, 40, 40, 0));

        assertThat(polls.allMatched(w -> w == 0, 15)).hasValue(40);
        assertThat(polls.maxWeight(0, 35)).isEqualTo(5);
        assertThat(polls.maxWeight(100, 200)).isNaN();
    }
}
