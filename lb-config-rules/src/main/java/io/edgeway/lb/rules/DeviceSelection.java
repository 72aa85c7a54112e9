package io.edgeway.lb.rules;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.edgeway.security.AddressRange;

/**
 * Picks the device a VIP lands on from its instances' addresses: the named device, which must reach every instance
 * through its member networks, or for {@code device: auto} the one device whose member networks hold all of them.
 */
public final class DeviceSelection {

    private DeviceSelection() {
    }

    /** The device chosen, or the reason none is. */
    public record Choice(String device, String refusal) {

        static Choice of(String device) {
            return new Choice(device, null);
        }

        static Choice refused(String why) {
            return new Choice(null, why);
        }

        public boolean chosen() {
            return device != null;
        }
    }

    /** The device for this VIP, whose application's UP instances have these addresses. */
    public static Choice select(VipDeclaration vip, Collection<String> instanceAddresses,
            Map<String, DeviceNetworks> devices) {
        String prefix = "VIP '" + vip.name() + "': ";
        if (instanceAddresses.isEmpty()) {
            return vip.autoDevice()
                    ? Choice.refused(prefix + "application '" + vip.application()
                            + "' has no UP instance, so no device can be chosen by network")
                    : Choice.of(vip.device());
        }
        Set<String> common = null;
        Set<String> reached = new LinkedHashSet<>();
        for (String address : instanceAddresses) {
            Set<String> reaching = reaching(address, devices);
            if (reaching.isEmpty()) {
                return Choice.refused(prefix + "instance " + address + " of '" + vip.application()
                        + "' is in the member networks of no device");
            }
            reached.addAll(reaching);
            if (common == null) {
                common = new LinkedHashSet<>(reaching);
            }
            else {
                common.retainAll(reaching);
            }
        }
        if (!vip.autoDevice()) {
            return common.contains(vip.device()) ? Choice.of(vip.device())
                    : Choice.refused(prefix + "device '" + vip.device() + "' does not reach every instance of '"
                            + vip.application() + "' through its member networks");
        }
        if (common.isEmpty()) {
            return Choice.refused(prefix + "the instances of '" + vip.application() + "' span devices " + reached
                    + ": no one device reaches them all");
        }
        if (common.size() > 1) {
            return Choice.refused(prefix + "devices " + common + " all reach the instances of '" + vip.application()
                    + "': name one with device:");
        }
        return Choice.of(common.iterator().next());
    }

    /**
     * The devices a VIP may land on as far as the declarations alone tell (no registry at hand, as in a pull-request
     * check): the device it names, or for {@code device: auto} every device whose VIP networks hold its address. The
     * adapter still chooses an auto VIP's device by its instances' addresses when it applies it.
     */
    public static List<String> byDeclaration(VipDeclaration vip, Map<String, DeviceNetworks> devices) {
        if (!vip.autoDevice()) {
            return List.of(vip.device());
        }
        Optional<InetAddress> address = AddressRange.literal(vip.address());
        if (address.isEmpty()) {
            return List.of();
        }
        List<String> holding = new ArrayList<>();
        devices.forEach((name, device) -> {
            for (String cidr : device.vipNetworks()) {
                try {
                    if (AddressRange.parse(cidr).contains(address.get())) {
                        holding.add(name);
                        break;
                    }
                }
                catch (IllegalArgumentException ex) {
                    // A bad network is VipRules' to report; it holds nothing here.
                }
            }
        });
        holding.sort(null);
        return holding;
    }

    /** The partition a VIP lands in on this device: its own, else the device's first, else the vendor's default. */
    public static String partition(VipDeclaration vip, DeviceNetworks device) {
        if (vip.partition() != null) {
            return vip.partition();
        }
        if (device != null && !device.partitions().isEmpty()) {
            return device.partitions().get(0);
        }
        return device != null && device.type() == Vendor.F5 ? "Common" : "default";
    }

    private static Set<String> reaching(String address, Map<String, DeviceNetworks> devices) {
        Set<String> reaching = new LinkedHashSet<>();
        Optional<InetAddress> literal = AddressRange.literal(address);
        if (literal.isEmpty()) {
            return reaching;
        }
        devices.forEach((name, device) -> {
            List<AddressRange> ranges = new ArrayList<>();
            device.memberNetworks().forEach(cidr -> ranges.add(AddressRange.parse(cidr)));
            if (ranges.stream().anyMatch(range -> range.contains(literal.get()))) {
                reaching.add(name);
            }
        });
        return reaching;
    }
}
