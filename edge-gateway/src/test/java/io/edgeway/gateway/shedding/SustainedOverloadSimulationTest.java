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
import java.util.Random;
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
 * The default limiter (the shipped settings) in front of a simulated backend, offered a steady open-loop mix (20 %
 * critical, 50 % default, 30 % best-effort) for a minute on a simulated clock; shares and latencies are counted after
 * the first 15 s, once the limit has adapted. The slow backend has 16 workers at 40 ms a request (the policy
 * benchmark's overload phase); the fast one answers in 0.3-1 ms behind a gateway that now and then stalls
 * for milliseconds (garbage collection, a descheduled event loop on a busy machine): requests arriving meanwhile are
 * admitted together when it resumes, and responses that came in meanwhile are seen late (the policy benchmark's
 * half-load phase).
 */
class SustainedOverloadSimulationTest {

    private static final Backend SLOW = new Backend(16, Duration.ofMillis(40), Duration.ZERO);

    private static final double CAPACITY = SLOW.capacity(); // 400 requests/s

    private static final Backend FAST = new Backend(16, Duration.ofNanos(300_000), Duration.ofNanos(700_000));

    private static final Duration MINUTE = Duration.ofSeconds(60);

    @Test
    void atTwiceTheCapacityShedsBestEffortFirstAndServesCritical() {
        Outcome outcome = simulate(SLOW, 2 * CAPACITY, List.of());

        assertThat(outcome.goodput()).isGreaterThan(0.9 * CAPACITY);
        assertThat(outcome.servedShare(Priority.CRITICAL)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.BEST_EFFORT)).isLessThan(0.1);
        assertThat(outcome.servedShare(Priority.DEFAULT)).isBetween(outcome.servedShare(Priority.BEST_EFFORT),
                outcome.servedShare(Priority.CRITICAL));
    }

    @Test
    void atTwiceTheCapacityKeepsAdmittedRequestsFast() {
        double halfLoadP99 = simulate(SLOW, CAPACITY / 2, List.of()).p99Millis();

        Outcome overload = simulate(SLOW, 2 * CAPACITY, List.of());

        // Gradient2 let the limit climb to max-limit (200): 12 times as long, queued in front of the 16 workers.
        assertThat(overload.p99Millis()).isLessThan(3 * halfLoadP99);
        assertThat(overload.peakInflight()).isLessThan(3 * SLOW.workers());
    }

    @Test
    void atHalfTheCapacityShedsNothing() {
        Outcome outcome = simulate(SLOW, CAPACITY / 2, List.of());

        assertThat(outcome.servedShare(Priority.BEST_EFFORT)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.DEFAULT)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.CRITICAL)).isEqualTo(1.0);
    }

    /**
     * The policy benchmark's half load (1,213 requests/s to a backend answering in a fraction of a millisecond)
     * once shed 0.5 % of its requests: latency noise of the gateway's own stalls, large against so fast a backend,
     * read as a queue, so Vegas took the limit down to its floor (24), where a burst of 17 requests admitted after a
     * stall filled the default class.
     */
    @Test
    void atHalfLoadOfAFastBackendBehindAStallingGatewayShedsNothing() {
        Outcome outcome = simulate(FAST, 1213, stalls(new Random(7)));

        assertThat(outcome.servedShare(Priority.BEST_EFFORT)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.DEFAULT)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.CRITICAL)).isEqualTo(1.0);
    }

    @Test
    void aStallingGatewayStillShedsAtTwiceTheCapacity() {
        Outcome outcome = simulate(SLOW, 2 * CAPACITY, stalls(new Random(7)));

        assertThat(outcome.goodput()).isGreaterThan(0.9 * CAPACITY);
        assertThat(outcome.servedShare(Priority.CRITICAL)).isEqualTo(1.0);
        assertThat(outcome.servedShare(Priority.BEST_EFFORT)).isLessThan(0.1);
    }

    /** Workers that each serve one request at a time, in {@code service} plus up to {@code jitter} more. */
    record Backend(int workers, Duration service, Duration jitter) {

        double capacity() {
            return workers * 1e9 / (service.toNanos() + jitter.toNanos() / 2.0);
        }

        long serviceNanos(Random random) {
            return service.toNanos() + (jitter.isZero() ? 0 : (long) (random.nextDouble() * jitter.toNanos()));
        }
    }

    /** The gateway does nothing from {@code from} for {@code length}: it neither admits nor sees a response. */
    record Stall(long from, long length) {
    }

    /**
     * Stalls over the simulated minute, about three a second: most of a few milliseconds, some of tens, a few up to
     * 60 ms (the policy benchmark's half-load p99 through the gateway was 18-30 ms, its maximum 50-93 ms).
     */
    private static List<Stall> stalls(Random random) {
        List<Stall> stalls = new ArrayList<>();
        long at = 0;
        while (at < MINUTE.toNanos()) {
            at += (long) (-Math.log(1 - random.nextDouble()) * 300e6);
            double kind = random.nextDouble();
            long millis = kind < 0.7 ? 2 + random.nextInt(7) : kind < 0.95 ? 8 + random.nextInt(18) : 25 + random.nextInt(36);
            stalls.add(new Stall(at, Duration.ofMillis(millis).toNanos()));
            at += Duration.ofMillis(millis).toNanos();
        }
        return stalls;
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

    /**
     * Events in time order: arrivals at the offered rate and the backend's completions. The backend works on its own
     * clock; the gateway handles each event when it is not stalled (an event during a stall at the stall's end), and
     * the limiter measures on the gateway's clock.
     */
    private static Outcome simulate(Backend backend, double rate, List<Stall> stalls) {
        AtomicLong clock = new AtomicLong();
        SheddingProperties shipped = GatewaySettings.SHEDDING
                .bind(new Binder(new MapConfigurationPropertySource(Map.of())));
        PriorityLimiter limiter = PriorityLimiter.create("svc", shipped, clock::get);
        record Request(long arrived, Limiter.Listener permit) {
        }
        record Done(long at, Request request) {
        }
        Random random = new Random(11);
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
        long end = MINUTE.toNanos();
        long measuredFrom = Duration.ofSeconds(15).toNanos();
        for (long i = 0, now = 0; now < end; i++, now = i * gap) {
            while (!running.isEmpty() && running.peek().at() <= now) {
                Done done = running.poll();
                Request next = waiting.poll();
                if (next != null) {
                    running.add(new Done(done.at() + backend.serviceNanos(random), next));
                }
                long seen = gatewayTime(done.at(), stalls);
                clock.set(seen);
                done.request().permit().onSuccess();
                if (done.request().arrived() >= measuredFrom) {
                    served++;
                    latencies.add(seen - done.request().arrived());
                }
            }
            long admittedAt = gatewayTime(now, stalls);
            clock.set(admittedAt);
            Priority priority = switch ((int) (i % 10)) {
                case 0, 1 -> Priority.CRITICAL;
                case 2, 3, 4 -> Priority.BEST_EFFORT;
                default -> Priority.DEFAULT;
            };
            Optional<Limiter.Listener> permit = limiter.tryAcquire(priority);
            if (now >= measuredFrom) {
                counts.get(priority)[0] += permit.isPresent() ? 1 : 0;
                counts.get(priority)[1]++;
                peakInflight = Math.max(peakInflight, limiter.inflight());
            }
            if (permit.isPresent()) {
                Request request = new Request(now, permit.get());
                if (running.size() < backend.workers()) {
                    running.add(new Done(admittedAt + backend.serviceNanos(random), request));
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

    /** When the gateway gets to an event of time {@code at}: then, or at the end of the stall it falls in. */
    private static long gatewayTime(long at, List<Stall> stalls) {
        for (Stall stall : stalls) {
            if (at >= stall.from() && at < stall.from() + stall.length()) {
                return stall.from() + stall.length();
            }
            if (stall.from() > at) {
                break;
            }
        }
        return at;
    }
}
