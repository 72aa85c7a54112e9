package io.edgeway.gateway.shedding;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.netflix.concurrency.limits.Limit;

/**
 * Another algorithm's limit while the backend shows a queue, and an open limit (max-limit) once it has shown none
 * for a while: requests are shed only where they would wait.
 *
 * <p>The algorithm learns the backend's concurrency from latency, and only under pressure; below it the in-flight
 * count is the arrival rate times the latency, and a burst of it is no queue. The gateway's own stalls (a garbage
 * collection, an event loop descheduled on a busy machine) make such bursts: the requests that arrived meanwhile
 * are admitted together when it resumes, dozens at once in front of a fast backend, and the classes' shares of a
 * limit sized for the backend refused some of them at half load. A window shows a queue when its lowest latency
 * (what every request of it waited at least: {@link LowestLatencyWindow}) is more than the tolerance above the
 * lowest of the last minute or so, or when a request was dropped; the gate then closes at once and follows the
 * algorithm until no window has shown a queue for {@code reopenAfter}. It starts closed: no latency measured yet
 * is no evidence of an idle backend.
 *
 * <p>{@code onSample} is called with one sample per window, by one thread at a time ({@code WindowedLimit} holds a
 * lock); {@code getLimit} from any thread.
 */
final class QueueGate implements Limit {

    /** The lowest latency is the lowest of this bucket and the one before: a backend slower for good is normal after two. */
    private static final long BASELINE_BUCKET_NANOS = 30_000_000_000L;

    private final Limit algorithm;

    private final int openLimit;

    private final long toleranceNanos;

    private final double toleranceShare;

    private final long reopenAfterNanos;

    private final List<Consumer<Integer>> listeners = new CopyOnWriteArrayList<>();

    private volatile boolean open;

    private boolean started;

    private long lastQueueAt;

    private long bucketStart;

    private long bucketLowest = Long.MAX_VALUE;

    private long previousBucketLowest = Long.MAX_VALUE;

    /**
     * @param openLimit the limit while no queue shows
     * @param toleranceNanos a window shows a queue when its lowest latency is more than this above the baseline, ...
     * @param toleranceShare ... and more than this share of it (a slow backend's latency varies by milliseconds)
     * @param reopenAfterNanos how long no window may show a queue before the limit opens again
     */
    QueueGate(Limit algorithm, int openLimit, long toleranceNanos, double toleranceShare, long reopenAfterNanos) {
        this.algorithm = algorithm;
        this.openLimit = openLimit;
        this.toleranceNanos = toleranceNanos;
        this.toleranceShare = toleranceShare;
        this.reopenAfterNanos = reopenAfterNanos;
        algorithm.notifyOnChange(limit -> {
            if (!open) {
                notify(limit);
            }
        });
    }

    @Override
    public int getLimit() {
        return open ? openLimit : algorithm.getLimit();
    }

    /** Whether no window has shown a queue for a while, so that the open limit applies. */
    boolean isOpen() {
        return open;
    }

    @Override
    public void notifyOnChange(Consumer<Integer> consumer) {
        listeners.add(consumer);
    }

    @Override
    public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
        long baseline = baseline(startTime, rtt);
        boolean queued = didDrop || rtt - baseline > Math.max(toleranceNanos, (long) (baseline * toleranceShare));
        if (queued || !started) {
            lastQueueAt = startTime; // the first sample starts the wait, too
            started = true;
        }
        algorithm.onSample(startTime, rtt, inflight, didDrop);
        boolean nowOpen = startTime - lastQueueAt >= reopenAfterNanos;
        if (nowOpen != open) {
            open = nowOpen;
            notify(getLimit());
        }
    }

    /** The lowest latency of this bucket and the one before, this sample's included. */
    private long baseline(long now, long rtt) {
        if (bucketLowest == Long.MAX_VALUE && previousBucketLowest == Long.MAX_VALUE) {
            bucketStart = now;
        }
        else if (now - bucketStart >= BASELINE_BUCKET_NANOS) {
            previousBucketLowest = bucketLowest;
            bucketLowest = Long.MAX_VALUE;
            bucketStart = now;
        }
        bucketLowest = Math.min(bucketLowest, rtt);
        return Math.min(bucketLowest, previousBucketLowest);
    }

    private void notify(int limit) {
        listeners.forEach(listener -> listener.accept(limit));
    }
}
