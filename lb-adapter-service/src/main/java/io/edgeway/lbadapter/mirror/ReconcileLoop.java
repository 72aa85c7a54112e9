package io.edgeway.lbadapter.mirror;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.leader.LeaderStatus;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.DesiredState;
import io.edgeway.lbadapter.reconcile.ReconcileCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs reconcile cycles on one thread: at once when the registry's desired state changes (checked on every Eureka
 * heartbeat event and every {@code registry-poll-interval}), every {@code full-interval} anyway (drift repair), every
 * {@code drain-check-interval} while a member drains, and with doubling back-off after a failed cycle. Only the
 * leader runs cycles, and a replica that has just become leader runs one at once.
 */
@Component
class ReconcileLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

    private final RegistrySource registry;

    private final ReconcileCycle cycle;

    private final LbAdapterProperties.Reconcile settings;

    private final Clock clock;

    private final List<ReconcileListener> listeners;

    private final LeaderStatus leader;

    private volatile ScheduledExecutorService scheduler;

    private DesiredState lastDesired;

    private Instant nextRun = Instant.MIN;

    private int failedCycles;

    private Set<String> logged = Set.of();

    private boolean ledLastTick;

    ReconcileLoop(RegistrySource registry, ReconcileCycle cycle, LbAdapterProperties properties, Clock clock,
            LeaderStatus leader, List<ReconcileListener> listeners) {
        this.listeners = List.copyOf(listeners);
        this.registry = registry;
        this.cycle = cycle;
        this.settings = properties.reconcile();
        this.clock = clock;
        this.leader = leader;
    }

    @EventListener(HeartbeatEvent.class)
    void registryRefreshed() {
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            try {
                current.execute(this::tick);
            }
            catch (RejectedExecutionException e) {
                // Stopping: the event came from Eureka's refresh thread, which must not see our shutdown.
            }
        }
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "lb-reconcile");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::tick, 0, settings.registryPollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Reconcile loop started{}", settings.dryRun() ? " in dry-run mode: no device is written" : "");
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Only ever on the loop's thread: one cycle at a time. */
    private void tick() {
        try {
            boolean justElected = leader.isLeader() && !ledLastTick;
            ledLastTick = leader.isLeader();
            if (!ledLastTick) {
                return;
            }
            DesiredState desired = registry.desired();
            Instant now = clock.instant();
            if (!justElected && desired.equals(lastDesired) && now.isBefore(nextRun)) {
                return;
            }
            CycleReport report = cycle.run(desired, !settings.dryRun());
            lastDesired = desired;
            nextRun = clock.instant().plus(nextDelay(report));
            logNews(report);
            if (report.applied()) {
                tell(report);
            }
        }
        catch (RuntimeException e) {
            log.error("Reconcile cycle failed", e);
            nextRun = clock.instant().plus(settings.drainCheckInterval());
        }
    }

    private void tell(CycleReport report) {
        for (ReconcileListener listener : listeners) {
            try {
                listener.cycleApplied(report);
            }
            catch (RuntimeException e) {
                log.warn("{} failed on a cycle report: {}", listener.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Holds (and, in a dry run, planned changes) repeat every cycle until resolved: each is logged once. */
    private void logNews(CycleReport report) {
        Set<String> news = new LinkedHashSet<>();
        report.holds().forEach(hold -> news.add("Held back in " + hold.pool() + ": " + hold.members() + " member(s), "
                + hold.reason()));
        if (settings.dryRun()) {
            report.changes().forEach(change -> news.add("Dry run, would apply " + change));
        }
        news.stream().filter(line -> !logged.contains(line)).forEach(log::info);
        logged = news;
    }

    private Duration nextDelay(CycleReport report) {
        if (report.hadFailures()) {
            failedCycles++;
            Duration backoff = settings.drainCheckInterval().multipliedBy(1L << Math.min(failedCycles - 1, 10));
            return backoff.compareTo(settings.maxFailureBackoff()) > 0 ? settings.maxFailureBackoff() : backoff;
        }
        failedCycles = 0;
        return report.draining() ? settings.drainCheckInterval() : settings.fullInterval();
    }
}
