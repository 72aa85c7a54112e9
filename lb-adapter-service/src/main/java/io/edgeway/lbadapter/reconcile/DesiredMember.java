package io.edgeway.lbadapter.reconcile;

import java.util.Objects;

/**
 * A member that belongs in a pool because a registered instance is UP.
 *
 * @param address    where the member sends traffic
 * @param weight     its ratio (F5) or weight (NetScaler), 1 to 100
 * @param instanceId the registry's id of the instance, for plans and logs
 */
public record DesiredMember(MemberAddress address, int weight, String instanceId) {

    public DesiredMember {
        Objects.requireNonNull(address, "address");
        if (weight < 1 || weight > 100) {
            throw new IllegalArgumentException("weight must be 1 to 100, not " + weight);
        }
    }
}
