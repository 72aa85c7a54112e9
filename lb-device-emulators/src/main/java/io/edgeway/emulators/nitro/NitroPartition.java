package io.edgeway.emulators.nitro;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import tools.jackson.databind.JsonNode;

/**
 * One admin partition: the objects a session sees after switching to it, and the changes the config resources of spec
 * B.3 make to them, each for one payload object and with the appliance's errors; not thread-safe.
 */
final class NitroPartition {

    final String name;

    final int id;

    final Map<String, NitroVserver> vservers = new LinkedHashMap<>();

    final Map<String, NitroServiceGroup> servicegroups = new LinkedHashMap<>();

    /** Server name to IP address. */
    final Map<String, String> servers = new LinkedHashMap<>();

    final Map<String, NitroMonitor> monitors = new LinkedHashMap<>();

    NitroPartition(String name, int id) {
        this.name = name;
        this.id = id;
    }

    NitroPartition copy() {
        NitroPartition copy = new NitroPartition(name, id);
        vservers.forEach((k, v) -> copy.vservers.put(k, v.copy()));
        servicegroups.forEach((k, v) -> copy.servicegroups.put(k, v.copy()));
        copy.servers.putAll(servers);
        monitors.forEach((k, v) -> copy.monitors.put(k, v.copy()));
        return copy;
    }

    void restore(NitroPartition snapshot) {
        vservers.clear();
        vservers.putAll(snapshot.vservers);
        servicegroups.clear();
        servicegroups.putAll(snapshot.servicegroups);
        servers.clear();
        servers.putAll(snapshot.servers);
        monitors.clear();
        monitors.putAll(snapshot.monitors);
    }

    NitroVserver vserver(String vs) {
        NitroVserver found = vservers.get(vs);
        if (found == null) {
            throw NitroErrors.noSuchResource("name", vs);
        }
        return found;
    }

    NitroServiceGroup servicegroup(String sg) {
        NitroServiceGroup found = servicegroups.get(sg);
        if (found == null) {
            throw NitroErrors.noSuchResource("servicegroupname", sg);
        }
        return found;
    }

    NitroMember member(NitroServiceGroup group, String ip, int port) {
        NitroMember member = group.members.get(NitroMember.key(ip, port));
        if (member == null) {
            throw NitroErrors.noSuchResource("ip", ip + ":" + port);
        }
        return member;
    }

    /** The server for a member bound by IP: one with that address, else one created and named after the IP. */
    String serverFor(String ip) {
        for (Map.Entry<String, String> server : servers.entrySet()) {
            if (server.getValue().equals(ip)) {
                return server.getKey();
            }
        }
        servers.put(ip, ip);
        return ip;
    }

    /** Adds an lbvserver; {@code idempotent} replaces an existing one, keeping its service group bindings. */
    void addVserver(JsonNode item, boolean idempotent) {
        String vs = required(item, "name");
        if (vservers.containsKey(vs) && !idempotent) {
            throw NitroErrors.exists();
        }
        NitroVserver vserver = new NitroVserver(vs, required(item, "ipv46"), item.path("port").asInt(0),
                required(item, "servicetype"));
        NitroVserver existing = vservers.get(vs);
        if (existing != null) {
            vserver.servicegroups.addAll(existing.servicegroups);
        }
        applyVserver(vserver, item);
        vservers.put(vs, vserver);
    }

    /** {@code PUT lbvserver}: the address, method, persistence and comment change in place; port and type cannot. */
    void updateVserver(JsonNode item) {
        NitroVserver vserver = vserver(required(item, "name"));
        if ((item.has("port") && item.path("port").asInt() != vserver.port)
                || (item.has("servicetype") && !vserver.servicetype.equals(Json.text(item, "servicetype")))) {
            throw NitroErrors.notPermitted();
        }
        if (item.has("ipv46")) {
            vserver.ipv46 = Json.text(item, "ipv46");
        }
        applyVserver(vserver, item);
    }

    void deleteVserver(String vs) {
        vservers.remove(vserver(vs).name);
    }

    /** Deletes a service group, unbinding it from every lbvserver first, as the appliance does. */
    void deleteServiceGroup(String sg) {
        servicegroup(sg);
        vservers.values().forEach(v -> v.servicegroups.remove(sg));
        servicegroups.remove(sg);
    }

    private static void applyVserver(NitroVserver vserver, JsonNode item) {
        if (!NitroVserver.SERVICE_TYPES.contains(vserver.servicetype)) {
            throw NitroErrors.invalidValue("servicetype");
        }
        if (item.has("lbmethod")) {
            vserver.lbmethod = Json.text(item, "lbmethod");
        }
        if (item.has("persistencetype")) {
            String persistence = Json.text(item, "persistencetype");
            if (!NitroVserver.PERSISTENCE_TYPES.contains(persistence)) {
                throw NitroErrors.invalidValue("persistenceType");
            }
            vserver.persistencetype = persistence;
        }
        if (item.has("comment")) {
            vserver.comment = Json.text(item, "comment");
        }
    }

    void enableVserver(JsonNode item, boolean enable) {
        vserver(required(item, "name")).enabled = enable;
    }

    /** Binds a service group to an lbvserver ({@code lbvserver_servicegroup_binding}). */
    void bindServiceGroup(JsonNode item) {
        if (item.has("servicename") && item.has("servicegroupname")) {
            throw NitroErrors.bothArguments("serviceName", "serviceGroupName");
        }
        NitroVserver vserver = vserver(required(item, "name"));
        String sg = required(item, "servicegroupname");
        servicegroup(sg);
        if (vserver.servicegroups.contains(sg)) {
            throw NitroErrors.exists();
        }
        vserver.servicegroups.add(sg);
    }

    /** Unbinds the service group {@code args} name ({@code servicegroupname:..}) from an lbvserver. */
    void unbindServiceGroup(NitroVserver vserver, Map<String, String> args) {
        String sg = args.get("servicegroupname");
        if (sg == null || !vserver.servicegroups.remove(sg)) {
            throw NitroErrors.noSuchResource("servicegroupname", String.valueOf(sg));
        }
    }

    /** Adds a service group; {@code idempotent} updates an existing one. */
    void addServiceGroup(JsonNode item, boolean idempotent) {
        String sg = required(item, "servicegroupname");
        NitroServiceGroup existing = servicegroups.get(sg);
        if (existing != null && !idempotent) {
            throw NitroErrors.exists();
        }
        NitroServiceGroup group = existing != null ? existing
                : new NitroServiceGroup(sg, required(item, "servicetype"));
        if (item.has("autoscale")) {
            group.autoscale = Json.text(item, "autoscale");
        }
        if (item.has("comment")) {
            group.comment = Json.text(item, "comment");
        }
        servicegroups.put(sg, group);
    }

    /**
     * {@code PUT servicegroup} ({@code set servicegroup}): with {@code servername} and {@code port}, that member's
     * {@code weight} (1 to 100); without, the group's {@code comment}. The type cannot change (257). Assumption beyond
     * the spec: docs/lb-device-api-extensions.md.
     */
    void updateServiceGroup(JsonNode item) {
        NitroServiceGroup group = servicegroup(required(item, "servicegroupname"));
        if (item.has("servicetype") && !group.servicetype.equals(Json.text(item, "servicetype"))) {
            throw NitroErrors.notPermitted();
        }
        String server = Json.text(item, "servername");
        if (server == null) {
            if (item.has("weight")) {
                throw NitroErrors.missingArgument("serverName");
            }
            if (item.has("comment")) {
                group.comment = Json.text(item, "comment");
            }
            return;
        }
        NitroMember member = memberByServer(group, server, port(Json.text(item, "port")));
        String weight = Json.text(item, "weight");
        if (weight != null) {
            member.weight = intArgument("weight", weight, 1, 100);
        }
    }

    /**
     * {@code servicegroup?action=enable|disable}: the whole group, or with {@code servername} (and {@code port}) one
     * member, which a disable drains for {@code delay} seconds, {@code graceful}ly or not (spec B.4).
     */
    void enableServiceGroup(JsonNode item, boolean enable, Instant now) {
        NitroServiceGroup group = servicegroup(required(item, "servicegroupname"));
        String server = Json.text(item, "servername");
        if (server == null) {
            group.enabled = enable;
            return;
        }
        NitroMember member = memberByServer(group, server, item.path("port").asInt(-1));
        if (enable) {
            member.enable(now);
        }
        else {
            member.disable(item.path("delay").asLong(0), "YES".equalsIgnoreCase(Json.text(item, "graceful")), now);
        }
    }

    /** Binds a member by {@code ip} (creating a server named after it) or by {@code servername}. */
    void bindMember(JsonNode item, Instant now) {
        NitroServiceGroup group = servicegroup(required(item, "servicegroupname"));
        String ip = Json.text(item, "ip");
        String servername = Json.text(item, "servername");
        if (ip != null && servername != null) {
            throw NitroErrors.bothArguments("serverName", "IP");
        }
        if (ip == null && servername == null) {
            throw NitroErrors.missingArgument("ip");
        }
        int port = port(Json.text(item, "port"));
        if (ip == null) {
            ip = servers.get(servername);
            if (ip == null) {
                throw NitroErrors.noSuchResource("servername", servername);
            }
        }
        else {
            servername = serverFor(ip);
        }
        String key = NitroMember.key(ip, port);
        if (group.members.containsKey(key)) {
            throw NitroErrors.exists();
        }
        NitroMember member = new NitroMember(ip, port, servername, now);
        String weight = Json.text(item, "weight");
        if (weight != null) {
            member.weight = intArgument("weight", weight, 1, 100);
        }
        if ("DISABLED".equalsIgnoreCase(Json.text(item, "state"))) {
            member.disable(0, false, now);
        }
        group.members.put(key, member);
    }

    /** Unbinds the member {@code args} name: {@code ip:..,port:..} or {@code servername:..,port:..}. */
    void unbindMember(NitroServiceGroup group, Map<String, String> args) {
        if (args.containsKey("ip") && args.containsKey("servername")) {
            throw NitroErrors.bothArguments("serverName", "IP");
        }
        int port = port(args.get("port"));
        NitroMember member = args.containsKey("ip") ? member(group, args.get("ip"), port)
                : memberByServer(group, args.get("servername"), port);
        group.members.remove(member.key());
    }

    /** Adds a server; a name or an address already taken is refused (273, 1335). */
    void addServer(JsonNode item) {
        String serverName = required(item, "name");
        String ip = required(item, "ipaddress");
        if (servers.containsKey(serverName)) {
            throw NitroErrors.exists();
        }
        if (servers.containsValue(ip)) {
            throw NitroErrors.serverExists(ip);
        }
        servers.put(serverName, ip);
    }

    /** A member by server name or IP, on any port when {@code port} is negative. */
    private static NitroMember memberByServer(NitroServiceGroup group, String server, int port) {
        return group.members.values().stream()
                .filter(m -> (m.servername.equals(server) || m.ip.equals(server)) && (port < 0 || m.port == port))
                .findFirst().orElseThrow(() -> NitroErrors.noSuchResource("servername", server + ":" + port));
    }

    private static String required(JsonNode item, String field) {
        return Json.nonBlankText(item, field).orElseThrow(() -> NitroErrors.missingArgument(field));
    }

    private static int port(String port) {
        if (port == null) {
            throw NitroErrors.missingArgument("port");
        }
        return intArgument("port", port, 0, 65535);
    }

    private static int intArgument(String name, String value, int min, int max) {
        return Request.intInRange(value.trim(), min, max).orElseThrow(() -> NitroErrors.invalidValue(name));
    }
}
