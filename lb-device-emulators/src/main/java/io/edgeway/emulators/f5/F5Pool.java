package io.edgeway.emulators.f5;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.edgeway.emulators.support.Json;

/** A pool and its members, keyed by member full path. */
final class F5Pool {

    /**
     * The load-balancing modes of BIG-IP's {@code ltm pool} reference; {@code ratio-member} is the one that weighs
     * members by their {@code ratio}.
     */
    static final Set<String> LOAD_BALANCING_MODES = Set.of("round-robin", "ratio-member", "ratio-node",
            "ratio-session", "ratio-least-connections-member", "ratio-least-connections-node", "least-connections-member",
            "least-connections-node", "least-sessions", "fastest-app-response", "fastest-node", "observed-member",
            "observed-node", "predictive-member", "predictive-node", "dynamic-ratio-member", "dynamic-ratio-node",
            "weighted-least-connections-member", "weighted-least-connections-node");

    final String partition;

    final String name;

    String monitor = "";

    String loadBalancingMode = "round-robin";

    String description;

    final Map<String, F5Member> members = new LinkedHashMap<>();

    long generation = 1;

    F5Pool(String partition, String name) {
        this.partition = partition;
        this.name = name;
    }

    F5Pool copy() {
        F5Pool copy = new F5Pool(partition, name);
        copy.monitor = monitor;
        copy.loadBalancingMode = loadBalancingMode;
        copy.description = description;
        members.forEach((path, member) -> copy.members.put(path, member.copy()));
        copy.generation = generation;
        return copy;
    }

    String fullPath() {
        return "/" + partition + "/" + name;
    }

    boolean monitored() {
        return monitor != null && !monitor.isBlank() && !"none".equals(monitor);
    }

    String membersLink() {
        return "https://localhost/mgmt/tm/ltm/pool/" + F5Paths.toUrl(fullPath()) + "/members" + F5Paths.VERSION;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = Json.object("kind", "tm:ltm:pool:poolstate", "name", name, "partition", partition,
                "fullPath", fullPath(), "generation", generation, "selfLink",
                "https://localhost/mgmt/tm/ltm/pool/" + F5Paths.toUrl(fullPath()) + F5Paths.VERSION,
                "allowNat", "yes", "allowSnat", "yes", "loadBalancingMode", loadBalancingMode, "minActiveMembers", 0,
                "queueOnConnectionLimit", "disabled", "serviceDownAction", "none");
        if (monitored()) {
            json.put("monitor", monitor);
        }
        if (description != null) {
            json.put("description", description);
        }
        json.put("membersReference", Json.object("link", membersLink(), "isSubcollection", true));
        return json;
    }
}
