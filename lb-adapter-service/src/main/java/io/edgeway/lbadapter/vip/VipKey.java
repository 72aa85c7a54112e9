package io.edgeway.lbadapter.vip;

/**
 * Where a VIP lives: device, partition and the name of its virtual server (F5) or lbvserver (NetScaler).
 *
 * @param device    the device's configured name
 * @param partition its partition
 * @param name      its name on the device
 */
public record VipKey(String device, String partition, String name) {
}
