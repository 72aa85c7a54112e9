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

    @Test
    void eventsFromThePollersLines() {
        String a = "{\"instanceId\":\"a:1\",\"app\":\"SAMPLE-BACKEND\",\"status\":\"UP\",\"overriddenStatus\":\"UNKNOWN\"}";
        String b = "{\"instanceId\":\"b:2\",\"app\":\"SAMPLE-BACKEND\",\"status\":\"DOWN\",\"overriddenStatus\":\"UP\"}";
        RegistryEvents polled = RegistryEvents.fromPolls(List.of(
                "10.0\t200\t{\"application\":{\"name\":\"SAMPLE-BACKEND\",\"instance\":[" + a + "]}}",
                "11.0\t200\t{\"application\":{\"name\":\"SAMPLE-BACKEND\",\"instance\":[" + a + "," + b + "]}}",
                "11.5\t000\t", "11.7\t200\t{\"application\":{\"name\":\"SAMPLE-BA", "12.0\t404\t"));

        assertThat(polled.first("a", RegistryEvents.Condition.UP, 0)).isEmpty();
        assertThat(polled.first("a:1", RegistryEvents.Condition.UP, 0)).hasValue("10.0");
        assertThat(polled.first("b:2", RegistryEvents.Condition.NOT_UP, 10.5)).hasValue("11.0");
        assertThat(polled.first("b:2", RegistryEvents.Condition.ABSENT, 11.1)).hasValue("12.0");
    }
}
