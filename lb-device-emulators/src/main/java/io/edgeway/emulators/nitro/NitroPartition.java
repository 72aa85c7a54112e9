package io.edgeway.emulators.nitro;

import java.util.LinkedHashMap;
import java.util.Map;

/** One admin partition: the objects a session sees after switching to it. */
final class NitroPartition {

    final String name;

    final int id;

    final Map<String, NitroVserver> vservers = new LinkedHashMap<>();

    final Map<String, NitroServiceGroup> servicegroups = new LinkedHashMap<>();

    /** Server name to IP address. */
    final Map<String, String> servers = new LinkedHashMap<>();

    NitroPartition(String name, int id) {
        this.name = name;
        this.id = id;
    }

    NitroPartition copy() {
        NitroPartition copy = new NitroPartition(name, id);
        vservers.forEach((k, v) -> copy.vservers.put(k, v.copy()));
        servicegroups.forEach((k, v) -> copy.servicegroups.put(k, v.copy()));
        copy.servers.putAll(servers);
        return copy;
    }

    void restore(NitroPartition snapshot) {
        vservers.clear();
        vservers.putAll(snapshot.vservers);
        servicegroups.clear();
        servicegroups.putAll(snapshot.servicegroups);
        servers.clear();
        servers.putAll(snapshot.servers);
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
}
