package io.edgeway.e2e.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryEventsTest {

    private final RegistryEvents events = new RegistryEvents(List.of("10.0 a=UP", "11.0 a=UP b=STARTING", "12.0 a=UP b=UP",
            "13.0 a=UP b=DOWN", "14.0 a=UP", "15.0"));

    @Test
    void firstPollWithTheInstanceUp() {
        assertThat(events.first("b", RegistryEvents.Condition.UP, 0)).hasValue("12.0");
    }

    @Test
    void firstPollAfterAMomentWithTheInstanceNotUpOrGone() {
        assertThat(events.first("b", RegistryEvents.Condition.NOT_UP, 12.5)).hasValue("13.0");
        assertThat(events.first("b", RegistryEvents.Condition.ABSENT, 12.5)).hasValue("14.0");
        assertThat(events.first("a", RegistryEvents.Condition.ABSENT, 0)).hasValue("15.0");
    }

    @Test
    void neverSeen() {
        assertThat(events.first("c", RegistryEvents.Condition.UP, 0)).isEmpty();
    }
}
