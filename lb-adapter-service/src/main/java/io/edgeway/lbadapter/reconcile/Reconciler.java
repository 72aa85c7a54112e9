package io.edgeway.lbadapter.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Computes, for one pool, the changes that move what the device has towards what the registry wants: add what is
 * missing, re-enable (not re-add) a member that came back while draining, drain what is leaving, delete it once
 * drained, its connections are gone or its grace period is over. Pure: no I/O, no clock of its own.
 *
 * <p>Guards: no removal when the registry is unavailable or lists no instance for the pool (an empty registry is
 * far more often an outage than a real scale-to-zero); no drain before at least one wanted member serves; at most
 * {@link ReconcilePolicy#maxRemovalShare()} of the enabled members start draining per cycle.
 */
public final class Reconciler {

    private final ReconcilePolicy policy;

    public Reconciler(ReconcilePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public PoolPlan plan(PoolKey pool, Collection<DesiredMember> desired, Collection<ObservedMember> observed,
            boolean registryAvailable, Instant now) {
        Map<MemberAddress, DesiredMember> wanted = new LinkedHashMap<>();
        desired.stream().sorted(Comparator.comparing(DesiredMember::address))
                .forEach(d -> wanted.putIfAbsent(d.address(), d));
        Map<MemberAddress, ObservedMember> present = new LinkedHashMap<>();
        observed.stream().sorted(Comparator.comparing(ObservedMember::address))
                .forEach(o -> present.putIfAbsent(o.address(), o));

        List<Change> changes = new ArrayList<>();
        List<Hold> holds = new ArrayList<>();
        for (DesiredMember member : wanted.values()) {
            ObservedMember current = present.get(member.address());
            if (member.weight() == 0) {
                weightZero(pool, member, current, changes);
            }
            else if (current == null) {
                changes.add(new Change(pool, Change.Action.ADD, member.address(), member.weight(),
                        "instance " + member.instanceId() + " is UP"));
            }
            else {
                if (current.state() != MemberState.ENABLED) {
                    changes.add(new Change(pool, Change.Action.ENABLE, member.address(), member.weight(),
                            "instance " + member.instanceId() + " is UP again while the member is "
                                    + current.state().name().toLowerCase()));
                }
                if (current.weight() != member.weight()) {
                    changes.add(new Change(pool, Change.Action.WEIGHT, member.address(), member.weight(),
                            "weight " + current.weight() + " -> " + member.weight() + weightReason(member)));
                }
            }
        }

        List<ObservedMember> leaving = present.values().stream().filter(o -> !wanted.containsKey(o.address()))
                .toList();
        if (leaving.isEmpty()) {
            return new PoolPlan(pool, changes, holds);
        }
        if (!registryAvailable) {
            holds.add(new Hold(pool, leaving.size(), "registry unavailable: no member is removed until it answers"));
            return new PoolPlan(pool, changes, holds);
        }
        if (wanted.isEmpty()) {
            holds.add(new Hold(pool, leaving.size(),
                    "registry lists no UP instance for this pool: a pool is never emptied"));
            return new PoolPlan(pool, changes, holds);
        }

        List<ObservedMember> toDrain = new ArrayList<>();
        for (ObservedMember member : leaving) {
            switch (member.state()) {
                case ENABLED -> toDrain.add(member);
                case DRAINED -> changes.add(delete(pool, member, "drained"));
                case DRAINING -> drainingStep(pool, member, now, changes);
            }
        }
        addDrains(pool, present.values(), wanted, toDrain, changes, holds);
        changes.sort(Comparator.comparing(Change::action));
        return new PoolPlan(pool, changes, holds);
    }

    /**
     * A member its split gives no traffic (weight 0): added (with ratio 1, the device's smallest) and drained, or
     * drained if it serves; a member already draining or drained is left so.
     */
    private static void weightZero(PoolKey pool, DesiredMember member, ObservedMember current, List<Change> changes) {
        String reason = "weight 0" + weightReason(member);
        if (current == null) {
            changes.add(new Change(pool, Change.Action.ADD, member.address(), 1, "instance " + member.instanceId()
                    + " is UP"));
            changes.add(new Change(pool, Change.Action.DRAIN, member.address(), 1, reason));
        }
        else if (current.state() == MemberState.ENABLED) {
            changes.add(new Change(pool, Change.Action.DRAIN, member.address(), current.weight(), reason));
        }
    }

    private static String weightReason(DesiredMember member) {
        return member.weightReason() == null ? "" : " (" + member.weightReason() + ")";
    }

    private void drainingStep(PoolKey pool, ObservedMember member, Instant now, List<Change> changes) {
        if (member.connections() == 0) {
            changes.add(delete(pool, member, "drained: no connections left"));
        }
        else if (member.drainingSince() == null) {
            // Disabled on the device without our start mark (by hand, or by a write that was cut off): drain it
            // again, which records the start, so that the grace period has a beginning.
            changes.add(new Change(pool, Change.Action.DRAIN, member.address(), member.weight(),
                    "draining without a recorded start"));
        }
        else {
            Duration drained = Duration.between(member.drainingSince(), now);
            if (drained.compareTo(policy.drainGracePeriod()) >= 0) {
                changes.add(delete(pool, member, "grace period of " + policy.drainGracePeriod().toSeconds()
                        + " s is over"));
            }
        }
    }

    private void addDrains(PoolKey pool, Collection<ObservedMember> present, Map<MemberAddress, DesiredMember> wanted,
            List<ObservedMember> toDrain, List<Change> changes, List<Hold> holds) {
        if (toDrain.isEmpty()) {
            return;
        }
        long staying = present.stream()
                .filter(o -> o.state() == MemberState.ENABLED && wanted.containsKey(o.address())).count();
        if (staying == 0) {
            holds.add(new Hold(pool, toDrain.size(),
                    "no wanted member serves yet: leaving members drain once the new ones are in"));
            return;
        }
        long enabled = present.stream().filter(o -> o.state() == MemberState.ENABLED).count();
        int allowed = (int) Math.max(1, Math.floor(policy.maxRemovalShare() * enabled));
        for (int i = 0; i < toDrain.size(); i++) {
            ObservedMember member = toDrain.get(i);
            if (i < allowed) {
                changes.add(new Change(pool, Change.Action.DRAIN, member.address(), member.weight(),
                        "no UP instance at this address"));
            }
        }
        if (toDrain.size() > allowed) {
            holds.add(new Hold(pool, toDrain.size() - allowed, "at most " + allowed + " of " + enabled
                    + " enabled members start draining per cycle"));
        }
    }

    private static Change delete(PoolKey pool, ObservedMember member, String reason) {
        return new Change(pool, Change.Action.DELETE, member.address(), member.weight(), reason);
    }
}
