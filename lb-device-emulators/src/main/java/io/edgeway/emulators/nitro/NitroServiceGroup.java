package io.edgeway.emulators.nitro;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;

/** A service group and its member bindings, with the aggregate state of spec B.4. */
final class NitroServiceGroup {

    final String name;

    final String servicetype;

    boolean enabled = true;

    String autoscale = "DISABLED";

    String comment = "";

    final Map<String, NitroMember> members = new LinkedHashMap<>();

    /** The names of the lbmonitors bound to it. */
    final List<String> monitors = new ArrayList<>();

    NitroServiceGroup(String name, String servicetype) {
        this.name = name;
        this.servicetype = servicetype;
    }

    NitroServiceGroup copy() {
        NitroServiceGroup copy = new NitroServiceGroup(name, servicetype);
        copy.enabled = enabled;
        copy.autoscale = autoscale;
        copy.comment = comment;
        copy.monitors.addAll(monitors);
        members.forEach((key, member) -> copy.members.put(key, member.copy()));
        return copy;
    }

    /** UP if all UP, DOWN if all DOWN, OUT OF SERVICE if all out, PARTIAL-UP or PARTIAL-DOWN in between. */
    String effectiveState(Instant now) {
        if (!enabled) {
            return "OUT OF SERVICE";
        }
        List<String> states = members.values().stream().map(m -> m.svrstate(now))
                .map(s -> s.startsWith("GOING") ? "UP" : s.startsWith("DOWN") ? "DOWN" : s).toList();
        if (states.isEmpty() || states.stream().allMatch("DOWN"::equals)) {
            return "DOWN";
        }
        if (states.stream().allMatch("UP"::equals)) {
            return "UP";
        }
        if (states.stream().allMatch("OUT OF SERVICE"::equals)) {
            return "OUT OF SERVICE";
        }
        return states.contains("UP") ? "PARTIAL-UP" : "PARTIAL-DOWN";
    }

    Map<String, Object> toJson(Instant now) {
        return Json.object("servicegroupname", name, "servicetype", servicetype, "td", 0, "state",
                enabled ? "ENABLED" : "DISABLED", "servicegroupeffectivestate", effectiveState(now), "autoscale",
                autoscale, "maxclient", "0", "maxreq", "0", "cacheable", "NO", "cip", "DISABLED", "usip", "NO",
                "healthmonitor", "YES", "sp", "OFF", "rtspsessionidremap", "OFF", "clttimeout", 180, "svrtimeout", 360,
                "numofconnections", members.values().stream().mapToInt(m -> m.connections).sum(), "delay", 0,
                "graceful", "NO", "monitor_state", "Unknown", "downstateflush", "ENABLED", "comment", comment);
    }
}
