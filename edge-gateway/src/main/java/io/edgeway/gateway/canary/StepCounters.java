package io.edgeway.gateway.canary;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import io.edgeway.gateway.rollout.LatencyBuckets;
import io.edgeway.gateway.rollout.StepCounts;
import io.edgeway.gateway.rollout.VersionCounts;

/**
 * This gateway's evidence for the rollout controller: per route and served version, the requests, errors (5xx or no
 * response) and latencies of the current rollout step only. A request of a new step starts the route's counts afresh.
 * Successful requests are timed; failed ones are judged by the error rate alone, so a canary that fails fast does not
 * look fast.
 */
public final class StepCounters {

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** Counts one request of a route's step. */
    public void record(String routeId, String stepId, String version, boolean error, long nanos) {
        Window window = windows.compute(routeId,
                (id, current) -> current != null && current.stepId.equals(stepId) ? current : new Window(stepId));
        window.versions.computeIfAbsent(version, v -> new Counter()).add(error, nanos);
    }

    /** The counts of every route's current step. */
    public Map<String, StepCounts> snapshot() {
        Map<String, StepCounts> snapshot = new LinkedHashMap<>();
        windows.forEach((route, window) -> {
            Map<String, VersionCounts> versions = new LinkedHashMap<>();
            window.versions.forEach((version, counter) -> versions.put(version, counter.counts()));
            snapshot.put(route, new StepCounts(window.stepId, versions));
        });
        return snapshot;
    }

    private static final class Window {

        final String stepId;

        final Map<String, Counter> versions = new ConcurrentHashMap<>();

        Window(String stepId) {
            this.stepId = stepId;
        }
    }

    private static final class Counter {

        final LongAdder requests = new LongAdder();

        final LongAdder errors = new LongAdder();

        final AtomicLongArray latency = new AtomicLongArray(LatencyBuckets.COUNT);

        void add(boolean error, long nanos) {
            if (error) {
                errors.increment();
            }
            else {
                latency.incrementAndGet(LatencyBuckets.of(nanos));
            }
            requests.increment();
        }

        /** Errors are read before requests, so a snapshot never has more errors than requests. */
        VersionCounts counts() {
            long[] buckets = new long[LatencyBuckets.COUNT];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = latency.get(i);
            }
            long failed = errors.sum();
            return new VersionCounts(Math.max(requests.sum(), failed), failed, buckets);
        }
    }
}
