package io.edgeway.gateway.shedding;

import com.netflix.concurrency.limits.limit.window.SampleWindow;
import com.netflix.concurrency.limits.limit.window.SampleWindowFactory;

/**
 * One window of samples as the limit algorithm sees it: the lowest latency in the window instead of the mean, the
 * peak in-flight count, and whether any request was dropped.
 *
 * <p>A queue in front of the backend delays every request, so it raises the window's lowest latency as much as its
 * mean; a stall of the gateway itself (a garbage collection, an event loop descheduled on a busy machine) delays
 * only the requests it caught, and raises the mean alone. Against a backend answering in a fraction of a
 * millisecond such a stall made the mean many times the lowest latency ever seen: Vegas read it as a queue of most
 * of the limit, took the limit down to its floor and shed at half load.
 */
record LowestLatencyWindow(long lowestRtt, int peakInFlight, int samples, boolean dropped) implements SampleWindow {

    /** Empty windows, one per window. */
    static final SampleWindowFactory FACTORY = () -> new LowestLatencyWindow(Long.MAX_VALUE, 0, 0, false);

    @Override
    public SampleWindow addSample(long rtt, int inflight, boolean didDrop) {
        return new LowestLatencyWindow(Math.min(lowestRtt, rtt), Math.max(peakInFlight, inflight), samples + 1,
                dropped || didDrop);
    }

    /** Also what the window's length is made of (twice this), as in the library's windows. */
    @Override
    public long getCandidateRttNanos() {
        return lowestRtt;
    }

    @Override
    public long getTrackedRttNanos() {
        return lowestRtt;
    }

    @Override
    public int getMaxInFlight() {
        return peakInFlight;
    }

    @Override
    public int getSampleCount() {
        return samples;
    }

    @Override
    public boolean didDrop() {
        return dropped;
    }
}
