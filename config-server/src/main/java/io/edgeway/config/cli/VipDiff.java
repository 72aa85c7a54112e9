package io.edgeway.config.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.edgeway.lb.rules.DeviceNetworks;
import io.edgeway.lb.rules.DeviceSelection;
import io.edgeway.lb.rules.HealthCheck;
import io.edgeway.lb.rules.VipDeclaration;
import io.edgeway.lb.rules.VipSettings;

/**
 * The declared VIPs added, changed and removed between two revisions of one adapter view, each with the device and
 * partition it lands on. Offline there is no registry, so an {@code auto} VIP's device is the one whose VIP networks
 * hold its address (the adapter confirms it by the instances' member networks when it applies the commit); the lines
 * say which of the two a device is.
 */
final class VipDiff {

    private VipDiff() {
    }

    /** The lines ({@code + vip}, {@code ~ vip}, {@code - vip}) from {@code before} to {@code after}; empty when equal. */
    static List<String> lines(VipSettings before, VipSettings after) {
        Map<String, VipDeclaration> old = byName(before);
        Map<String, VipDeclaration> now = byName(after);
        Set<String> names = new TreeSet<>(old.keySet());
        names.addAll(now.keySet());
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            VipDeclaration o = old.get(name);
            VipDeclaration n = now.get(name);
            if (o == null) {
                lines.add("  + vip " + name + " " + describe(n) + " -> " + landing(n, after.devices()));
            }
            else if (n == null) {
                lines.add("  - vip " + name + " from " + landing(o, before.devices())
                        + ": members drained, then the VIP, its pool and monitor deleted");
            }
            else {
                List<String> changes = changes(o, n);
                String wasOn = place(o, before.devices());
                String isOn = place(n, after.devices());
                if (!wasOn.equals(isOn)) {
                    changes.add("lands on " + wasOn + " -> " + isOn);
                }
                if (!changes.isEmpty()) {
                    lines.add("  ~ vip " + name + " on " + landing(n, after.devices()) + ": "
                            + String.join(", ", changes));
                }
            }
        }
        return lines;
    }

    private static Map<String, VipDeclaration> byName(VipSettings settings) {
        Map<String, VipDeclaration> byName = new LinkedHashMap<>();
        settings.vips().forEach(vip -> byName.putIfAbsent(vip.name(), vip));
        return byName;
    }

    private static String describe(VipDeclaration vip) {
        return "(" + vip.address() + ":" + vip.port() + " " + word(vip.protocol()) + ", members "
                + vip.application() + (vip.memberPort() == null ? "" : ":" + vip.memberPort()) + ", health "
                + health(vip.health()) + ", persistence " + word(vip.persistence()) + ")";
    }

    private static List<String> changes(VipDeclaration o, VipDeclaration n) {
        Map<String, String[]> fields = new LinkedHashMap<>();
        fields.put("address", new String[] { o.address(), n.address() });
        fields.put("port", new String[] { str(o.port()), str(n.port()) });
        fields.put("protocol", new String[] { word(o.protocol()), word(n.protocol()) });
        fields.put("application", new String[] { o.application(), n.application() });
        fields.put("member-port", new String[] { str(o.memberPort()), str(n.memberPort()) });
        fields.put("health", new String[] { health(o.health()), health(n.health()) });
        fields.put("persistence", new String[] { word(o.persistence()), word(n.persistence()) });
        fields.put("partition", new String[] { str(o.partition()), str(n.partition()) });
        fields.put("device", new String[] { str(o.device()), str(n.device()) });
        List<String> changes = new ArrayList<>();
        fields.forEach((field, values) -> {
            if (!Objects.equals(values[0], values[1])) {
                changes.add(field + " " + show(values[0]) + " -> " + show(values[1]));
            }
        });
        return changes;
    }

    /** Where the VIP lands, and how that was decided. */
    private static String landing(VipDeclaration vip, Map<String, DeviceNetworks> devices) {
        List<String> candidates = DeviceSelection.byDeclaration(vip, devices);
        String place = place(vip, devices);
        if (!vip.autoDevice()) {
            return place + " (device declared)";
        }
        if (candidates.size() == 1) {
            return place + " (device auto: the only device whose vip-networks hold " + vip.address()
                    + "; the adapter confirms it by the instances' member networks)";
        }
        return place + " (device auto: decided by the instances' member networks when the adapter applies it;"
                + " offline, by vip-networks, it is " + (candidates.isEmpty() ? "no device" : "any of " + candidates)
                + ")";
    }

    /** {@code device/partition}, as far as the declarations tell. */
    private static String place(VipDeclaration vip, Map<String, DeviceNetworks> devices) {
        List<String> candidates = DeviceSelection.byDeclaration(vip, devices);
        if (candidates.size() != 1) {
            String partition = vip.partition() != null ? vip.partition() : "(the device's default partition)";
            return (candidates.isEmpty() ? "no device" : "one of " + String.join("|", candidates)) + "/" + partition;
        }
        String device = candidates.get(0);
        return device + "/" + DeviceSelection.partition(vip, devices.get(device));
    }

    private static String health(HealthCheck health) {
        if (health == null) {
            return "(device default)";
        }
        return "GET " + health.httpGet() + " every " + seconds(health.interval().toMillis()) + " timeout "
                + seconds(health.timeout().toMillis());
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static String word(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String str(Object value) {
        return value == null ? null : value.toString();
    }

    private static String show(String value) {
        return value == null ? "(none)" : value;
    }
}
