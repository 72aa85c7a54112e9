package io.edgeway.gateway.shedding;

import java.util.ArrayList;
import java.util.List;

import com.netflix.concurrency.limits.limit.SettableLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueueGateTest {

    private static final long MS = 1_000_000L;

    private final SettableLimit algorithm = SettableLimit.startingAt(30);

    private final QueueGate gate = new QueueGate(algorithm, 200, MS, 0.1, 1000 * MS);

    private final List<Integer> seen = new ArrayList<>();

    private long now;

    QueueGateTest() {
        gate.notifyOnChange(seen::add);
    }

    @Test
    void startsClosedAndOpensAfterASecondWithoutAQueue() {
        assertThat(gate.getLimit()).isEqualTo(30);

        windows(9, MS / 2, false);
        assertThat(gate.isOpen()).isFalse();
        windows(2, MS / 2, false);

        assertThat(gate.isOpen()).isTrue();
        assertThat(gate.getLimit()).isEqualTo(200);
        assertThat(seen).containsExactly(200);
    }

    @Test
    void aWindowWhoseLowestLatencyRoseClosesItAtOnce() {
        windows(12, MS / 2, false);

        windows(1, 2 * MS, false); // 1.5 ms above the lowest

        assertThat(gate.isOpen()).isFalse();
        assertThat(seen).containsExactly(200, 30);
    }

    @Test
    void latencyWithinTheToleranceIsNoQueue() {
        windows(12, 40 * MS, false);

        windows(20, 43 * MS, false); // 3 ms more, but within 10 % of 40 ms

        assertThat(gate.isOpen()).isTrue();
    }

    @Test
    void aDropClosesItEvenAtTheLowestLatency() {
        windows(12, MS, false);

        windows(1, MS, true);

        assertThat(gate.isOpen()).isFalse();
    }

    @Test
    void closedItFollowsTheAlgorithm() {
        algorithm.setLimit(25);
        assertThat(seen).containsExactly(25);

        windows(12, MS, false);
        algorithm.setLimit(27);

        assertThat(gate.getLimit()).isEqualTo(200);
        assertThat(seen).containsExactly(25, 200);
    }

    @Test
    void aBackendSlowerForGoodBecomesTheNewBaseline() {
        windows(12, MS, false);
        windows(700, 5 * MS, false); // 70 s of windows at 5 ms: the lowest of 1 ms is forgotten

        windows(12, 5 * MS, false);

        assertThat(gate.isOpen()).isTrue();
    }

    /** {@code count} windows of 100 ms whose lowest latency is {@code rtt}. */
    private void windows(int count, long rtt, boolean dropped) {
        for (int i = 0; i < count; i++) {
            now += 100 * MS;
            gate.onSample(now, rtt, 10, dropped);
        }
    }
}
