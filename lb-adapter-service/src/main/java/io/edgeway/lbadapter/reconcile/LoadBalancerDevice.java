package io.edgeway.lbadapter.reconcile;

import java.time.Duration;
import java.util.List;

/**
 * One load balancer, as the reconciler needs it. Writes are idempotent: adding a member that exists, or deleting one
 * that is gone, succeeds. Every method may throw {@link DeviceException}.
 */
public interface LoadBalancerDevice {

    /** The device's configured name, the {@code device} of its {@link PoolKey}s. */
    String name();

    /** The members of a pool, read from the device now. */
    List<ObservedMember> members(PoolKey pool);

    /** Adds an enabled member. */
    void addMember(PoolKey pool, DesiredMember member);

    /** Stops sending new clients to a member and records when; the device ends it after {@code gracePeriod} at most. */
    void drainMember(PoolKey pool, MemberAddress member, Duration gracePeriod);

    /** Sends new clients to a member again. */
    void enableMember(PoolKey pool, MemberAddress member);

    /** Sets a member's ratio (F5) or weight (NetScaler), 1 to 100. */
    void setWeight(PoolKey pool, MemberAddress member, int weight);

    /** Removes a member from its pool. */
    void deleteMember(PoolKey pool, MemberAddress member);

    /**
     * Writes the changes of several pools of one partition in as few calls as the device allows (an F5 transaction,
     * NITRO bulk calls); returns the changes that failed. A failure of one change never loses the others.
     * {@code permission} is asked before each call that changes the device; once refused, nothing more is sent and
     * the changes not yet written fail.
     */
    List<PoolOutcome.FailedChange> write(List<PoolWrite> writes, WritePermission permission);

    /** Every virtual server in the given partitions (all partitions the credentials see when empty). */
    List<VirtualServer> virtualServers(List<String> partitions);
}
