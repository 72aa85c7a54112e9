package io.edgeway.lbadapter.vip;

import io.edgeway.lb.rules.HealthCheck;
import io.edgeway.lb.rules.Persistence;
import io.edgeway.lb.rules.VipProtocol;

/**
 * What a VIP is, in the same words for both vendors: what the drivers write, and what they read back from a VIP the
 * adapter owns, so that the two compare field by field.
 *
 * @param address     the virtual address
 * @param port        the virtual port
 * @param protocol    tcp, http or https (passthrough)
 * @param persistence none, source-ip or cookie
 * @param health      the members' monitor, or null for the device's default
 */
public record VipSpec(String address, int port, VipProtocol protocol, Persistence persistence, HealthCheck health) {
}
