package io.edgeway.gateway.shedding;

import com.netflix.concurrency.limits.limit.window.SampleWindow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LowestLatencyWindowTest {

    @Test
    void aStallThatDelayedSomeRequestsLeavesTheLowestLatency() {
        SampleWindow window = LowestLatencyWindow.FACTORY.newInstance().addSample(500_000, 3, false)
                .addSample(30_000_000, 40, false).addSample(600_000, 2, false);

        assertThat(window.getTrackedRttNanos()).isEqualTo(500_000);
        assertThat(window.getCandidateRttNanos()).isEqualTo(500_000);
        assertThat(window.getMaxInFlight()).isEqualTo(40);
        assertThat(window.getSampleCount()).isEqualTo(3);
        assertThat(window.didDrop()).isFalse();
        assertThat(window.addSample(700_000, 1, true).didDrop()).isTrue();
    }
}
