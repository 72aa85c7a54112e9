package io.edgeway.lbadapter.reconcile;

import java.util.Objects;

/**
 * A member that belongs in a pool because a registered instance is UP.
 *
 * @param address    where the member sends traffic
 * @param weight     its ratio (F5) or weight (NetScaler), 1 to 100; 0 keeps it in the pool but drained (a canary
 *                   split that gives its version no traffic)
 * @param instanceId the registry's id of the instance, for plans and logs
 * @param weightReason where the weight comes from when not from the instance itself (a canary split), for plans and
 *                   logs; null otherwise
 */
public record DesiredMember(MemberAddress address, int weight, String instanceId, String weightReason) {

    /** A member whose weight is its instance's own. */
    public DesiredMember(MemberAddress address, int weight, String instanceId) {
        this(address, weight, instanceId, null);
    }

    public DesiredMember {
        Objects.requireNonNull(address, "address");
        if (weight < 0 || weight > 100) {
            throw new IllegalArgumentException("weight must be 0 to 100, not " + weight);
        }
    }
}
