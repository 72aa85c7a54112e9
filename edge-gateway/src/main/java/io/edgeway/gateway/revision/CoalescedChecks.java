package io.edgeway.gateway.revision;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a check on one thread of its own whenever asked, coalescing the asks: at most one check runs and one waits,
 * however many asks arrive, so a burst of notices costs at most two checks. An ask {@link #spaced() spaced} also
 * waits until {@code spacing} after the previous check began: the rate limit for notices anyone can send.
 */
final class CoalescedChecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CoalescedChecks.class);

    private final ScheduledExecutorService thread;

    private final Runnable check;

    private final long spacingNanos;

    private ScheduledFuture<?> waiting;

    private long waitingDue;

    private long lastStart;

    private boolean ran;

    CoalescedChecks(String threadName, Duration spacing, Runnable check) {
        this.check = check;
        this.spacingNanos = spacing.toNanos();
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A check as soon as the thread is free. */
    synchronized void now() {
        request(System.nanoTime());
    }

    /** A check, but not before {@code spacing} after the previous one began. */
    synchronized void spaced() {
        long now = System.nanoTime();
        request(ran ? Math.max(now, lastStart + spacingNanos) : now);
    }

    private void request(long due) {
        if (thread.isShutdown()) {
            return;
        }
        // A check that has not begun yet answers this ask too; only one due later is brought forward. If it cannot be
        // cancelled it has begun, and it waits for this lock before it checks anything: it still answers this ask.
        if (waiting != null && (waitingDue <= due || !waiting.cancel(false))) {
            return;
        }
        waiting = thread.schedule(this::run, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
        waitingDue = due;
    }

    private void run() {
        synchronized (this) {
            waiting = null;
            lastStart = System.nanoTime();
            ran = true;
        }
        try {
            check.run();
        }
        catch (RuntimeException ex) {
            log.warn("Config check failed: {}", ex.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
