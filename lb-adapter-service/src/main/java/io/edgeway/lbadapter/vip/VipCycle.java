package io.edgeway.lbadapter.vip;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;
import io.edgeway.lbadapter.reconcile.MemberState;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.WritePermission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over the declared VIPs: reads every device's VIPs, plans with the {@link VipPlanner} device by device and,
 * unless a dry run, writes the plan. A device that cannot be read gets no plan at all (so nothing of it is deleted
 * because it was not seen), and a VIP whose declaration cannot be placed now ({@code unplaced}: no UP instance, say)
 * is left as it is rather than taken for removed. A removed VIP is drained first: its enabled members are drained, and
 * it is deleted once none is still enabled or draining with connections inside the grace period. Marked pools and
 * monitors left without their virtual server by a create or delete cut short are deleted unless their name is
 * declared (then the create adopts them).
 * Knows nothing of HTTP or Spring.
 */
public final class VipCycle {

    private static final Logger log = LoggerFactory.getLogger(VipCycle.class);

    private final Map<String, LoadBalancerDevice> devices;

    private final Duration drainGracePeriod;

    private final Clock clock;

    private final WritePermission permission;

    private final VipJournal journal;

    public VipCycle(Map<String, LoadBalancerDevice> devices, Duration drainGracePeriod, Clock clock,
            WritePermission permission, VipJournal journal) {
        this.devices = Map.copyOf(devices);
        this.drainGracePeriod = drainGracePeriod;
        this.clock = clock;
        this.permission = permission;
        this.journal = journal;
    }

    /** A cycle whose writes are recorded nowhere. */
    public VipCycle(Map<String, LoadBalancerDevice> devices, Duration drainGracePeriod, Clock clock,
            WritePermission permission) {
        this(devices, drainGracePeriod, clock, permission, VipJournal.NONE);
    }

    /** A pass for declarations of no known commit. */
    public VipReport run(Collection<DesiredVip> desired, Set<String> unplaced, Map<String, List<String>> partitions,
            boolean apply) {
        return run(desired, unplaced, partitions, null, apply);
    }

    /**
     * @param desired    the declared VIPs placed on their devices, with their members
     * @param unplaced   the names of declared VIPs that could not be placed now: their VIPs are not touched
     * @param partitions the partitions to read, by device (the declared VIPs' partitions are added)
     * @param commit     the config commit of the declarations, recorded with the drains and deletes it causes; or null
     * @param apply      false for a dry run
     */
    public VipReport run(Collection<DesiredVip> desired, Set<String> unplaced, Map<String, List<String>> partitions,
            String commit, boolean apply) {
        Instant started = clock.instant();
        Map<String, List<DesiredVip>> byDevice = new LinkedHashMap<>();
        devices.forEach((name, device) -> {
            if (device instanceof VipDevice) {
                byDevice.put(name, new ArrayList<>());
            }
        });
        List<VipReport.Outcome> outcomes = new ArrayList<>();
        for (DesiredVip vip : desired) {
            List<DesiredVip> list = byDevice.get(vip.key().device());
            if (list == null) {
                outcomes.add(new VipReport.Outcome(new VipChange.Refused(vip.key(), "device '" + vip.key().device()
                        + "' is not configured or cannot hold VIPs"), null));
            }
            else {
                list.add(vip);
            }
        }
        Map<String, String> readErrors = new LinkedHashMap<>();
        Map<PoolKey, List<DesiredMember>> pools = new LinkedHashMap<>();
        byDevice.forEach((name, declared) -> {
            VipDevice device = (VipDevice) devices.get(name);
            Set<String> toRead = new LinkedHashSet<>(partitions.getOrDefault(name, List.of()));
            declared.forEach(vip -> toRead.add(vip.key().partition()));
            List<ObservedVip> observed;
            List<VipKey> leftovers;
            try {
                observed = withActivity(device, device.vips(new ArrayList<>(toRead)), declared, unplaced);
                leftovers = device.leftovers(new ArrayList<>(toRead));
            }
            catch (DeviceException e) {
                log.warn("Cannot read the VIPs of {}: {}", name, e.getMessage());
                readErrors.put(name, e.getMessage());
                return;
            }
            Set<VipKey> present = new LinkedHashSet<>();
            observed.stream().filter(ObservedVip::owned).forEach(vip -> present.add(vip.key()));
            for (VipChange change : VipPlanner.plan(declared, observed)) {
                String error = apply && !(change instanceof VipChange.Refused)
                        ? write(device, change, commit, "no longer declared") : null;
                outcomes.add(new VipReport.Outcome(change, error));
                if (change instanceof VipChange.Create && error == null && apply) {
                    present.add(change.key());
                }
            }
            Set<String> declaredNames = new LinkedHashSet<>(unplaced);
            declared.forEach(vip -> declaredNames.add(vip.key().name()));
            for (VipKey leftover : leftovers) {
                // Left by a create or delete cut short; a declared name's create adopts its parts instead.
                if (!declaredNames.contains(leftover.name())) {
                    VipChange change = new VipChange.Delete(leftover);
                    outcomes.add(new VipReport.Outcome(change, apply ? write(device, change, commit,
                            "marked pool or monitor left without its virtual server by a create or delete cut short")
                            : null));
                }
            }
            for (DesiredVip vip : declared) {
                if (present.contains(vip.key())) {
                    pools.put(VipDevice.pool(vip.key()), vip.weightedMembers());
                }
            }
        });
        return new VipReport(started, apply, outcomes, readErrors, pools);
    }

    /**
     * The VIPs as read, without the adapter's own VIPs of declarations that cannot be placed now, and with the
     * active members counted for the adapter's VIPs that are no longer declared.
     */
    private List<ObservedVip> withActivity(VipDevice device, List<ObservedVip> observed, List<DesiredVip> declared,
            Set<String> unplaced) {
        Set<VipKey> declaredKeys = new LinkedHashSet<>();
        declared.forEach(vip -> declaredKeys.add(vip.key()));
        Set<String> declaredNames = new LinkedHashSet<>(unplaced);
        declared.forEach(vip -> declaredNames.add(vip.key().name()));
        List<ObservedVip> result = new ArrayList<>();
        Instant now = clock.instant();
        for (ObservedVip vip : observed) {
            if (!vip.owned() || declaredKeys.contains(vip.key())) {
                result.add(vip);
            }
            else if (!declaredNames.contains(vip.key().name())) {
                List<ObservedMember> members = device.members(VipDevice.pool(vip.key()));
                int active = (int) members.stream().filter(m -> active(m, now)).count();
                result.add(new ObservedVip(vip.key(), vip.spec(), true, active, vip.weighsMembers()));
            }
            // else: declared by a name that cannot be placed now, or moved to another device or partition: the old
            // one stays until the new one exists (next passes), never deleted on a guess.
        }
        return result;
    }

    private boolean active(ObservedMember member, Instant now) {
        if (member.state() == MemberState.ENABLED) {
            return true;
        }
        if (member.state() == MemberState.DRAINED || member.drainingSince() == null) {
            return false;
        }
        return member.connections() != 0 && member.drainingSince().plus(drainGracePeriod).isAfter(now);
    }

    /** Writes one change, each device write recorded in the journal; returns the error, or null when it was written. */
    private String write(VipDevice device, VipChange change, String commit, String whyRemoved) {
        try {
            permission.require(device.name());
            if (change instanceof VipChange.Create create) {
                journaled(new VipWrite(VipWrite.CREATE, create.key(), null, create.vip().commit(),
                        VipWrite.created(create.vip())), () -> device.createVip(create.vip()));
            }
            else if (change instanceof VipChange.Update update) {
                journaled(new VipWrite(VipWrite.UPDATE, update.key(), null, update.vip().commit(),
                        VipWrite.changed(update.fields(), update.current(), update.vip().spec())),
                        () -> device.updateVip(update.vip(), update.fields()));
            }
            else if (change instanceof VipChange.Drain drain) {
                PoolKey pool = VipDevice.pool(drain.key());
                int drained = 0;
                for (ObservedMember member : device.members(pool)) {
                    if (member.state() == MemberState.ENABLED) {
                        permission.require(device.name());
                        journaled(new VipWrite(VipWrite.DRAIN, drain.key(), member.address().toString(), commit,
                                whyRemoved + ": member drained before the VIP is deleted"),
                                () -> device.drainMember(pool, member.address(), drainGracePeriod));
                        drained++;
                    }
                }
                if (drained == 0) {
                    // Members still draining from an earlier pass: nothing new to say every drain check.
                    log.debug("VIP {} still draining", drain.key());
                    return null;
                }
            }
            else if (change instanceof VipChange.Delete delete) {
                journaled(new VipWrite(VipWrite.DELETE, delete.key(), null, commit,
                        whyRemoved + ": deleted with its pool and monitor"), () -> device.deleteVip(delete.key()));
            }
            log.info("Applied VIP change {}", change);
            return null;
        }
        catch (DeviceException | IllegalArgumentException e) {
            log.warn("Failed VIP change {}: {}", change, e.getMessage());
            return e.getMessage();
        }
    }

    /** Records the write, makes it, and records its outcome; a failure is rethrown after it is recorded. */
    private void journaled(VipWrite write, Runnable call) {
        VipJournal.Outcome outcome = journal.intend(write);
        try {
            call.run();
        }
        catch (DeviceException | IllegalArgumentException e) {
            outcome.completed(e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
        outcome.completed(null);
    }
}
