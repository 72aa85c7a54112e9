package io.edgeway.gateway.shedding;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;

import com.netflix.concurrency.limits.Limiter;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.Priority;
import io.edgeway.gateway.settings.SheddingProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default limiter (the shipped settings) in front of a simulated backend of 16 workers at 40 ms a request, offered
 * a steady open-loop mix (20 % critical, 50 % default, 30 % best-effort) for a minute on a simulated clock; shares
 * and latencies are counted after the first 15 s, once the limit has adapted.
 */
class SustainedOverloadSimulationTest {

    private static final int WORKERS = 16;

    private static final long SERVICE_NANOS = Duration.ofMillis(40).toNanos();

    private static final double CAPACITY = WORKERS * 1e9 / SERVICE_NANOS; // 400 requests/s

    @Test
    void atTwiceTheCapacityShedsBestEffortFirstAndServesCritical() {
        Outcome outcome = simulate(2 * CAPACITY);

        assertThat(outcome.goodput()).isGreaterThan(0.9 * CAPACITY);
        assertThat(outcome.servedShare(Priority.CRITICAL)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.BEST_EFFORT)).isLessThan(0.1);
        assertThat(outcome.servedShare(Priority.DEFAULT)).isBetween(outcome.servedShare(Priority.BEST_EFFORT),
                outcome.servedShare(Priority.CRITICAL));
    }

    @Test
    void atTwiceTheCapacityKeepsAdmittedRequestsFast() {
        double halfLoadP99 = simulate(CAPACITY / 2).p99Millis();

        Outcome overload = simulate(2 * CAPACITY);

        // Gradient2 let the limit climb to max-limit (200): 12 times as long, queued in front of the 16 workers.
        assertThat(overload.p99Millis()).isLessThan(3 * halfLoadP99);
        assertThat(overload.peakInflight()).isLessThan(3 * WORKERS);
    }

    @Test
    void atHalfTheCapacityShedsNothing() {
        Outcome outcome = simulate(CAPACITY / 2);

        assertThat(outcome.servedShare(Priority.BEST_EFFORT)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.DEFAULT)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.CRITICAL)).isEqualTo(1.0);
    }

    /**
     * Served requests per second, per class the share of the offered requests that were admitted, the p99 of the
     * admitted requests' latency and the most requests in flight at once.
     */
    record Outcome(double goodput, Map<Priority, long[]> admittedOfferedByClass, double p99Millis, int peakInflight) {

        double servedShare(Priority priority) {
            long[] counts = admittedOfferedByClass.get(priority);
            return (double) counts[0] / counts[1];
        }
    }

    private static Outcome simulate(double rate) {
        AtomicLong clock = new AtomicLong();
        SheddingProperties shipped = GatewaySettings.SHEDDING
                .bind(new Binder(new MapConfigurationPropertySource(Map.of())));
        PriorityLimiter limiter = PriorityLimiter.create("svc", shipped, clock::get);
        record Request(long arrived, Limiter.Listener permit) {
        }
        record Done(long at, Request request) {
        }
        PriorityQueue<Done> running = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        Queue<Request> waiting = new ArrayDeque<>(); // in front of the workers, as a servlet container's queue
        Map<Priority, long[]> counts = new EnumMap<>(Priority.class);
        for (Priority priority : Priority.values()) {
            counts.put(priority, new long[2]);
        }
        long served = 0;
        List<Long> latencies = new ArrayList<>();
        int peakInflight = 0;
        long gap = (long) (1e9 / rate);
        long end = Duration.ofSeconds(60).toNanos();
        long measuredFrom = Duration.ofSeconds(15).toNanos();
        for (long i = 0, now = 0; now < end; i++, now = i * gap) {
            while (!running.isEmpty() && running.peek().at() <= now) {
                Done done = running.poll();
                clock.set(done.at());
                done.request().permit().onSuccess();
                if (done.request().arrived() >= measuredFrom) {
                    served++;
                    latencies.add(done.at() - done.request().arrived());
                }
                Request next = waiting.poll();
                if (next != null) {
                    running.add(new Done(done.at() + SERVICE_NANOS, next));
                }
            }
            clock.set(now);
            Priority priority = switch ((int) (i % 10)) {
                case 0, 1 -> Priority.CRITICAL;
                case 2, 3, 4 -> Priority.BEST_EFFORT;
                default -> Priority.DEFAULT;
            };
            Optional<Limiter.Listener> permit = limiter.tryAcquire(priority);
            if (now >= measuredFrom) {
                counts.get(priority)[0] += permit.isPresent() ? 1 : 0;
                counts.get(priority)[1]++;
            }
            if (now >= measuredFrom) {
                peakInflight = Math.max(peakInflight, limiter.inflight());
            }
            if (permit.isPresent()) {
                Request request = new Request(now, permit.get());
                if (running.size() < WORKERS) {
                    running.add(new Done(now + SERVICE_NANOS, request));
                }
                else {
                    waiting.add(request);
                }
            }
        }
        Collections.sort(latencies);
        return new Outcome(served / ((end - measuredFrom) / 1e9), counts,
                latencies.get((int) (0.99 * (latencies.size() - 1))) / 1e6, peakInflight);
    }
}
