package io.edgeway.lbadapter.deploy;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Asks until every answer is the awaited one or the deadline passes: no fixed sleep, only a pause between rounds of
 * questions. A round that throws counts as not done.
 */
public final class Poller {

    /** Pauses the calling thread; a test gives one that advances a fake clock. */
    @FunctionalInterface
    public interface Pause {

        void pause(Duration duration) throws InterruptedException;
    }

    private final Duration interval;

    private final LongSupplier nanoClock;

    private final Pause pause;

    public Poller(Duration interval, LongSupplier nanoClock, Pause pause) {
        this.interval = interval;
        this.nanoClock = nanoClock;
        this.pause = pause;
    }

    /** A poller on the system's clock that pauses the thread. */
    public static Poller every(Duration interval) {
        return new Poller(interval, System::nanoTime, d -> Thread.sleep(d.toMillis()));
    }

    public WaitResult await(Duration timeout, Supplier<List<Check>> round) {
        long start = nanoClock.getAsLong();
        long deadline = start + timeout.toNanos();
        int polls = 0;
        while (true) {
            List<Check> checks;
            try {
                checks = round.get();
            }
            catch (RuntimeException e) {
                checks = List.of(new Check("poll", false, e.toString()));
            }
            polls++;
            long now = nanoClock.getAsLong();
            if (checks.stream().allMatch(Check::done)) {
                return new WaitResult(true, Duration.ofNanos(now - start), polls, checks);
            }
            if (now >= deadline) {
                return new WaitResult(false, Duration.ofNanos(now - start), polls, checks);
            }
            try {
                pause.pause(Duration.ofNanos(Math.min(interval.toNanos(), deadline - now)));
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new WaitResult(false, Duration.ofNanos(nanoClock.getAsLong() - start), polls, checks);
            }
        }
    }
}
