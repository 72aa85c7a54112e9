package io.edgeway.lbadapter.view;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.config.LoadBalancers;
import io.edgeway.lbadapter.mirror.ReconcileListener;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.PoolOutcome;
import io.edgeway.lbadapter.reconcile.VirtualServer;
import io.edgeway.lbadapter.vip.VipChange;
import io.edgeway.lbadapter.vip.VipReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every device's virtual servers, pools and members as last read: each device is read every {@code poll-interval}
 * (catching changes made by hand on the device), and again at once after the adapter itself writes to it (a
 * reconcile cycle's changes, a VIP pass's, an operator's action), so that those show without waiting for the next poll.
 */
@Component
public class VipView implements SmartLifecycle, ReconcileListener {

    private static final Logger log = LoggerFactory.getLogger(VipView.class);

    private final Map<String, LoadBalancerDevice> devices;

    private final LbAdapterProperties properties;

    private final Clock clock;

    private final ConcurrentMap<String, DeviceSnapshot> snapshots = new ConcurrentHashMap<>();

    private volatile ScheduledExecutorService poller;

    VipView(LoadBalancers loadBalancers, LbAdapterProperties properties, Clock clock) {
        this.devices = new LinkedHashMap<>(loadBalancers.byName());
        this.properties = properties;
        this.clock = clock;
    }

    /** The last read of every device, in name order; a device never read yet is read now. */
    public List<DeviceSnapshot> snapshots() {
        List<DeviceSnapshot> all = new ArrayList<>();
        for (String device : new TreeSet<>(devices.keySet())) {
            DeviceSnapshot snapshot = snapshots.get(device);
            all.add(snapshot != null ? snapshot : refresh(device));
        }
        return all;
    }

    /** Reads one device now and keeps the result (unless a read that started later has finished already). */
    public DeviceSnapshot refresh(String device) {
        LoadBalancerDevice driver = devices.get(device);
        if (driver == null) {
            throw new IllegalArgumentException("no device named '" + device + "'");
        }
        Instant started = clock.instant();
        DeviceSnapshot read;
        try {
            read = DeviceSnapshot.read(device, readAll(driver), started);
        }
        catch (DeviceException | IllegalArgumentException e) {
            log.warn("VIP view: cannot read {}: {}", device, e.getMessage());
            read = new DeviceSnapshot(device, List.of(), null, started, e.getMessage());
        }
        DeviceSnapshot fresh = read;
        return snapshots.compute(device, (name, old) -> {
            if (old != null && old.attemptedAt().isAfter(started)) {
                return old;
            }
            return fresh.error() != null && old != null ? old.failed(started, fresh.error()) : fresh;
        });
    }

    /** Reads one device soon, on the poller's threads. */
    public void refreshSoon(String device) {
        ScheduledExecutorService current = poller;
        if (current != null) {
            try {
                current.execute(() -> refresh(device));
            }
            catch (RejectedExecutionException e) {
                // Stopping.
            }
        }
    }

    /** Write-through: the devices a cycle wrote to (or tried to) are read again at once. */
    @Override
    public void cycleApplied(CycleReport report) {
        Set<String> touched = new TreeSet<>();
        for (PoolOutcome outcome : report.pools()) {
            if (!outcome.applied().isEmpty() || !outcome.failed().isEmpty()) {
                touched.add(outcome.pool().device());
            }
        }
        touched.forEach(this::refreshSoon);
    }

    /** Write-through for VIPs: the devices a VIP pass wrote to (or tried to) are read again at once. */
    @Override
    public void vipsApplied(VipReport report) {
        Set<String> touched = new TreeSet<>();
        for (VipReport.Outcome outcome : report.outcomes()) {
            if (!(outcome.change() instanceof VipChange.Refused)) {
                touched.add(outcome.change().key().device());
            }
        }
        touched.forEach(this::refreshSoon);
    }

    @Override
    public synchronized void start() {
        if (poller != null || devices.isEmpty()) {
            return;
        }
        AtomicInteger threads = new AtomicInteger();
        // One thread per device (up to 4): a device that hangs does not hold up the others' polls.
        poller = Executors.newScheduledThreadPool(Math.min(devices.size(), 4), r -> {
            Thread thread = new Thread(r, "lb-view-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.view().pollInterval().toMillis();
        devices.keySet().forEach(device -> poller.scheduleWithFixedDelay(() -> poll(device), 0, every,
                TimeUnit.MILLISECONDS));
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            ScheduledExecutorService stopping = poller;
            poller = null;
            stopping.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    private void poll(String device) {
        try {
            refresh(device);
        }
        catch (RuntimeException e) {
            // Caught, since a scheduled task that throws is never run again; when stopping, the interrupt is why.
            if (isRunning()) {
                log.error("VIP view: poll of {} failed", device, e);
            }
        }
    }

    private List<PooledVirtualServer> readAll(LoadBalancerDevice driver) {
        List<String> partitions = properties.devices().get(driver.name()).partitions();
        Map<PoolKey, List<ObservedMember>> members = new LinkedHashMap<>();
        Map<PoolKey, String> poolErrors = new LinkedHashMap<>();
        List<PooledVirtualServer> all = new ArrayList<>();
        for (VirtualServer server : driver.virtualServers(partitions)) {
            PoolKey pool = PooledVirtualServer.poolOf(server);
            if (pool != null && !members.containsKey(pool) && !poolErrors.containsKey(pool)) {
                try {
                    members.put(pool, driver.members(pool));
                }
                catch (DeviceException e) {
                    poolErrors.put(pool, e.getMessage());
                }
            }
            all.add(new PooledVirtualServer(server, pool, pool == null ? List.of() : members.getOrDefault(pool,
                    List.of()), pool == null ? null : poolErrors.get(pool)));
        }
        return all;
    }
}
