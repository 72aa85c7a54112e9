package io.edgeway.lbadapter.device.f5;

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
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.vip.DesiredVip;
import io.edgeway.lbadapter.vip.ObservedVip;
import io.edgeway.lbadapter.vip.OwnershipMark;
import io.edgeway.lbadapter.vip.VipKey;
import io.edgeway.lbadapter.vip.VipNames;
import io.edgeway.lbadapter.vip.VipSpec;
import tools.jackson.databind.JsonNode;

/**
 * The VIP calls of {@link F5Device}: a virtual server, its pool and its HTTP monitor, each with the ownership mark in
 * its {@code description}. F5 has no field for two things of the vendor-neutral model, so the mark carries them: the
 * virtual's protocol ({@code protocol=https}; every protocol is an {@code ipProtocol: tcp} virtual, since the adapter
 * attaches no HTTP or TLS profile) and the monitor's probe timeout ({@code timeout=2}; F5's own {@code timeout} is how
 * long a member may stay silent, set to 3 x interval + 1 as F5 recommends).
 */
final class F5Vips {

    private static final String VIRTUALS = "/mgmt/tm/ltm/virtual";

    private static final String POOLS = "/mgmt/tm/ltm/pool";

    private static final String MONITORS = "/mgmt/tm/ltm/monitor/http";

    /** The pool mode that weighs members by their {@code ratio}: the gateway's canary split needs it. */
    private static final String RATIO_MEMBER = "ratio-member";

    private final F5Device device;

    F5Vips(F5Device device) {
        this.device = device;
    }

    List<ObservedVip> vips(List<String> partitions) {
        List<ObservedVip> all = new ArrayList<>();
        List<String> queries = partitions.isEmpty() ? List.of("")
                : partitions.stream().map(p -> "?$filter=partition+eq+" + PathSegments.encode(p)).toList();
        for (String query : queries) {
            Map<String, JsonNode> pools = byFullPath(device.call("GET", POOLS + query, null));
            Map<String, JsonNode> monitors = byFullPath(device.call("GET", MONITORS + query, null));
            for (JsonNode item : device.call("GET", VIRTUALS + query, null).path("items")) {
                all.add(observed(item, pools, monitors));
            }
        }
        return all;
    }

    List<VipKey> leftovers(List<String> partitions) {
        List<VipKey> left = new ArrayList<>();
        List<String> queries = partitions.isEmpty() ? List.of("")
                : partitions.stream().map(p -> "?$filter=partition+eq+" + PathSegments.encode(p)).toList();
        for (String query : queries) {
            Set<String> virtuals = new java.util.HashSet<>();
            for (JsonNode item : device.call("GET", VIRTUALS + query, null).path("items")) {
                String name = OwnershipMark.nameOf(item.path("description").asString(null));
                if (name != null) {
                    virtuals.add(item.path("partition").asString("") + "/" + name);
                }
            }
            Set<VipKey> found = new java.util.LinkedHashSet<>();
            for (String collection : List.of(POOLS, MONITORS)) {
                for (JsonNode item : device.call("GET", collection + query, null).path("items")) {
                    String name = OwnershipMark.nameOf(item.path("description").asString(null));
                    String partition = item.path("partition").asString("");
                    if (name != null && !virtuals.contains(partition + "/" + name)) {
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
        if (vip.spec().health() != null) {
            createOrAdopt(MONITORS, key.partition(), VipNames.monitor(key.name()), monitorBody(vip));
        }
        Map<String, Object> pool = poolBody(vip);
        List<Map<String, Object>> members = new ArrayList<>();
        for (String member : vip.members()) {
            MemberAddress address = MemberAddress.parse(member);
            members.add(Map.of("name", F5Device.memberName(address), "partition", key.partition(), "address",
                    address.ip()));
        }
        Map<String, Object> withMembers = new LinkedHashMap<>(pool);
        withMembers.put("members", members);
        // On a pool adopted after a restart, the members are the pool reconcile's business: only its settings here.
        createOrAdopt(POOLS, key.partition(), VipNames.pool(key.name()), withMembers, pool);
        createOrAdopt(VIRTUALS, key.partition(), key.name(), virtualBody(vip));
    }

    void update(DesiredVip vip, Set<String> fields) {
        VipKey key = vip.key();
        requireOwned(VIRTUALS, key.partition(), key.name());
        if (fields.contains("health")) {
            String monitor = F5Device.object(key.partition(), VipNames.monitor(key.name()));
            if (vip.spec().health() == null) {
                device.call("PATCH", POOLS + "/" + F5Device.object(key.partition(), VipNames.pool(key.name())),
                        Map.of("monitor", ""));
                deleteIfOwned(MONITORS + "/" + monitor);
            }
            else {
                createOrAdopt(MONITORS, key.partition(), VipNames.monitor(key.name()), monitorBody(vip));
                device.call("PATCH", POOLS + "/" + F5Device.object(key.partition(), VipNames.pool(key.name())),
                        Map.of("monitor", fullPath(key.partition(), VipNames.monitor(key.name()))));
            }
        }
        if (fields.contains("balancing")) {
            device.call("PATCH", POOLS + "/" + F5Device.object(key.partition(), VipNames.pool(key.name())),
                    Map.of("loadBalancingMode", RATIO_MEMBER));
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        if (fields.contains("address") || fields.contains("port")) {
            patch.put("destination", destination(vip));
        }
        // The mark always: it names the commit that changed the VIP last.
        patch.put("description", virtualMark(vip));
        if (fields.contains("persistence")) {
            patch.put("persist", persist(vip.spec().persistence()));
        }
        device.call("PATCH", VIRTUALS + "/" + F5Device.object(key.partition(), key.name()), patch);
    }

    void delete(VipKey key) {
        String virtual = VIRTUALS + "/" + F5Device.object(key.partition(), key.name());
        String pool = POOLS + "/" + F5Device.object(key.partition(), VipNames.pool(key.name()));
        JsonNode current = read(virtual);
        if (current != null) {
            requireMark(current, virtual);
            deleteGone(virtual);
        }
        JsonNode poolNode = read(pool);
        if (poolNode != null && OwnershipMark.isOwned(poolNode.path("description").asString(null))) {
            List<String> ips = new ArrayList<>();
            for (JsonNode member : device.call("GET", pool + "/members", null).path("items")) {
                ips.add(member.path("address").asString(""));
            }
            deleteGone(pool);
            ips.stream().filter(ip -> !ip.isEmpty()).distinct().forEach(ip -> device.deleteNodeUnlessUsed(
                    key.partition(), ip));
        }
        deleteIfOwned(MONITORS + "/" + F5Device.object(key.partition(), VipNames.monitor(key.name())));
    }

    private ObservedVip observed(JsonNode item, Map<String, JsonNode> pools, Map<String, JsonNode> monitors) {
        VipKey key = new VipKey(device.name(), item.path("partition").asString(""), item.path("name").asString(""));
        String destination = item.path("destination").asString("");
        String target = destination.substring(destination.lastIndexOf('/') + 1);
        int split = target.lastIndexOf(':');
        String address = split > 0 ? target.substring(0, split) : target;
        int port = split > 0 ? parsePort(target.substring(split + 1)) : 0;
        String description = item.path("description").asString(null);
        boolean owned = OwnershipMark.isOwned(description);
        if (!owned) {
            return new ObservedVip(key, new VipSpec(address, port, VipProtocol.TCP, Persistence.NONE, null), false, 0);
        }
        VipProtocol protocol = VipProtocol.TCP;
        String named = markValue(description, "protocol");
        if (named != null) {
            try {
                protocol = VipProtocol.valueOf(named.toUpperCase());
            }
            catch (IllegalArgumentException e) {
                // An unknown value reads as tcp: the plan then corrects it.
            }
        }
        String persist = item.path("persist").path(0).path("name").asString("");
        Persistence persistence = switch (persist) {
            case "source_addr" -> Persistence.SOURCE_IP;
            case "cookie" -> Persistence.COOKIE;
            default -> Persistence.NONE;
        };
        HealthCheck health = null;
        JsonNode pool = pools.get(item.path("pool").asString(""));
        boolean weighs = true;
        if (pool != null) {
            JsonNode monitor = monitors.get(pool.path("monitor").asString("").trim());
            if (monitor != null && OwnershipMark.isOwned(monitor.path("description").asString(null))) {
                health = health(monitor);
            }
            weighs = !OwnershipMark.isOwned(pool.path("description").asString(null))
                    || RATIO_MEMBER.equals(pool.path("loadBalancingMode").asString(""));
        }
        return new ObservedVip(key, new VipSpec(address, port, protocol, persistence, health), true, 0, weighs);
    }

    private static HealthCheck health(JsonNode monitor) {
        String send = monitor.path("send").asString("");
        String path = send.startsWith("GET ") ? send.substring(4).split(" ", 2)[0] : "/";
        String timeout = markValue(monitor.path("description").asString(""), "timeout");
        long interval = monitor.path("interval").asLong(5);
        return new HealthCheck(path, Duration.ofSeconds(interval),
                Duration.ofSeconds(timeout == null ? interval : parsePort(timeout)));
    }

    private Map<String, Object> monitorBody(DesiredVip vip) {
        HealthCheck health = vip.spec().health();
        long interval = Math.max(1, health.interval().toSeconds());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("defaultsFrom", "/Common/http");
        body.put("send", "GET " + health.httpGet() + " HTTP/1.1\\r\\nHost: edgeway\\r\\nConnection: Close\\r\\n\\r\\n");
        body.put("recv", "");
        body.put("interval", interval);
        body.put("timeout", 3 * interval + 1);
        body.put("description", OwnershipMark.of(vip.key().name()) + " timeout=" + health.timeout().toSeconds());
        return body;
    }

    private Map<String, Object> poolBody(DesiredVip vip) {
        Map<String, Object> body = new LinkedHashMap<>();
        // Ratios are 1 unless the application has a canary: then they split the traffic as the gateway does.
        body.put("loadBalancingMode", RATIO_MEMBER);
        body.put("monitor", vip.spec().health() == null ? ""
                : fullPath(vip.key().partition(), VipNames.monitor(vip.key().name())));
        body.put("description", OwnershipMark.of(vip.key().name()));
        return body;
    }

    private Map<String, Object> virtualBody(DesiredVip vip) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("destination", destination(vip));
        body.put("ipProtocol", "tcp");
        body.put("pool", fullPath(vip.key().partition(), VipNames.pool(vip.key().name())));
        body.put("persist", persist(vip.spec().persistence()));
        body.put("sourceAddressTranslation", Map.of("type", "automap"));
        body.put("description", virtualMark(vip));
        return body;
    }

    private static String virtualMark(DesiredVip vip) {
        return OwnershipMark.of(vip.key().name(), vip.commit()) + " protocol="
                + vip.spec().protocol().name().toLowerCase();
    }

    private static String destination(DesiredVip vip) {
        return fullPath(vip.key().partition(), vip.spec().address() + ":" + vip.spec().port());
    }

    private static List<Map<String, Object>> persist(Persistence persistence) {
        return switch (persistence) {
            case NONE -> List.of();
            case SOURCE_IP -> List.of(Map.of("name", "source_addr", "partition", "Common", "tmDefault", "yes"));
            case COOKIE -> List.of(Map.of("name", "cookie", "partition", "Common", "tmDefault", "yes"));
        };
    }

    private void createOrAdopt(String collection, String partition, String name, Map<String, Object> body) {
        createOrAdopt(collection, partition, name, body, body);
    }

    /** Creates the object; if it exists with the mark, patches it to {@code adopted}; without the mark, refuses. */
    private void createOrAdopt(String collection, String partition, String name, Map<String, Object> body,
            Map<String, Object> adopted) {
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("name", name);
        create.put("partition", partition);
        create.putAll(body);
        try {
            device.call("POST", collection, create);
        }
        catch (DeviceException e) {
            if (e.kind() != DeviceException.Kind.CONFLICT) {
                throw e;
            }
            String path = collection + "/" + F5Device.object(partition, name);
            requireOwned(collection, partition, name);
            device.call("PATCH", path, adopted);
        }
    }

    private void requireOwned(String collection, String partition, String name) {
        String path = collection + "/" + F5Device.object(partition, name);
        JsonNode current = read(path);
        if (current == null) {
            throw new DeviceException(device.name(), DeviceException.Kind.NOT_FOUND, path + " is gone");
        }
        requireMark(current, path);
    }

    private void requireMark(JsonNode current, String path) {
        if (!OwnershipMark.isOwned(current.path("description").asString(null))) {
            throw new DeviceException(device.name(), DeviceException.Kind.REJECTED, path
                    + " has no '" + OwnershipMark.PREFIX + "' mark in its description: made by hand, not touched");
        }
    }

    private void deleteIfOwned(String path) {
        JsonNode current = read(path);
        if (current != null && OwnershipMark.isOwned(current.path("description").asString(null))) {
            deleteGone(path);
        }
    }

    private void deleteGone(String path) {
        device.calls().retriedIgnoring(DeviceException.Kind.NOT_FOUND, () -> device.attempt("DELETE", path, null));
    }

    /** The object, or null when it does not exist. */
    private JsonNode read(String path) {
        try {
            return device.call("GET", path, null);
        }
        catch (DeviceException e) {
            if (e.kind() == DeviceException.Kind.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static Map<String, JsonNode> byFullPath(JsonNode collection) {
        Map<String, JsonNode> byPath = new HashMap<>();
        for (JsonNode item : collection.path("items")) {
            byPath.put(item.path("fullPath").asString(""), item);
        }
        return byPath;
    }

    private static String fullPath(String partition, String name) {
        return "/" + partition + "/" + name;
    }

    /** {@code value} of {@code key=value} in a mark, or null. */
    static String markValue(String mark, String key) {
        if (mark == null) {
            return null;
        }
        for (String part : mark.split(" ")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        return null;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }
}
