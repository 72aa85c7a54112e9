package io.edgeway.lbadapter.reconcile;

import java.time.Instant;
import java.util.Objects;

/**
 * A member as the device reports it.
 *
 * @param address       where the member sends traffic
 * @param state         enabled, draining or drained
 * @param drainingSince when its drain started, as recorded on the device; null when unknown or not draining
 * @param connections   its active connections, or {@link #UNKNOWN_CONNECTIONS} when the device did not say
 * @param weight        its ratio or weight
 */
public record ObservedMember(MemberAddress address, MemberState state, Instant drainingSince, int connections,
        int weight) {

    public static final int UNKNOWN_CONNECTIONS = -1;

    public ObservedMember {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(state, "state");
    }

    public static ObservedMember enabled(MemberAddress address) {
        return new ObservedMember(address, MemberState.ENABLED, null, UNKNOWN_CONNECTIONS, 1);
    }
}
