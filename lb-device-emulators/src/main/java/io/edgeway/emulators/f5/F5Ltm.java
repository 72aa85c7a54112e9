package io.edgeway.emulators.f5;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import tools.jackson.databind.JsonNode;

/** The LTM configuration: partitions, pools with members, nodes and virtual servers; not thread-safe. */
final class F5Ltm {

    private static final Set<String> MEMBER_READ_ONLY = Set.of("name", "partition", "subPath", "fullPath", "kind",
            "generation", "selfLink", "address", "ephemeral", "fqdn", "inheritProfile", "logging", "monitor",
            "rateLimit", "dynamicRatio");

    private static final Set<String> IP_PROTOCOLS = Set.of("tcp", "udp", "sctp", "any");

    // Built-in profiles every BIG-IP has; a persistence profile of one's own is not emulated.
    private static final Set<String> PERSISTENCE_PROFILES = Set.of("/Common/source_addr", "/Common/cookie");

    final Set<String> partitions = new LinkedHashSet<>(List.of("Common"));

    final Map<String, F5Pool> pools = new LinkedHashMap<>();

    final Map<String, F5Node> nodes = new LinkedHashMap<>();

    final Map<String, F5Virtual> virtuals = new LinkedHashMap<>();

    final Map<String, F5Monitor> monitors = new LinkedHashMap<>();

    /** How often each member (by pool and member path) was created, rolled-back transactions included. */
    final Map<String, Integer> additions = new LinkedHashMap<>();

    F5Ltm copy() {
        F5Ltm copy = new F5Ltm();
        copy.partitions.addAll(partitions);
        pools.forEach((path, pool) -> copy.pools.put(path, pool.copy()));
        copy.nodes.putAll(nodes);
        virtuals.forEach((path, virtual) -> copy.virtuals.put(path, virtual.copy()));
        monitors.forEach((path, monitor) -> copy.monitors.put(path, monitor.copy()));
        return copy;
    }

    void restore(F5Ltm snapshot) {
        partitions.clear();
        partitions.addAll(snapshot.partitions);
        pools.clear();
        pools.putAll(snapshot.pools);
        nodes.clear();
        nodes.putAll(snapshot.nodes);
        virtuals.clear();
        virtuals.putAll(snapshot.virtuals);
        monitors.clear();
        monitors.putAll(snapshot.monitors);
    }

    void requirePartition(String partition) {
        if (!partitions.contains(partition)) {
            throw F5Errors.folderNotFound(partition);
        }
    }

    F5Pool pool(String fullPath) {
        F5Pool pool = pools.get(fullPath);
        if (pool == null) {
            throw F5Errors.notFound("pool", fullPath);
        }
        return pool;
    }

    F5Pool createPool(JsonNode body, Instant now) {
        String name = required(body, "name");
        String partition = body.path("partition").asString("Common");
        requirePartition(partition);
        String fullPath = F5Paths.fullPath(partition, name);
        if (pools.containsKey(fullPath)) {
            throw F5Errors.exists("Pool", fullPath, partition);
        }
        F5Pool pool = new F5Pool(partition, F5Paths.nameOf(fullPath));
        applyPoolProperties(pool, body);
        pools.put(fullPath, pool);
        for (JsonNode member : Json.oneOrMany(body.path("members"))) {
            addMember(pool, member, now);
        }
        return pool;
    }

    /** PUT: every property given is set, and a {@code members} list replaces the whole member set. */
    void replacePool(F5Pool pool, JsonNode body, Instant now) {
        applyPoolProperties(pool, body);
        if (body.has("members")) {
            Map<String, F5Member> kept = new LinkedHashMap<>(pool.members);
            pool.members.clear();
            for (JsonNode item : Json.oneOrMany(body.path("members"))) {
                String path = memberPath(pool, item);
                F5Member existing = kept.get(path);
                if (existing != null) {
                    pool.members.put(path, existing);
                    modifyMember(existing, withoutIdentity(item), now);
                }
                else {
                    addMember(pool, item, now);
                }
            }
        }
        pool.generation++;
    }

    void deletePool(F5Pool pool) {
        for (F5Virtual virtual : virtuals.values()) {
            if (pool.fullPath().equals(virtual.pool)) {
                throw F5Errors.badRequest("01070265:3: The Pool (" + pool.fullPath()
                        + ") cannot be deleted because it is in use by a Virtual Server (" + virtual.fullPath() + ").");
            }
        }
        pools.remove(pool.fullPath());
    }

    F5Member addMember(F5Pool pool, JsonNode body, Instant now) {
        String name = required(body, "name");
        if (name.contains("<") || name.contains(">")) {
            throw F5Errors.badRequest("HTML Tag-like Content in the Request URL/Body");
        }
        String partition = body.path("partition").asString(pool.partition);
        requirePartition(partition);
        String shortName = F5Paths.nameOf(F5Paths.fullPath(partition, name));
        int split = portSeparator(shortName);
        String address = Json.text(body, "address") != null ? Json.text(body, "address") : shortName.substring(0, split);
        int port = parsePort(shortName.substring(split + 1), pool, partition, shortName);
        F5Member member = new F5Member(partition, shortName, address, port, now);
        if (pool.members.containsKey(member.fullPath())) {
            throw F5Errors.exists("Pool Member", pool.fullPath() + " " + member.nodePath() + " " + port, partition);
        }
        modifyMember(member, withoutIdentity(body), now);
        nodes.computeIfAbsent(member.nodePath(), path -> new F5Node(partition, address, address));
        pool.members.put(member.fullPath(), member);
        additions.merge(pool.fullPath() + " " + member.fullPath(), 1, Integer::sum);
        pool.generation++;
        return member;
    }

    F5Member member(F5Pool pool, String memberFullPath) {
        F5Member member = pool.members.get(memberFullPath);
        if (member == null) {
            String name = F5Paths.nameOf(memberFullPath);
            int split = name.contains(":") || name.contains(".") ? portSeparator(name) : -1;
            String described = split < 0 ? memberFullPath
                    : F5Paths.partitionOf(memberFullPath).isEmpty() ? memberFullPath
                    : "/" + F5Paths.partitionOf(memberFullPath) + "/" + name.substring(0, split) + " "
                            + name.substring(split + 1);
            throw F5Errors.notFound("Pool Member", pool.fullPath() + " " + described);
        }
        return member;
    }

    /** PATCH semantics: validates every property before changing any. */
    void modifyMember(F5Member member, JsonNode body, Instant now) {
        for (Map.Entry<String, JsonNode> property : body.properties()) {
            String key = property.getKey();
            if (!F5Member.writableProperties().contains(key) && !MEMBER_READ_ONLY.contains(key)) {
                throw F5Errors.unexpectedProperty("pool/members", key, property.getValue().toString());
            }
        }
        String session = Json.text(body, "session");
        if (session != null && !session.equals("user-enabled") && !session.equals("user-disabled")) {
            throw F5Errors.invalidValue("session", session);
        }
        String state = Json.text(body, "state");
        if (state != null && !state.equals("user-up") && !state.equals("user-down")) {
            throw F5Errors.invalidValue("state", state);
        }
        int ratio = body.path("ratio").asInt(member.ratio);
        if (ratio < 1 || ratio > 100) {
            throw F5Errors.invalidValue("ratio", body.path("ratio").asString());
        }
        if (session != null) {
            member.session = session;
        }
        if (state != null) {
            if ("user-down".equals(member.state) && "user-up".equals(state)) {
                member.monitoredSince = now;
            }
            member.state = state;
        }
        member.ratio = ratio;
        member.connectionLimit = body.path("connectionLimit").asInt(member.connectionLimit);
        member.priorityGroup = body.path("priorityGroup").asInt(member.priorityGroup);
        if (body.has("description")) {
            member.description = Json.text(body, "description");
        }
        member.generation++;
    }

    void deleteMember(F5Pool pool, F5Member member) {
        pool.members.remove(member.fullPath());
        pool.generation++;
    }

    F5Node node(String fullPath) {
        F5Node node = nodes.get(fullPath);
        if (node == null) {
            throw F5Errors.notFound("Node", fullPath);
        }
        return node;
    }

    void deleteNode(F5Node node) {
        for (F5Pool pool : pools.values()) {
            for (F5Member member : pool.members.values()) {
                if (member.nodePath().equals(node.fullPath())) {
                    throw F5Errors.badRequest("01070110:3: Node address '" + node.fullPath()
                            + "' is referenced by a member of pool '" + pool.fullPath() + "'.");
                }
            }
        }
        nodes.remove(node.fullPath());
    }

    F5Virtual virtual(String fullPath) {
        F5Virtual virtual = virtuals.get(fullPath);
        if (virtual == null) {
            throw F5Errors.notFound("Virtual Server", fullPath);
        }
        return virtual;
    }

    F5Virtual createVirtual(JsonNode body) {
        String name = required(body, "name");
        String partition = body.path("partition").asString("Common");
        requirePartition(partition);
        String fullPath = F5Paths.fullPath(partition, name);
        if (virtuals.containsKey(fullPath)) {
            throw F5Errors.exists("Virtual Server", fullPath, partition);
        }
        F5Virtual virtual = new F5Virtual(partition, F5Paths.nameOf(fullPath),
                destination(partition, required(body, "destination")), "tcp", null);
        modifyVirtual(virtual, body);
        requireFreeDestination(virtual);
        virtuals.put(fullPath, virtual);
        return virtual;
    }

    void deleteVirtual(F5Virtual virtual) {
        virtuals.remove(virtual.fullPath());
    }

    void modifyVirtual(F5Virtual virtual, JsonNode body) {
        if (body.has("destination")) {
            virtual.destination = destination(virtual.partition, Json.text(body, "destination"));
            requireFreeDestination(virtual);
        }
        if (body.has("ipProtocol")) {
            String protocol = Json.text(body, "ipProtocol");
            if (!IP_PROTOCOLS.contains(protocol)) {
                throw F5Errors.invalidValue("ipProtocol", protocol);
            }
            virtual.ipProtocol = protocol;
        }
        if (body.has("persist")) {
            List<JsonNode> profiles = Json.oneOrMany(body.path("persist"));
            if (profiles.isEmpty()) {
                virtual.persist = null;
            }
            else {
                String profile = F5Paths.fullPath(profiles.get(0).path("partition").asString("Common"),
                        required(profiles.get(0), "name"));
                if (!PERSISTENCE_PROFILES.contains(profile)) {
                    throw F5Errors.notFound("persistence profile", profile);
                }
                virtual.persist = profile;
            }
        }
        if (body.has("pool")) {
            String pool = Json.text(body, "pool");
            if (pool != null && !pool.isEmpty()) {
                String path = F5Paths.fullPath(virtual.partition, pool);
                if (!pools.containsKey(path)) {
                    throw F5Errors.badRequest("01070226:3: Pool " + path + " does not exist.");
                }
                virtual.pool = path;
            }
            else {
                virtual.pool = null;
            }
        }
        if (body.path("disabled").asBoolean(false)) {
            virtual.enabled = false;
        }
        if (body.path("enabled").asBoolean(false)) {
            virtual.enabled = true;
        }
        if (body.has("description")) {
            virtual.description = Json.text(body, "description");
        }
    }

    /** {@code addr:port} or {@code /P/addr:port}, as a full path; anything else is refused as the device does. */
    private static String destination(String partition, String destination) {
        String path = destination.startsWith("/") ? destination : "/" + partition + "/" + destination;
        String last = F5Paths.nameOf(path);
        int split = last.lastIndexOf(last.indexOf(':') == last.lastIndexOf(':') ? ':' : '.');
        if (split <= 0 || Request.intInRange(last.substring(split + 1), 0, 65535).isEmpty()) {
            throw F5Errors.invalidValue("destination", destination);
        }
        return path;
    }

    private void requireFreeDestination(F5Virtual virtual) {
        for (F5Virtual other : virtuals.values()) {
            if (other != virtual && !other.fullPath().equals(virtual.fullPath())
                    && stripPartition(other.destination).equals(stripPartition(virtual.destination))) {
                throw F5Errors.tm(409, "01070333:3: Virtual Server " + virtual.fullPath()
                        + " illegally shares both address and port with Virtual Server " + other.fullPath() + ".", 3);
            }
        }
    }

    private static String stripPartition(String destination) {
        return F5Paths.nameOf(destination);
    }

    F5Monitor monitor(String fullPath) {
        F5Monitor monitor = monitors.get(fullPath);
        if (monitor == null) {
            throw F5Errors.notFound("Monitor", fullPath);
        }
        return monitor;
    }

    F5Monitor createMonitor(JsonNode body) {
        String name = required(body, "name");
        String partition = body.path("partition").asString("Common");
        requirePartition(partition);
        String fullPath = F5Paths.fullPath(partition, name);
        if (monitors.containsKey(fullPath)) {
            throw F5Errors.exists("Monitor", fullPath, partition);
        }
        F5Monitor monitor = new F5Monitor(partition, F5Paths.nameOf(fullPath));
        modifyMonitor(monitor, body);
        monitors.put(fullPath, monitor);
        return monitor;
    }

    void modifyMonitor(F5Monitor monitor, JsonNode body) {
        int interval = seconds(body, "interval", monitor.interval);
        int timeout = seconds(body, "timeout", monitor.timeout);
        monitor.interval = interval;
        monitor.timeout = timeout;
        if (body.has("send")) {
            monitor.send = Json.text(body, "send");
        }
        if (body.has("recv")) {
            monitor.recv = Json.text(body, "recv");
        }
        if (body.has("description")) {
            monitor.description = Json.text(body, "description");
        }
    }

    void deleteMonitor(F5Monitor monitor) {
        for (F5Pool pool : pools.values()) {
            if (pool.monitor != null && pool.monitor.contains(monitor.fullPath())) {
                throw F5Errors.badRequest("01070083:3: Monitor " + monitor.fullPath() + " is in use.");
            }
        }
        monitors.remove(monitor.fullPath());
    }

    private static int seconds(JsonNode body, String field, int current) {
        if (!body.has(field)) {
            return current;
        }
        String text = body.path(field).asString();
        return Request.intInRange(text, 1, 86400).orElseThrow(() -> F5Errors.invalidValue(field, text));
    }

    String memberPath(F5Pool pool, JsonNode item) {
        String partition = item.path("partition").asString(pool.partition);
        return F5Paths.fullPath(partition, required(item, "name"));
    }

    private static void applyPoolProperties(F5Pool pool, JsonNode body) {
        if (body.has("loadBalancingMode") && !F5Pool.LOAD_BALANCING_MODES.contains(
                body.path("loadBalancingMode").asString(""))) {
            throw F5Errors.invalidValue("loadBalancingMode", body.path("loadBalancingMode").asString(""));
        }
        if (body.has("monitor")) {
            pool.monitor = body.path("monitor").asString("");
        }
        if (body.has("loadBalancingMode")) {
            pool.loadBalancingMode = body.path("loadBalancingMode").asString();
        }
        if (body.has("description")) {
            pool.description = Json.text(body, "description");
        }
    }

    private static JsonNode withoutIdentity(JsonNode body) {
        tools.jackson.databind.node.ObjectNode copy = body.isObject()
                ? (tools.jackson.databind.node.ObjectNode) body.deepCopy() : Json.MAPPER.createObjectNode();
        copy.remove(List.of("name", "partition", "address"));
        return copy;
    }

    private static String required(JsonNode body, String field) {
        return Json.nonBlankText(body, field).orElseThrow(
                () -> F5Errors.badRequest("one or more properties must be specified: \"" + field + "\""));
    }

    /** IPv4 and node names use {@code addr:port}, IPv6 {@code addr.port}. */
    private static int portSeparator(String name) {
        int colon = name.indexOf(':');
        int split = colon >= 0 && colon == name.lastIndexOf(':') ? colon : name.lastIndexOf('.');
        if (split <= 0) {
            throw F5Errors.badRequest("01070734:3: Configuration error: invalid pool member name " + name
                    + ": expected <address>:<port>");
        }
        return split;
    }

    private static int parsePort(String port, F5Pool pool, String partition, String name) {
        return Request.intInRange(port, 0, 65535).orElseThrow(() -> F5Errors.badRequest(
                "01070734:3: Configuration error: Can't associate Pool Member (" + pool.fullPath() + " /" + partition
                        + "/" + name + "): invalid port"));
    }
}
