package io.edgeway.lb.rules;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.edgeway.security.AddressRange;

/**
 * The rules every set of VIP declarations must pass before anything is written, judged from the declarations and
 * the devices alone (the registry's instances are {@link DeviceSelection}'s business). The config server checks each
 * commit with them, the adapter again when it binds its settings. Each problem names the key it is about.
 */
public final class VipRules {

    // Both vendors take letters, digits, '_', '-' and '.' in object names; the adapter adds its suffixes to this.
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,62}");

    private VipRules() {
    }

    /** Problems of the declarations on these devices (by name); empty when they may be applied. */
    public static List<String> check(List<VipDeclaration> vips, Map<String, DeviceNetworks> devices) {
        List<String> problems = new ArrayList<>();
        Map<String, List<AddressRange>> vipNetworks = new LinkedHashMap<>();
        devices.forEach((name, device) -> {
            vipNetworks.put(name, ranges(device.vipNetworks(), VipSettings.PREFIX + ".devices." + name + ".vip-networks",
                    problems));
            ranges(device.memberNetworks(), VipSettings.PREFIX + ".devices." + name + ".member-networks", problems);
        });
        Set<String> names = new HashSet<>();
        Map<String, String> listeners = new LinkedHashMap<>();
        for (int i = 0; i < vips.size(); i++) {
            VipDeclaration vip = vips.get(i);
            String key = VipSettings.PREFIX + ".vips[" + i + "].";
            checkFields(vip, key, problems);
            if (vip.name() != null && !names.add(vip.name())) {
                problems.add(key + "name: VIP '" + vip.name() + "' is declared twice");
            }
            Optional<InetAddress> address = AddressRange.literal(vip.address());
            if (address.isEmpty()) {
                continue;
            }
            List<String> targets = targets(vip, address.get(), key, devices, vipNetworks, problems);
            for (String device : targets) {
                checkVendor(vip, devices.get(device).type(), device, key, problems);
                if (vip.port() != null) {
                    String listener = address.get().getHostAddress() + ":" + vip.port();
                    String other = listeners.putIfAbsent(device + " " + listener, vip.name());
                    if (other != null) {
                        problems.add(key + "address: " + listener + " of VIP '" + vip.name()
                                + "' is already taken on device '" + device + "' by VIP '" + other + "'");
                    }
                }
            }
        }
        return problems;
    }

    private static void checkFields(VipDeclaration vip, String key, List<String> problems) {
        if (vip.name() == null || !NAME.matcher(vip.name()).matches()) {
            problems.add(key + "name: '" + vip.name() + "' must start with a letter and hold at most 63 letters,"
                    + " digits, '_', '-' or '.'");
        }
        if (AddressRange.literal(vip.address()).isEmpty()) {
            problems.add(key + "address: '" + vip.address() + "' is not an IP address");
        }
        if (vip.port() == null || vip.port() < 1 || vip.port() > 65535) {
            problems.add(key + "port: must be between 1 and 65535, not " + vip.port());
        }
        if (vip.memberPort() != null && (vip.memberPort() < 1 || vip.memberPort() > 65535)) {
            problems.add(key + "member-port: must be between 1 and 65535, not " + vip.memberPort());
        }
        if (vip.application() == null || vip.application().isBlank()) {
            problems.add(key + "application: is required (the Eureka application whose instances are the members)");
        }
        HealthCheck health = vip.health();
        if (health != null) {
            if (health.httpGet() == null || !health.httpGet().startsWith("/")) {
                problems.add(key + "health.http-get: must be a path starting with '/', not '" + health.httpGet() + "'");
            }
            if (health.interval().toMillis() < 1000) {
                problems.add(key + "health.interval: must be at least 1s, not " + health.interval());
            }
            if (health.timeout().toMillis() < 1000) {
                problems.add(key + "health.timeout: must be at least 1s, not " + health.timeout());
            }
        }
        if (vip.persistence() == Persistence.COOKIE && vip.protocol() != VipProtocol.HTTP) {
            problems.add(key + "persistence: cookie needs protocol http; a " + vip.protocol().name().toLowerCase()
                    + " VIP never sees the HTTP headers (https is passed through, the adapter holds no certificates)");
        }
    }

    /** The devices the VIP may land on: the one it names, or for auto every device whose VIP networks hold it. */
    private static List<String> targets(VipDeclaration vip, InetAddress address, String key,
            Map<String, DeviceNetworks> devices, Map<String, List<AddressRange>> vipNetworks, List<String> problems) {
        if (!vip.autoDevice()) {
            if (!devices.containsKey(vip.device())) {
                problems.add(key + "device: '" + vip.device() + "' is not among " + VipSettings.PREFIX + ".devices "
                        + devices.keySet() + " (or auto)");
                return List.of();
            }
            if (vipNetworks.get(vip.device()).stream().noneMatch(range -> range.contains(address))) {
                problems.add(key + "address: " + vip.address() + " is outside the vip-networks of device '"
                        + vip.device() + "' " + devices.get(vip.device()).vipNetworks());
            }
            return List.of(vip.device());
        }
        List<String> targets = vipNetworks.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(range -> range.contains(address))).map(Map.Entry::getKey)
                .toList();
        if (targets.isEmpty()) {
            problems.add(key + "address: " + vip.address() + " is outside the vip-networks of every device "
                    + devices.keySet());
        }
        return targets;
    }

    private static void checkVendor(VipDeclaration vip, Vendor vendor, String device, String key,
            List<String> problems) {
        HealthCheck health = vip.health();
        // NITRO refuses an lbmonitor whose resptimeout is not below its interval; F5's timeout is derived from the
        // interval (3 x interval + 1), so it has no such limit.
        if (vendor == Vendor.NETSCALER && health != null && health.timeout().compareTo(health.interval()) >= 0) {
            problems.add(key + "health.timeout: " + health.timeout() + " must be less than the interval "
                    + health.interval() + " on NetScaler device '" + device + "'");
        }
    }

    private static List<AddressRange> ranges(List<String> cidrs, String key, List<String> problems) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String cidr : cidrs) {
            try {
                ranges.add(AddressRange.parse(cidr));
            }
            catch (IllegalArgumentException ex) {
                problems.add(key + ": " + ex.getMessage());
            }
        }
        return ranges;
    }
}
