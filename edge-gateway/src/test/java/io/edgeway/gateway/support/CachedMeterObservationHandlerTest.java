package io.edgeway.gateway.support;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The same observations through Micrometer's default handler and through the cached one make the same meters. */
class CachedMeterObservationHandlerTest {

    @Test
    void makesTheMetersTheDefaultHandlerMakes() {
        assertThat(meters(registry -> new CachedMeterObservationHandler(registry, true)))
                .isEqualTo(meters(DefaultMeterObservationHandler::new));
    }

    @Test
    void withoutLongTaskTimersAsBootsIgnoredMetersSettingSays() {
        assertThat(meters(registry -> new CachedMeterObservationHandler(registry, false)))
                .isEqualTo(meters(registry -> new DefaultMeterObservationHandler(registry,
                        DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER)));
    }

    @Test
    void anActiveObservationShowsInItsLongTaskTimer() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new CachedMeterObservationHandler(registry, true));

        Observation running = Observation.createNotStarted("http.server.requests", observations)
                .lowCardinalityKeyValue("uri", "/a").start();

        assertThat(registry.get("http.server.requests.active").tag("uri", "/a").longTaskTimer().activeTasks()).isOne();
        running.stop();
        assertThat(registry.get("http.server.requests.active").tag("uri", "/a").longTaskTimer().activeTasks()).isZero();
        assertThat(registry.get("http.server.requests").tags("uri", "/a", "error", "none").timer().count()).isOne();
    }

    /** Every meter as "type name tags count" after the same observations. */
    private static List<String> meters(Function<MeterRegistry, MeterObservationHandler<Observation.Context>> handler) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(handler.apply(registry));
        for (int i = 0; i < 30; i++) {
            Observation observation = Observation.start("http.server.requests", observations)
                    .lowCardinalityKeyValue("method", i % 2 == 0 ? "GET" : "POST")
                    .lowCardinalityKeyValue("status", i % 3 == 0 ? "500" : "200")
                    .highCardinalityKeyValue("http.url", "/x/" + i);
            if (i % 5 == 0) {
                observation.event(Observation.Event.of("retried"));
            }
            if (i % 7 == 0) {
                observation.error(i % 2 == 0 ? new IllegalStateException() : new java.io.IOException());
            }
            observation.stop();
        }
        return registry.getMeters().stream().map(CachedMeterObservationHandlerTest::describe).sorted()
                .collect(Collectors.toList());
    }

    private static String describe(Meter meter) {
        String count = "?";
        if (meter instanceof Timer timer) {
            count = String.valueOf(timer.count());
        }
        else if (meter instanceof LongTaskTimer timer) {
            count = String.valueOf(timer.activeTasks());
        }
        else if (meter instanceof Counter counter) {
            count = String.valueOf(counter.count());
        }
        return meter.getId().getType() + " " + meter.getId().getName() + " " + meter.getId().getTags() + " " + count;
    }
}
