package io.edgeway.e2e.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {

    @Test
    void percentileIsTheNearestRank() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[i] = i + 1;
        }

        assertThat(Latencies.percentile(hundred, 0.5)).isEqualTo(50);
        assertThat(Latencies.percentile(hundred, 0.99)).isEqualTo(99);
        assertThat(Latencies.percentile(hundred, 1.0)).isEqualTo(100);
        assertThat(Latencies.percentile(hundred, 0.0)).isEqualTo(1);
    }

    @Test
    void theP99OfFewValuesIsTheLargest() {
        assertThat(Latencies.percentile(new long[] { 3, 7, 9 }, 0.99)).isEqualTo(9);
        assertThat(Latencies.percentile(new long[] { 4 }, 0.5)).isEqualTo(4);
    }

    @Test
    void noValuesHaveNoPercentile() {
        assertThat(Latencies.percentile(new long[0], 0.99)).isEqualTo(-1);
        assertThat(Latencies.millis(-1)).isEqualTo("-");
    }

    @Test
    void drainSortsAndClears() {
        Latencies latencies = new Latencies();
        for (long v : new long[] { 5, 1, 3 }) {
            latencies.record(v);
        }
        for (int i = 0; i < 2000; i++) {
            latencies.record(10);
        }

        long[] drained = latencies.drainSorted();

        assertThat(drained).hasSize(2003).startsWith(1, 3, 5);
        assertThat(latencies.drainSorted()).isEmpty();
    }

    @Test
    void aChangeIsSeenBy99PercentWhenThatManyClientsSawIt() {
        SimulatedFleet.Change change = new SimulatedFleet.Change("A", "a1", "DOWN", 0);
        for (int client = 0; client < 99; client++) {
            change.seenAfter.put(client, (client + 1) * 10L);
        }

        assertThat(change.nanosUntilSeenBy(0.99, 100)).isEqualTo(990);
        assertThat(change.nanosUntilSeenBy(1.0, 100)).isEqualTo(-1);
        assertThat(change.nanosUntilSeenBy(0.99, 200)).isEqualTo(-1);
    }

    @Test
    void theMedianOfChangesCountsOneNeverSeenAsTheLongest() {
        assertThat(RegistryBench.median(List.of(300L, -1L, 100L))).isEqualTo(300);
        assertThat(RegistryBench.median(List.of(-1L, -1L, 100L))).isEqualTo(-1);
    }
}
