package io.edgeway.lbadapter.vip;

/**
 * A VIP as a driver read it from the device.
 *
 * @param key           where it lives
 * @param spec          its listener, persistence and monitor as the vendor-neutral model names them
 * @param owned         whether it carries the adapter's {@link OwnershipMark}: only then may the adapter change it
 * @param activeMembers its members still enabled (a removed VIP is deleted once this is zero)
 */
public record ObservedVip(VipKey key, VipSpec spec, boolean owned, int activeMembers) {
}
