package io.edgeway.lb.rules;

import java.util.List;

/**
 * What the VIP rules need to know of one device (the rest of its settings are the adapter's).
 *
 * @param type           its vendor
 * @param memberNetworks the CIDRs of the members it reaches ({@code device: auto} picks by these)
 * @param vipNetworks    the CIDRs its virtual addresses may come from
 * @param partitions     its partitions; the first is a VIP's default
 */
public record DeviceNetworks(Vendor type, List<String> memberNetworks, List<String> vipNetworks,
        List<String> partitions) {

    public DeviceNetworks {
        memberNetworks = memberNetworks == null ? List.of() : List.copyOf(memberNetworks);
        vipNetworks = vipNetworks == null ? List.of() : List.copyOf(vipNetworks);
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }
}
