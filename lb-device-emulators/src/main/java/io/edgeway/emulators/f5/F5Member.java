package io.edgeway.emulators.f5;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;

/** A pool member and its session/state model (spec A.5). */
final class F5Member {

    final String partition;

    final String name;

    final String address;

    final int port;

    String session = "user-enabled";

    String state = "user-up";

    int ratio = 1;

    int connectionLimit;

    int priorityGroup;

    String description;

    /** When the monitor started probing: at add, and again when forced offline ends. */
    Instant monitoredSince;

    /** What the simulated monitor reports once it has probed. */
    boolean monitorUp = true;

    /** Simulated active server-side connections. */
    int connections;

    long generation = 1;

    F5Member(String partition, String name, String address, int port, Instant now) {
        this.partition = partition;
        this.name = name;
        this.address = address;
        this.port = port;
        this.monitoredSince = now;
    }

    F5Member copy() {
        F5Member copy = new F5Member(partition, name, address, port, monitoredSince);
        copy.session = session;
        copy.state = state;
        copy.ratio = ratio;
        copy.connectionLimit = connectionLimit;
        copy.priorityGroup = priorityGroup;
        copy.description = description;
        copy.monitorUp = monitorUp;
        copy.connections = connections;
        copy.generation = generation;
        return copy;
    }

    String fullPath() {
        return "/" + partition + "/" + name;
    }

    /** The node this member references: its address part, in the member's partition. */
    String nodePath() {
        return "/" + partition + "/" + address;
    }

    /** Whether the pool's monitor has reported on this member yet. */
    boolean probed(F5Pool pool, Instant now, Duration probeDelay) {
        return pool.monitored() && !now.isBefore(monitoredSince.plus(probeDelay));
    }

    String shownSession(F5Pool pool) {
        return "user-enabled".equals(session) && pool.monitored() ? "monitor-enabled" : session;
    }

    String shownState(F5Pool pool, Instant now, Duration probeDelay) {
        if ("user-down".equals(state)) {
            return "user-down";
        }
        if (!probed(pool, now, probeDelay)) {
            return "unchecked";
        }
        return monitorUp ? "up" : "down";
    }

    String availability(F5Pool pool, Instant now, Duration probeDelay) {
        if ("user-down".equals(state)) {
            return "offline";
        }
        if (!probed(pool, now, probeDelay)) {
            return "unknown";
        }
        return monitorUp ? "available" : "offline";
    }

    Map<String, Object> toJson(F5Pool pool, Instant now, Duration probeDelay) {
        Map<String, Object> json = Json.object("kind", "tm:ltm:pool:members:membersstate", "name", name, "partition",
                partition, "fullPath", fullPath(), "generation", generation, "selfLink", selfLink(pool), "address",
                address, "connectionLimit", connectionLimit, "dynamicRatio", 1, "ephemeral", "false", "fqdn",
                Json.object("autopopulate", "disabled"), "inheritProfile", "enabled", "logging", "disabled",
                "monitor", "default", "priorityGroup", priorityGroup, "rateLimit", "disabled", "ratio", ratio,
                "session", shownSession(pool), "state", shownState(pool, now, probeDelay));
        if (description != null) {
            json.put("description", description);
        }
        return json;
    }

    Map<String, Object> statsJson(F5Pool pool, Instant now, Duration probeDelay) {
        boolean enabled = !"user-disabled".equals(session);
        String availability = availability(pool, now, probeDelay);
        String reason = switch (availability) {
            case "available" -> "Pool member is available";
            case "offline" -> "user-down".equals(state) ? "Forced down" : "Pool member has been marked down by a monitor";
            default -> "Pool member does not have service checking enabled";
        };
        if (!enabled) {
            reason = "Pool member was disabled by the user";
        }
        Map<String, Object> entries = Json.object("addr", Json.object("description", address), "nodeName",
                Json.object("description", nodePath()), "poolName", Json.object("description", pool.fullPath()),
                "port", Json.object("value", port), "serverside.curConns", Json.object("value", connections),
                "sessionStatus", Json.object("description", enabled ? "enabled" : "user-disabled"),
                "status.availabilityState", Json.object("description", availability), "status.enabledState",
                Json.object("description", enabled ? "enabled" : "disabled"), "status.statusReason",
                Json.object("description", reason));
        return Json.object("nestedStats", Json.object("kind", "tm:ltm:pool:members:membersstats", "selfLink",
                selfLink(pool).replace(F5Paths.VERSION, "/stats" + F5Paths.VERSION), "entries", entries));
    }

    String selfLink(F5Pool pool) {
        return "https://localhost/mgmt/tm/ltm/pool/" + F5Paths.toUrl(pool.fullPath()) + "/members/"
                + F5Paths.toUrl(fullPath()) + F5Paths.VERSION;
    }

    static List<String> writableProperties() {
        return List.of("session", "state", "ratio", "connectionLimit", "priorityGroup", "description");
    }
}
