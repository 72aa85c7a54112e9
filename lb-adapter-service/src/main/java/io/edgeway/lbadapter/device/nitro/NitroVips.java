package io.edgeway.lbadapter.device.nitro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.lb.rules.HealthCheck;
import io.edgeway.lb.rules.Persistence;
import io.edgeway.lb.rules.VipProtocol;
import io.edgeway.lbadapter.device.PathSegments;
import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.vip.DesiredVip;
import io.edgeway.lbadapter.vip.ObservedVip;
import io.edgeway.lbadapter.vip.OwnershipMark;
import io.edgeway.lbadapter.vip.VipDevice;
import io.edgeway.lbadapter.vip.VipKey;
import io.edgeway.lbadapter.vip.VipNames;
import io.edgeway.lbadapter.vip.VipSpec;
import tools.jackson.databind.JsonNode;

/**
 * The VIP calls of {@link NitroDevice}: an lbvserver, its service group and its HTTP lbmonitor, each with the
 * ownership mark in its {@code comment}, in a session switched to the VIP's partition. An lbvserver's port and type
 * cannot change (errorcode 257): a new port deletes and re-adds the lbvserver, a new protocol the whole VIP.
 */
final class NitroVips {

    private static final String CONFIG = "/nitro/v1/config/";

    private final NitroDevice device;

    NitroVips(NitroDevice device) {
        this.device = device;
    }

    List<ObservedVip> vips(List<String> partitions) {
        List<ObservedVip> all = new ArrayList<>();
        for (String partition : partitions.isEmpty() ? List.of("default") : partitions) {
            Map<String, JsonNode> monitors = new HashMap<>();
            for (JsonNode monitor : device.call(partition, "GET", CONFIG + "lbmonitor", null).path("lbmonitor")) {
                monitors.put(monitor.path("monitorname").asString(""), monitor);
            }
            for (JsonNode item : device.call(partition, "GET", CONFIG + "lbvserver", null).path("lbvserver")) {
                all.add(observed(partition, item, monitors));
            }
        }
        return all;
    }

    List<VipKey> leftovers(List<String> partitions) {
        List<VipKey> left = new ArrayList<>();
        for (String partition : partitions.isEmpty() ? List.of("default") : partitions) {
            Set<String> vservers = new java.util.HashSet<>();
            for (JsonNode item : device.call(partition, "GET", CONFIG + "lbvserver", null).path("lbvserver")) {
                String name = OwnershipMark.nameOf(item.path("comment").asString(null));
                if (name != null) {
                    vservers.add(name);
                }
            }
            Set<VipKey> found = new java.util.LinkedHashSet<>();
            for (String type : List.of("servicegroup", "lbmonitor")) {
                for (JsonNode item : device.call(partition, "GET", CONFIG + type, null).path(type)) {
                    String name = OwnershipMark.nameOf(item.path("comment").asString(null));
                    if (name != null && !vservers.contains(name)) {
                        found.add(new VipKey(device.name(), partition, name));
                    }
                }
            }
            left.addAll(found);
        }
        return left;
    }

    void create(DesiredVip vip) {
        VipKey key = vip.key();
        String partition = key.partition();
        String group = VipNames.pool(key.name());
        if (vip.spec().health() != null) {
            createOrAdopt(partition, "lbmonitor", "monitorname", VipNames.monitor(key.name()), monitorBody(vip));
        }
        createOrAdopt(partition, "servicegroup", "servicegroupname", group, Map.of("servicetype",
                serviceType(vip.spec().protocol()), "comment", OwnershipMark.of(key.name())), Map.of());
        for (String member : vip.members()) {
            device.addMember(VipDevice.pool(key), new DesiredMember(MemberAddress.parse(member), 1, null));
        }
        if (vip.spec().health() != null) {
            bindIgnoringExisting(partition, "servicegroup_lbmonitor_binding",
                    Map.of("servicegroupname", group, "monitor_name", VipNames.monitor(key.name())));
        }
        createOrAdopt(partition, "lbvserver", "name", key.name(), vserverBody(vip, true), vserverBody(vip, false));
        bindIgnoringExisting(partition, "lbvserver_servicegroup_binding",
                Map.of("name", key.name(), "servicegroupname", group));
    }

    void update(DesiredVip vip, Set<String> fields) {
        VipKey key = vip.key();
        String partition = key.partition();
        requireOwned(partition, "lbvserver", key.name());
        if (fields.contains("protocol")) {
            // The service group's type is fixed too: the VIP is built again (its members are added back at once).
            delete(key);
            create(vip);
            return;
        }
        if (fields.contains("health")) {
            String group = VipNames.pool(key.name());
            String monitor = VipNames.monitor(key.name());
            if (vip.spec().health() == null) {
                deleteIfOwned(partition, "lbmonitor", monitor, "?args=type:HTTP");
            }
            else {
                createOrAdopt(partition, "lbmonitor", "monitorname", monitor, monitorBody(vip));
                bindIgnoringExisting(partition, "servicegroup_lbmonitor_binding",
                        Map.of("servicegroupname", group, "monitor_name", monitor));
            }
        }
        if (fields.contains("port")) {
            deleteGone(partition, CONFIG + "lbvserver/" + PathSegments.encodeTwice(key.name()));
            createOrAdopt(partition, "lbvserver", "name", key.name(), vserverBody(vip, true), vserverBody(vip, false));
            bindIgnoringExisting(partition, "lbvserver_servicegroup_binding",
                    Map.of("name", key.name(), "servicegroupname", VipNames.pool(key.name())));
        }
        else {
            // Also for a monitor-only change: the comment names the commit that changed the VIP last.
            Map<String, Object> body = new LinkedHashMap<>(vserverBody(vip, false));
            body.put("name", key.name());
            device.call(partition, "PUT", CONFIG + "lbvserver", Map.of("lbvserver", body));
        }
    }

    void delete(VipKey key) {
        String partition = key.partition();
        String vserver = CONFIG + "lbvserver/" + PathSegments.encodeTwice(key.name());
        JsonNode current = read(partition, vserver, "lbvserver");
        if (current != null) {
            requireMark(current, vserver);
            deleteGone(partition, vserver);
        }
        deleteIfOwned(partition, "servicegroup", VipNames.pool(key.name()), "");
        deleteIfOwned(partition, "lbmonitor", VipNames.monitor(key.name()), "?args=type:HTTP");
    }

    private ObservedVip observed(String partition, JsonNode item, Map<String, JsonNode> monitors) {
        String name = item.path("name").asString("");
        VipKey key = new VipKey(device.name(), partition, name);
        String address = item.path("ipv46").asString("");
        int port = item.path("port").asInt(0);
        if (!OwnershipMark.isOwned(item.path("comment").asString(null))) {
            return new ObservedVip(key, new VipSpec(address, port, VipProtocol.TCP, Persistence.NONE, null), false, 0);
        }
        VipProtocol protocol = switch (item.path("servicetype").asString("")) {
            case "HTTP" -> VipProtocol.HTTP;
            case "SSL_BRIDGE" -> VipProtocol.HTTPS;
            default -> VipProtocol.TCP;
        };
        Persistence persistence = switch (item.path("persistencetype").asString("")) {
            case "SOURCEIP" -> Persistence.SOURCE_IP;
            case "COOKIEINSERT" -> Persistence.COOKIE;
            default -> Persistence.NONE;
        };
        HealthCheck health = null;
        JsonNode monitor = monitors.get(VipNames.monitor(name));
        if (monitor != null && OwnershipMark.isOwned(monitor.path("comment").asString(null))) {
            String request = monitor.path("httprequest").asString("");
            String path = request.startsWith("GET ") ? request.substring(4).split(" ", 2)[0] : "/";
            health = new HealthCheck(path, Duration.ofSeconds(monitor.path("interval").asLong(5)),
                    Duration.ofSeconds(monitor.path("resptimeout").asLong(2)));
        }
        return new ObservedVip(key, new VipSpec(address, port, protocol, persistence, health), true, 0);
    }

    private static Map<String, Object> monitorBody(DesiredVip vip) {
        HealthCheck health = vip.spec().health();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "HTTP");
        body.put("httprequest", "GET " + health.httpGet());
        body.put("interval", Math.max(1, health.interval().toSeconds()));
        body.put("resptimeout", Math.max(1, health.timeout().toSeconds()));
        body.put("comment", OwnershipMark.of(vip.key().name()));
        return body;
    }

    /** For an add (with the fixed port and type) or for a {@code set} (without them). */
    private static Map<String, Object> vserverBody(DesiredVip vip, boolean add) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ipv46", vip.spec().address());
        if (add) {
            body.put("port", vip.spec().port());
            body.put("servicetype", serviceType(vip.spec().protocol()));
        }
        body.put("persistencetype", switch (vip.spec().persistence()) {
            case NONE -> "NONE";
            case SOURCE_IP -> "SOURCEIP";
            case COOKIE -> "COOKIEINSERT";
        });
        body.put("lbmethod", "ROUNDROBIN");
        body.put("comment", OwnershipMark.of(vip.key().name(), vip.commit()));
        return body;
    }

    private static String serviceType(VipProtocol protocol) {
        return switch (protocol) {
            case TCP -> "TCP";
            case HTTP -> "HTTP";
            case HTTPS -> "SSL_BRIDGE";
        };
    }

    private void createOrAdopt(String partition, String type, String nameField, String name, Map<String, Object> body) {
        createOrAdopt(partition, type, nameField, name, body, body);
    }

    /**
     * Adds the object; if it exists with the mark, sets it to {@code adopted} (nothing to set when empty: a service
     * group's type is fixed, and its mark is there already); without the mark, refuses.
     */
    private void createOrAdopt(String partition, String type, String nameField, String name, Map<String, Object> body,
            Map<String, Object> adopted) {
        Map<String, Object> add = new LinkedHashMap<>();
        add.put(nameField, name);
        add.putAll(body);
        try {
            device.call(partition, "POST", CONFIG + type, Map.of(type, add));
        }
        catch (DeviceException e) {
            if (e.kind() != DeviceException.Kind.CONFLICT) {
                throw e;
            }
            requireOwned(partition, type, name);
            if (adopted.isEmpty()) {
                return;
            }
            Map<String, Object> set = new LinkedHashMap<>(adopted);
            set.put(nameField, name);
            device.call(partition, "PUT", CONFIG + type, Map.of(type, set));
        }
    }

    private void bindIgnoringExisting(String partition, String type, Map<String, Object> binding) {
        device.calls().retriedIgnoring(DeviceException.Kind.CONFLICT,
                () -> device.attempt(partition, "POST", CONFIG + type, Map.of(type, binding)));
    }

    private void requireOwned(String partition, String type, String name) {
        String path = CONFIG + type + "/" + PathSegments.encodeTwice(name);
        JsonNode current = read(partition, path, type);
        if (current == null) {
            throw new DeviceException(device.name(), DeviceException.Kind.NOT_FOUND, path + " is gone");
        }
        requireMark(current, path);
    }

    private void requireMark(JsonNode current, String path) {
        if (!OwnershipMark.isOwned(current.path("comment").asString(null))) {
            throw new DeviceException(device.name(), DeviceException.Kind.REJECTED, path + " has no '"
                    + OwnershipMark.PREFIX + "' mark in its comment: made by hand, not touched");
        }
    }

    private void deleteIfOwned(String partition, String type, String name, String args) {
        String path = CONFIG + type + "/" + PathSegments.encodeTwice(name);
        JsonNode current = read(partition, path, type);
        if (current != null && OwnershipMark.isOwned(current.path("comment").asString(null))) {
            deleteGone(partition, path + args);
        }
    }

    private void deleteGone(String partition, String path) {
        device.calls().retriedIgnoring(DeviceException.Kind.NOT_FOUND,
                () -> device.attempt(partition, "DELETE", path, null));
    }

    /** The one object of {@code type} at {@code path}, or null when it does not exist. */
    private JsonNode read(String partition, String path, String type) {
        try {
            JsonNode items = device.call(partition, "GET", path, null).path(type);
            return items.isArray() ? items.path(0) : items;
        }
        catch (DeviceException e) {
            if (e.kind() == DeviceException.Kind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }
}
