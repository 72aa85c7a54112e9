package io.edgeway.lbadapter.vip;

import java.util.List;
import java.util.Set;

import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;
import io.edgeway.lbadapter.reconcile.PoolKey;

/**
 * A load balancer whose VIPs the adapter creates, changes and deletes, in the same words for every vendor: a VIP is a
 * virtual server (F5) or lbvserver (NetScaler), its pool (F5) or service group (NetScaler), and its HTTP monitor, all
 * named after the VIP ({@link VipNames}) and marked with the {@link OwnershipMark}. Writes check the mark on the
 * device first: an object without it is never changed or deleted. Every method may throw
 * {@link io.edgeway.lbadapter.reconcile.DeviceException}; calls are retried as the device's other calls are.
 */
public interface VipDevice extends LoadBalancerDevice {

    /**
     * Every virtual server in these partitions: the adapter's own with their spec read back, hand-made ones with
     * their listener (and {@code owned} false). {@link ObservedVip#activeMembers()} is left 0: the members are read
     * through {@link #members(PoolKey)} where it matters.
     */
    List<ObservedVip> vips(List<String> partitions);

    /**
     * The VIPs of which only marked pools or monitors are left, without their marked virtual server (a create or a
     * delete cut short by a restart): {@link #deleteVip} removes what is left.
     */
    List<VipKey> leftovers(List<String> partitions);

    /**
     * Creates the monitor, the pool with these members ({@code ip:port}, enabled) and the virtual server; an object
     * that exists already with the mark (a create cut short by a restart) is brought to the spec instead.
     */
    void createVip(DesiredVip vip);

    /** Changes the named fields ({@link VipPlanner#differences}) of a VIP the adapter owns, in place where possible. */
    void updateVip(DesiredVip vip, Set<String> fields);

    /** Deletes an owned VIP with its pool and monitor; parts gone already count as deleted. */
    void deleteVip(VipKey key);

    /** The pool or service group of a VIP. */
    static PoolKey pool(VipKey key) {
        return new PoolKey(key.device(), key.partition(), VipNames.pool(key.name()));
    }
}
