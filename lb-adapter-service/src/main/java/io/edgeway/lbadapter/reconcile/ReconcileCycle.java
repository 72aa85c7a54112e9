package io.edgeway.lbadapter.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over every mapped pool: read it from its device, plan with the {@link Reconciler}, and (unless a dry run)
 * apply the plan. Pools run in parallel on the given executor; a failure in one pool or one change never stops the
 * others, and whatever failed is planned again by the next cycle, since the device is re-read every time.
 */
public final class ReconcileCycle {

    private static final Logger log = LoggerFactory.getLogger(ReconcileCycle.class);

    private final Map<String, LoadBalancerDevice> devices;

    private final Reconciler reconciler;

    private final ReconcilePolicy policy;

    private final Executor executor;

    private final Clock clock;

    private final OperatorHolds holds;

    public ReconcileCycle(Map<String, LoadBalancerDevice> devices, ReconcilePolicy policy, Executor executor,
            Clock clock) {
        this(devices, policy, executor, clock, OperatorHolds.NONE);
    }

    public ReconcileCycle(Map<String, LoadBalancerDevice> devices, ReconcilePolicy policy, Executor executor,
            Clock clock, OperatorHolds holds) {
        this.holds = holds;
        this.devices = Map.copyOf(devices);
        this.policy = policy;
        this.reconciler = new Reconciler(policy);
        this.executor = executor;
        this.clock = clock;
    }

    public CycleReport run(DesiredState desired, boolean apply) {
        Instant started = clock.instant();
        List<CompletableFuture<PoolOutcome>> outcomes = new ArrayList<>();
        desired.pools().forEach((pool, members) -> outcomes.add(CompletableFuture
                .supplyAsync(() -> reconcile(pool, members, desired.registryAvailable(), apply), executor)));
        return new CycleReport(started, apply, outcomes.stream().map(CompletableFuture::join).toList());
    }

    private PoolOutcome reconcile(PoolKey pool, List<DesiredMember> desired, boolean registryAvailable, boolean apply) {
        LoadBalancerDevice device = devices.get(pool.device());
        if (device == null) {
            return unreadable(pool, "no device named '" + pool.device() + "' is configured");
        }
        List<ObservedMember> observed;
        try {
            observed = device.members(pool);
        }
        catch (DeviceException | IllegalArgumentException e) {
            log.warn("Cannot read {}: {}", pool, e.getMessage());
            return unreadable(pool, e.getMessage());
        }
        PoolPlan plan = holds.respect(reconciler.plan(pool, desired, observed, registryAvailable, clock.instant()));
        List<Change> applied = new ArrayList<>();
        List<PoolOutcome.FailedChange> failed = new ArrayList<>();
        if (apply) {
            for (Change change : plan.changes()) {
                try {
                    write(device, change);
                    applied.add(change);
                    log.info("Applied {}", change);
                }
                catch (DeviceException e) {
                    failed.add(new PoolOutcome.FailedChange(change, e.getMessage()));
                    log.warn("Failed {}: {}", change, e.getMessage());
                }
            }
        }
        return new PoolOutcome(pool, observed, plan, applied, failed, null);
    }

    private void write(LoadBalancerDevice device, Change change) {
        switch (change.action()) {
            case ADD -> device.addMember(change.pool(), new DesiredMember(change.member(), change.weight(), ""));
            case ENABLE -> device.enableMember(change.pool(), change.member());
            case DRAIN -> device.drainMember(change.pool(), change.member(), policy.drainGracePeriod());
            case DELETE -> device.deleteMember(change.pool(), change.member());
        }
    }

    private static PoolOutcome unreadable(PoolKey pool, String error) {
        return new PoolOutcome(pool, List.of(), new PoolPlan(pool, List.of(), List.of()), List.of(), List.of(), error);
    }
}
