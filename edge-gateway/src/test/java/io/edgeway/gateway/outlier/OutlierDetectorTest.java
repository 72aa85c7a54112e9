package io.edgeway.gateway.outlier;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.edgeway.gateway.settings.OutlierProperties;
import org.junit.jupiter.api.Test;

import io.edgeway.gateway.support.Concurrently;

import static org.assertj.core.api.Assertions.assertThat;

class OutlierDetectorTest {

    private final AtomicLong clock = new AtomicLong();

    private OutlierProperties settings = new OutlierProperties(true, 3, Duration.ofSeconds(10), Duration.ofSeconds(25),
            50);

    private final OutlierDetector detector = new OutlierDetector(() -> settings, clock::get);

    OutlierDetectorTest() {
        detector.pool("svc", Set.of("a", "b", "c", "d"));
    }

    @Test
    void ejectsAnInstanceAfterConsecutiveFailures() {
        fail("a", 2);
        assertThat(detector.isEjected("svc", "a")).isFalse();

        assertThat(detector.onFailure("svc", "a")).isTrue();

        assertThat(detector.isEjected("svc", "a")).isTrue();
        assertThat(detector.ejectedCount("svc")).isEqualTo(1);
    }

    @Test
    void aSuccessResetsTheCount() {
        fail("a", 2);
        detector.onSuccess("svc", "a");
        fail("a", 2);

        assertThat(detector.isEjected("svc", "a")).isFalse();
    }

    @Test
    void returnsAfterTheBackOffAndIsEjectedLongerIfItFailsAgain() {
        fail("a", 3);
        advance(Duration.ofSeconds(10));
        assertThat(detector.isEjected("svc", "a")).isFalse();

        fail("a", 3);
        advance(Duration.ofSeconds(19));
        assertThat(detector.isEjected("svc", "a")).as("second ejection lasts 20 s").isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(detector.isEjected("svc", "a")).isFalse();

        fail("a", 3);
        advance(Duration.ofSeconds(25));
        assertThat(detector.isEjected("svc", "a")).as("capped at 25 s").isFalse();
    }

    @Test
    void aSuccessAfterReturningResetsTheBackOff() {
        fail("a", 3);
        advance(Duration.ofSeconds(10));
        detector.onSuccess("svc", "a");

        fail("a", 3);
        advance(Duration.ofSeconds(10));

        assertThat(detector.isEjected("svc", "a")).isFalse();
    }

    @Test
    void serviceIdsMatchWhateverTheirCase() {
        fail("a", 2);

        assertThat(detector.onFailure("SVC", "a")).as("Eureka names the service in capitals").isTrue();
        assertThat(detector.isEjected("svc", "a")).isTrue();
    }

    @Test
    void neverEjectsMoreThanTheCapOfThePool() {
        fail("a", 3);
        fail("b", 3);
        fail("c", 3);

        assertThat(detector.ejectedCount("svc")).isEqualTo(2);
        assertThat(detector.isEjected("svc", "c")).isFalse();
    }

    @Test
    void neverEjectsTheOnlyInstance() {
        detector.pool("solo", Set.of("x"));

        for (int i = 0; i < 10; i++) {
            detector.onFailure("solo", "x");
        }

        assertThat(detector.isEjected("solo", "x")).isFalse();
    }

    @Test
    void ejectsNothingWhenDisabled() {
        settings = new OutlierProperties(false, 3, Duration.ofSeconds(10), Duration.ofSeconds(25), 50);

        fail("a", 10);

        assertThat(detector.isEjected("svc", "a")).isFalse();
    }

    @Test
    void forgetsInstancesThatLeftThePool() {
        fail("a", 3);

        detector.pool("svc", Set.of("b", "c", "d"));

        assertThat(detector.isEjected("svc", "a")).isFalse();
    }

    @Test
    void concurrentFailuresLoseNoCount() throws Exception {
        int threads = 8;
        int failuresPerThread = 2_000;
        settings = new OutlierProperties(true, threads * failuresPerThread, Duration.ofSeconds(10),
                Duration.ofSeconds(25), 50);
        AtomicInteger ejections = new AtomicInteger();

        Concurrently.run(threads, () -> {
            for (int i = 0; i < failuresPerThread; i++) {
                if (detector.onFailure("svc", "a")) {
                    ejections.incrementAndGet();
                }
            }
        });

        assertThat(ejections).as("only the last of all the failures reaches the threshold").hasValue(1);
        assertThat(detector.isEjected("svc", "a")).isTrue();
    }

    @Test
    void concurrentEjectionsNeverPassTheCap() throws Exception {
        int instances = 10;
        Set<String> pool = IntStream.range(0, instances).mapToObj(i -> "i" + i).collect(Collectors.toSet());
        for (int round = 0; round < 50; round++) {
            OutlierDetector fresh = new OutlierDetector(() -> settings, clock::get);
            fresh.pool("svc", pool);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger ejections = new AtomicInteger();

            Concurrently.run(instances, () -> {
                String instance = "i" + next.getAndIncrement();
                for (int i = 0; i < 3; i++) {
                    if (fresh.onFailure("svc", instance)) {
                        ejections.incrementAndGet();
                    }
                }
            });

            assertThat(ejections).as("round %d", round).hasValue(5);
            assertThat(fresh.ejectedCount("svc")).as("round %d", round).isEqualTo(5);
        }
    }

    @Test
    void aSuccessDuringAnEjectionKeepsTheBackOffGrowing() {
        fail("a", 3);
        detector.onSuccess("svc", "a");
        advance(Duration.ofSeconds(10));

        fail("a", 3);
        advance(Duration.ofSeconds(19));

        assertThat(detector.isEjected("svc", "a")).as("second ejection lasts 20 s").isTrue();
    }

    private void fail(String instance, int times) {
        for (int i = 0; i < times; i++) {
            detector.onFailure("svc", instance);
        }
    }

    private void advance(Duration duration) {
        clock.addAndGet(duration.toNanos());
    }
}
