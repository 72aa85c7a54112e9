package io.edgeway.lbadapter.vip;

/**
 * A VIP as a driver read it from the device.
 *
 * @param key           where it lives
 * @param spec          its listener, persistence and monitor as the vendor-neutral model names them
 * @param owned         whether it carries the adapter's {@link OwnershipMark}: only then may the adapter change it
 * @param activeMembers its members still enabled (a removed VIP is deleted once this is zero)
 * @param weighsMembers whether its pool honours the members' ratios or weights (an F5 pool made before the adapter
 *                      used {@code ratio-member} does not: the plan updates its {@code balancing})
 */
public record ObservedVip(VipKey key, VipSpec spec, boolean owned, int activeMembers, boolean weighsMembers) {

    /** A VIP whose pool honours its members' weights. */
    public ObservedVip(VipKey key, VipSpec spec, boolean owned, int activeMembers) {
        this(key, spec, owned, activeMembers, true);
    }
}
