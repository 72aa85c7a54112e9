package io.edgeway.lbadapter.operator;

import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.edgeway.lbadapter.audit.AuditEntry;
import io.edgeway.lbadapter.audit.AuditLog;
import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.config.LoadBalancers;
import io.edgeway.lbadapter.leader.LeaderStatus;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.view.VipView;

import org.springframework.stereotype.Service;

/**
 * An operator drains or enables one pool member of a pool the adapter mirrors (one of its mappings): checked against
 * the device first (unknown device, pool or member is refused), audited as pending before the device call and
 * completed with its outcome after it, written through the member's driver, and shown in the VIP view at once. A
 * drain is also a hold: the reconcile loop leaves the member out of service until an operator enables it. Only the
 * leading replica acts, and it confirms that it still leads just before the device call, so that two replicas never
 * write to a device at once. Every refusal (no operator role, a pool not mirrored, not the leader, nothing such on the
 * device) is audited too.
 */
@Service
public class MemberActions {

    private final LoadBalancers loadBalancers;

    private final OperatorHoldStore holds;

    private final AuditLog audit;

    private final VipView view;

    private final LbAdapterProperties properties;

    private final Clock clock;

    private final LeaderStatus leader;

    private final Set<PoolKey> mapped;

    MemberActions(LoadBalancers loadBalancers, OperatorHoldStore holds, AuditLog audit, VipView view,
            LbAdapterProperties properties, Clock clock, LeaderStatus leader) {
        this.leader = leader;
        this.loadBalancers = loadBalancers;
        this.holds = holds;
        this.audit = audit;
        this.view = view;
        this.properties = properties;
        this.clock = clock;
        this.mapped = properties.mappings().stream().map(m -> new PoolKey(m.device(), m.partition(), m.pool()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** F5 {@code session: user-disabled}; NetScaler graceful disable with the drain grace period as its delay. */
    public void drain(PoolKey pool, MemberAddress member, String operator) {
        LoadBalancerDevice device = target("DRAIN", pool, member, operator);
        write(pool, member, operator, "DRAIN", "operator drain (held until an operator enables it)", () -> {
            // Held before the write, so that a cycle running meanwhile cannot re-enable the member.
            boolean newHold = holds.hold(pool, member, operator, clock.instant());
            try {
                leader.require(device.name());
                device.drainMember(pool, member, properties.reconcile().drainGracePeriod());
            }
            catch (RuntimeException e) {
                if (newHold) {
                    holds.release(pool, member);
                }
                throw e;
            }
        });
    }

    /** Enables the member and ends the operator's hold on it. */
    public void enable(PoolKey pool, MemberAddress member, String operator) {
        LoadBalancerDevice device = target("ENABLE", pool, member, operator);
        write(pool, member, operator, "ENABLE", "operator enable (ends the hold)", () -> {
            leader.require(device.name());
            device.enableMember(pool, member);
            holds.release(pool, member);
        });
    }

    /** Records an action refused before it reached this class (the caller lacks the operator role), and refuses it. */
    public ActionRefusedException refuse(String action, PoolKey pool, String member, String actor, String why) {
        refused(action, pool, member, actor, why);
        return new ActionRefusedException(why);
    }

    private LoadBalancerDevice target(String action, PoolKey pool, MemberAddress member, String operator) {
        LoadBalancerDevice device = loadBalancers.byName().get(pool.device());
        if (device == null) {
            String why = "no device named '" + pool.device() + "'; configured: " + loadBalancers.byName().keySet();
            refused(action, pool, member.toString(), operator, why);
            throw new UnknownTargetException(why);
        }
        if (!mapped.contains(pool)) {
            String why = pool + " is not a pool this adapter mirrors, so no member of it is drained or enabled here; "
                    + "mirrored: " + new TreeSet<>(mapped);
            refused(action, pool, member.toString(), operator, why);
            throw new ActionRefusedException(why);
        }
        if (!leader.confirm()) {
            NotLeaderException notLeader = new NotLeaderException(leader.replicaId());
            refused(action, pool, member.toString(), operator, notLeader.getMessage());
            throw notLeader;
        }
        try {
            if (device.members(pool).stream().noneMatch(m -> m.address().equals(member))) {
                String why = "no member " + member + " in " + pool;
                refused(action, pool, member.toString(), operator, why);
                throw new UnknownTargetException(why);
            }
        }
        catch (DeviceException e) {
            if (e.kind() == DeviceException.Kind.NOT_FOUND) {
                String why = "no pool " + pool + ": " + e.getMessage();
                refused(action, pool, member.toString(), operator, why);
                throw new UnknownTargetException(why);
            }
            throw e;
        }
        return device;
    }

    private void write(PoolKey pool, MemberAddress member, String operator, String action, String reason,
            Runnable change) {
        // The intent first: should the device call hang, or this replica die during it, the attempt is on record.
        long id = audit.record(new AuditEntry(null, clock.instant(), operator, pool.device(), pool.partition(),
                pool.pool(), member.toString(), action, reason, AuditEntry.PENDING, null, null));
        try {
            change.run();
            audit.complete(id, AuditEntry.OK, null, clock.instant());
        }
        catch (RuntimeException e) {
            audit.complete(id, AuditEntry.FAILED, e instanceof DeviceException ? e.getMessage() : e.toString(),
                    clock.instant());
            throw e;
        }
        finally {
            view.refresh(pool.device());
        }
    }

    private void refused(String action, PoolKey pool, String member, String actor, String why) {
        audit.record(new AuditEntry(null, clock.instant(), actor, pool.device(), pool.partition(), pool.pool(),
                member, action, "refused", AuditEntry.REFUSED, why, clock.instant()));
    }
}
