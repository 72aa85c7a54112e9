package io.edgeway.lbadapter.operator;

import java.time.Clock;

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
 * An operator drains or enables one pool member: checked against the device first (unknown device, pool or member
 * is refused), written through the member's driver, audited under the operator's name, and shown in the VIP view at
 * once. A drain is also a hold: the reconcile loop leaves the member out of service until an operator enables it.
 * Only the leading replica acts, so that two replicas never write to a device at once.
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

    MemberActions(LoadBalancers loadBalancers, OperatorHoldStore holds, AuditLog audit, VipView view,
            LbAdapterProperties properties, Clock clock, LeaderStatus leader) {
        this.leader = leader;
        this.loadBalancers = loadBalancers;
        this.holds = holds;
        this.audit = audit;
        this.view = view;
        this.properties = properties;
        this.clock = clock;
    }

    /** F5 {@code session: user-disabled}; NetScaler graceful disable with the drain grace period as its delay. */
    public void drain(PoolKey pool, MemberAddress member, String operator) {
        LoadBalancerDevice device = existing(pool, member);
        // Held before the write, so that a cycle running meanwhile cannot re-enable the member.
        boolean newHold = holds.hold(pool, member, operator, clock.instant());
        write(pool, member, operator, "DRAIN", "operator drain (held until an operator enables it)", () -> {
            try {
                device.drainMember(pool, member, properties.reconcile().drainGracePeriod());
            }
            catch (DeviceException e) {
                if (newHold) {
                    holds.release(pool, member);
                }
                throw e;
            }
        });
    }

    /** Enables the member and ends the operator's hold on it. */
    public void enable(PoolKey pool, MemberAddress member, String operator) {
        LoadBalancerDevice device = existing(pool, member);
        write(pool, member, operator, "ENABLE", "operator enable (ends the hold)", () -> {
            device.enableMember(pool, member);
            holds.release(pool, member);
        });
    }

    private LoadBalancerDevice existing(PoolKey pool, MemberAddress member) {
        if (!leader.confirm()) {
            throw new NotLeaderException(leader.replicaId());
        }
        LoadBalancerDevice device = loadBalancers.byName().get(pool.device());
        if (device == null) {
            throw new UnknownTargetException("no device named '" + pool.device() + "'; configured: "
                    + loadBalancers.byName().keySet());
        }
        try {
            if (device.members(pool).stream().noneMatch(m -> m.address().equals(member))) {
                throw new UnknownTargetException("no member " + member + " in " + pool);
            }
        }
        catch (DeviceException e) {
            if (e.kind() == DeviceException.Kind.NOT_FOUND) {
                throw new UnknownTargetException("no pool " + pool + ": " + e.getMessage());
            }
            throw e;
        }
        return device;
    }

    private void write(PoolKey pool, MemberAddress member, String operator, String action, String reason,
            Runnable change) {
        try {
            change.run();
            audit.record(entry(pool, member, operator, action, reason, AuditEntry.OK, null));
        }
        catch (DeviceException e) {
            audit.record(entry(pool, member, operator, action, reason, AuditEntry.FAILED, e.getMessage()));
            throw e;
        }
        finally {
            view.refresh(pool.device());
        }
    }

    private AuditEntry entry(PoolKey pool, MemberAddress member, String operator, String action, String reason,
            String outcome, String error) {
        return new AuditEntry(null, clock.instant(), operator, pool.device(), pool.partition(), pool.pool(),
                member.toString(), action, reason, outcome, error);
    }
}
