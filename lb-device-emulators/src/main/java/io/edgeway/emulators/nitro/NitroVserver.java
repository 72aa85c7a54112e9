package io.edgeway.emulators.nitro;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.emulators.support.Json;

/** An lbvserver; its state and health follow the members of the service groups bound to it. */
final class NitroVserver {

    final String name;

    static final Set<String> SERVICE_TYPES = Set.of("HTTP", "SSL", "SSL_BRIDGE", "TCP", "UDP",
            "ANY");

    static final Set<String> PERSISTENCE_TYPES = Set.of("NONE", "SOURCEIP", "COOKIEINSERT");

    String ipv46;

    final int port;

    final String servicetype;

    String lbmethod = "LEASTCONNECTION";

    String persistencetype = "NONE";

    String comment = "";

    boolean enabled = true;

    final List<String> servicegroups = new ArrayList<>();

    NitroVserver(String name, String ipv46, int port, String servicetype) {
        this.name = name;
        this.ipv46 = ipv46;
        this.port = port;
        this.servicetype = servicetype;
    }

    NitroVserver copy() {
        NitroVserver copy = new NitroVserver(name, ipv46, port, servicetype);
        copy.lbmethod = lbmethod;
        copy.persistencetype = persistencetype;
        copy.comment = comment;
        copy.enabled = enabled;
        copy.servicegroups.addAll(servicegroups);
        return copy;
    }

    /** What {@code /nitro/v1/stat/lbvserver} reports: the config's state and health, and the members' connections. */
    Map<String, Object> statsJson(Map<String, NitroServiceGroup> groups, Instant now) {
        Map<String, Object> config = toJson(groups, now);
        int connections = servicegroups.stream().map(groups::get).filter(g -> g != null)
                .flatMap(g -> g.members.values().stream()).mapToInt(m -> m.connections).sum();
        return Json.object("name", name, "primaryipaddress", ipv46, "primaryport", port, "type", servicetype, "state",
                config.get("curstate"), "vslbhealth", String.valueOf(config.get("health")), "actsvcs",
                config.get("activeservices"), "establishedconn", connections);
    }

    Map<String, Object> toJson(Map<String, NitroServiceGroup> groups, Instant now) {
        Collection<NitroMember> members = servicegroups.stream().map(groups::get)
                .filter(g -> g != null && g.enabled).flatMap(g -> g.members.values().stream()).toList();
        int total = members.size();
        long active = members.stream().filter(m -> m.active(now)).count();
        int totalWeight = members.stream().mapToInt(m -> m.weight).sum();
        int activeWeight = members.stream().filter(m -> m.active(now)).mapToInt(m -> m.weight).sum();
        String state = !enabled ? "OUT OF SERVICE" : active > 0 ? "UP" : "DOWN";
        // No "state" field in a GET: clients derive the admin state from curstate, as the appliance forces them to.
        return Json.object("name", name, "insertvserveripport", "OFF", "ipv46", ipv46, "ippattern", "0.0.0.0",
                "ipmask", "*", "listenpolicy", "NONE", "port", port, "range", "1", "servicetype", servicetype, "type",
                "ADDRESS", "curstate", state, "effectivestate", state, "status", enabled ? 1 : 8, "lbrrreason", 0,
                "cachetype", "SERVER", "redirect", "", "precedence", "", "homepage", "", "dnsvservername", "",
                "domain", "", "policyname", "", "servicename", "", "weight", "", "cachevserver", "", "targetlbvserver",
                "", "lbmethod", lbmethod, "health", totalWeight == 0 ? 0 : activeWeight * 100 / totalWeight,
                "totalservices", String.valueOf(total), "activeservices", String.valueOf(active), "statechangetimesec",
                "", "td", "0", "persistencetype", persistencetype, "comment", comment);
    }
}
