package io.edgeway.gateway.shedding;

import java.util.ArrayList;
import java.util.List;

import com.netflix.concurrency.limits.limit.SettableLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FloorLimitTest {

    private final SettableLimit algorithm = SettableLimit.startingAt(40);

    private final FloorLimit limit = new FloorLimit(algorithm, 16);

    @Test
    void followsTheAlgorithmAboveTheFloorAndStopsAtIt() {
        List<Integer> seen = new ArrayList<>();
        limit.notifyOnChange(seen::add);

        algorithm.setLimit(30);
        algorithm.setLimit(5);

        assertThat(seen).containsExactly(30, 16);
        assertThat(limit.getLimit()).isEqualTo(16);
    }
}
