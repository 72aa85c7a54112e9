package io.edgeway.lbadapter.mirror;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.leader.LeaderStatus;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.DesiredState;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.ReconcileCycle;
import io.edgeway.lbadapter.vip.VipCycle;
import io.edgeway.lbadapter.vip.VipReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.annotation.Order;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs reconcile cycles on one thread: at once when the registry's desired state changes (checked on every Eureka
 * heartbeat event and every {@code registry-poll-interval}), every {@code full-interval} anyway (drift repair), every
 * {@code drain-check-interval} while a member drains, and with doubling back-off after a failed cycle. Only the
 * leader runs cycles, and a replica that has just become leader runs one at once. Each cycle first runs the VIP pass
 * over the declared VIPs ({@link VipSource}, re-read at once when the config changes), whose pools then join the
 * mapped pools, so that their members follow the registry as every pool's do.
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

    private final VipSource vips;

    private final VipCycle vipCycle;

    private final Map<String, List<String>> partitions = new LinkedHashMap<>();

    private VipSource.Placement lastPlacement;

    private volatile boolean configChanged;

    private volatile ScheduledExecutorService scheduler;

    private DesiredState lastDesired;

    private Instant nextRun = Instant.MIN;

    private int failedCycles;

    private Set<String> logged = Set.of();

    private boolean ledLastTick;

    ReconcileLoop(RegistrySource registry, ReconcileCycle cycle, LbAdapterProperties properties, Clock clock,
            LeaderStatus leader, List<ReconcileListener> listeners, VipSource vips, VipCycle vipCycle) {
        this.vips = vips;
        this.vipCycle = vipCycle;
        properties.devices().forEach((name, device) -> partitions.put(name, device.partitions()));
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

    /** A refresh after a commit: the VIP declarations may have changed, so a cycle runs at once. */
    @EventListener(EnvironmentChangeEvent.class)
    @Order(10)
    void configRefreshed() {
        configChanged = true;
        registryRefreshed();
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
            DesiredState fromRegistry = registry.desired();
            VipSource.Placement placement = vips.place();
            Instant now = clock.instant();
            boolean changed = configChanged;
            configChanged = false;
            if (!justElected && !changed && fromRegistry.equals(lastDesired) && placement.equals(lastPlacement)
                    && now.isBefore(nextRun)) {
                return;
            }
            VipReport vipReport = vipCycle.run(placement.desired(), placement.unplaced().keySet(), partitions,
                    placement.commit(), !settings.dryRun());
            Map<PoolKey, List<DesiredMember>> pools = new LinkedHashMap<>(fromRegistry.pools());
            vipReport.pools().forEach(pools::putIfAbsent);
            DesiredState desired = new DesiredState(fromRegistry.registryAvailable(), pools);
            CycleReport report = cycle.run(desired, !settings.dryRun());
            lastDesired = fromRegistry;
            lastPlacement = placement;
            nextRun = clock.instant().plus(nextDelay(report, vipReport));
            logNews(report, placement, vipReport);
            if (vipReport.applied()) {
                tellVips(vipReport);
            }
            if (report.applied()) {
                tell(report);
            }
        }
        catch (RuntimeException e) {
            log.error("Reconcile cycle failed", e);
            nextRun = clock.instant().plus(settings.drainCheckInterval());
        }
    }

    private void tellVips(VipReport report) {
        for (ReconcileListener listener : listeners) {
            try {
                listener.vipsApplied(report);
            }
            catch (RuntimeException e) {
                log.warn("{} failed on a VIP report: {}", listener.getClass().getSimpleName(), e.toString());
            }
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
    private void logNews(CycleReport report, VipSource.Placement placement, VipReport vipReport) {
        Set<String> news = new LinkedHashSet<>();
        placement.unplaced().forEach((vip, why) -> news.add("VIP '" + vip + "' not placed: " + why));
        if (settings.dryRun()) {
            vipReport.changes().forEach(change -> news.add("Dry run, would apply VIP change " + change));
        }
        report.holds().forEach(hold -> news.add("Held back in " + hold.pool() + ": " + hold.members() + " member(s), "
                + hold.reason()));
        if (settings.dryRun()) {
            report.changes().forEach(change -> news.add("Dry run, would apply " + change));
        }
        news.stream().filter(line -> !logged.contains(line)).forEach(log::info);
        logged = news;
    }

    private Duration nextDelay(CycleReport report, VipReport vipReport) {
        if (report.hadFailures() || vipReport.hadFailures()) {
            failedCycles++;
            Duration backoff = settings.drainCheckInterval().multipliedBy(1L << Math.min(failedCycles - 1, 10));
            return backoff.compareTo(settings.maxFailureBackoff()) > 0 ? settings.maxFailureBackoff() : backoff;
        }
        failedCycles = 0;
        return report.draining() || vipReport.draining() ? settings.drainCheckInterval() : settings.fullInterval();
    }
}
