package io.edgeway.gateway.shedding;

import java.util.function.Consumer;

import com.netflix.concurrency.limits.Limit;

/**
 * Another limit algorithm's limit, never below a floor: Vegas has no minimum of its own, and on a fast backend
 * with noisy latency it would otherwise shrink towards one request at a time.
 */
final class FloorLimit implements Limit {

    private final Limit delegate;

    private final int floor;

    FloorLimit(Limit delegate, int floor) {
        this.delegate = delegate;
        this.floor = floor;
    }

    @Override
    public int getLimit() {
        return Math.max(floor, delegate.getLimit());
    }

    @Override
    public void notifyOnChange(Consumer<Integer> consumer) {
        delegate.notifyOnChange(limit -> consumer.accept(Math.max(floor, limit)));
    }

    @Override
    public void onSample(long startTime, long rtt, int inflight, boolean didDrop) {
        delegate.onSample(startTime, rtt, inflight, didDrop);
    }
}
