package io.edgeway.lbadapter.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over every mapped pool: read it from its device and plan with the {@link Reconciler} (pools in parallel),
 * then, unless a dry run, write the plans partition by partition (partitions in parallel): batched into as few device
 * calls as the device allows, or one call per change. A failure in one pool, partition or change never stops the
 * others, and whatever failed is planned again by the next cycle, since the device is re-read every time. Before each
 * partition's writes, and again before every device call that writes, the {@link WritePermission} is asked, so a
 * replica that lost leadership stops in the middle of a cycle or a batch.
 */
public final class ReconcileCycle {

    private static final Logger log = LoggerFactory.getLogger(ReconcileCycle.class);

    private final Map<String, LoadBalancerDevice> devices;

    private final Reconciler reconciler;

    private final ReconcilePolicy policy;

    private final Executor executor;

    private final Clock clock;

    private final OperatorHolds holds;

    private final boolean batchWrites;

    private final WritePermission permission;

    private final WriteJournal journal;

    public ReconcileCycle(Map<String, LoadBalancerDevice> devices, ReconcilePolicy policy, Executor executor,
            Clock clock, boolean batchWrites, WritePermission permission, OperatorHolds holds) {
        this(devices, policy, executor, clock, batchWrites, permission, holds, WriteJournal.NONE);
    }

    /** A cycle that records each batch in {@code journal} before it is written, and its outcome after. */
    public ReconcileCycle(Map<String, LoadBalancerDevice> devices, ReconcilePolicy policy, Executor executor,
            Clock clock, boolean batchWrites, WritePermission permission, OperatorHolds holds,
            WriteJournal journal) {
        this.journal = journal;
        this.holds = holds;
        this.devices = Map.copyOf(devices);
        this.policy = policy;
        this.reconciler = new Reconciler(policy);
        this.executor = executor;
        this.clock = clock;
        this.batchWrites = batchWrites;
        this.permission = permission;
    }

    /** A cycle that batches its writes, never has to ask for permission and knows of no operator holds. */
    public ReconcileCycle(Map<String, LoadBalancerDevice> devices, ReconcilePolicy policy, Executor executor,
            Clock clock) {
        this(devices, policy, executor, clock, true, WritePermission.ALWAYS, OperatorHolds.NONE);
    }

    public CycleReport run(DesiredState desired, boolean apply) {
        Instant started = clock.instant();
        List<CompletableFuture<PoolOutcome>> reads = new ArrayList<>();
        desired.pools().forEach((pool, members) -> reads.add(CompletableFuture
                .supplyAsync(() -> plan(pool, members, desired.registryAvailable()), executor)));
        List<PoolOutcome> planned = reads.stream().map(CompletableFuture::join).toList();
        if (!apply) {
            return new CycleReport(started, false, planned);
        }
        Map<String, List<PoolOutcome>> byPartition = new LinkedHashMap<>();
        for (PoolOutcome outcome : planned) {
            if (!outcome.plan().changes().isEmpty()) {
                byPartition.computeIfAbsent(outcome.pool().device() + "/" + outcome.pool().partition(),
                        k -> new ArrayList<>()).add(outcome);
            }
        }
        List<CompletableFuture<List<PoolOutcome.FailedChange>>> writes = new ArrayList<>();
        byPartition.values().forEach(pools -> writes.add(CompletableFuture.supplyAsync(() -> write(pools), executor)));
        Map<Change, String> failures = new HashMap<>();
        writes.stream().map(CompletableFuture::join).flatMap(List::stream)
                .forEach(f -> failures.put(f.change(), f.error()));
        return new CycleReport(started, true, planned.stream().map(outcome -> applied(outcome, failures)).toList());
    }

    private PoolOutcome plan(PoolKey pool, List<DesiredMember> desired, boolean registryAvailable) {
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
        return new PoolOutcome(pool, observed, plan, List.of(), List.of(), null);
    }

    /** Writes the plans of one device partition, journalled before and after; returns the changes that failed. */
    private List<PoolOutcome.FailedChange> write(List<PoolOutcome> pools) {
        List<PoolWrite> writes = pools.stream().map(o -> new PoolWrite(o.pool(), o.observed(), o.plan().changes(),
                policy.drainGracePeriod())).toList();
        WriteJournal.Intent intent = journal.intend(writes.stream().flatMap(w -> w.changes().stream()).toList());
        List<PoolOutcome.FailedChange> failed = writeJournalled(pools, writes);
        Map<Change, String> failures = new HashMap<>();
        failed.forEach(f -> failures.put(f.change(), f.error()));
        intent.completed(failures);
        return failed;
    }

    private List<PoolOutcome.FailedChange> writeJournalled(List<PoolOutcome> pools, List<PoolWrite> writes) {
        if (!permission.confirm()) {
            return writes.stream().flatMap(w -> w.changes().stream())
                    .map(c -> new PoolOutcome.FailedChange(c, "not written: this replica does not lead")).toList();
        }
        LoadBalancerDevice device = devices.get(pools.get(0).pool().device());
        try {
            return batchWrites ? device.write(writes, permission) : ChangeWriter.oneByOne(device, writes, permission);
        }
        catch (RuntimeException e) {
            return writes.stream().flatMap(w -> w.changes().stream())
                    .map(c -> new PoolOutcome.FailedChange(c, e instanceof DeviceException ? e.getMessage()
                            : e.toString())).toList();
        }
    }

    private static PoolOutcome applied(PoolOutcome planned, Map<Change, String> failures) {
        List<Change> applied = new ArrayList<>();
        List<PoolOutcome.FailedChange> failed = new ArrayList<>();
        for (Change change : planned.plan().changes()) {
            String error = failures.get(change);
            if (error == null) {
                applied.add(change);
                log.info("Applied {}", change);
            }
            else {
                failed.add(new PoolOutcome.FailedChange(change, error));
                log.warn("Failed {}: {}", change, error);
            }
        }
        return new PoolOutcome(planned.pool(), planned.observed(), planned.plan(), applied, failed,
                planned.readError());
    }

    private static PoolOutcome unreadable(PoolKey pool, String error) {
        return new PoolOutcome(pool, List.of(), new PoolPlan(pool, List.of(), List.of()), List.of(), List.of(), error);
    }
}
