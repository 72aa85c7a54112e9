package io.edgeway.emulators.f5;

import java.util.Map;

import io.edgeway.emulators.support.Json;

/** A node: the address members point at; created with its first member, never deleted with its last. */
final class F5Node {

    final String partition;

    final String name;

    final String address;

    F5Node(String partition, String name, String address) {
        this.partition = partition;
        this.name = name;
        this.address = address;
    }

    String fullPath() {
        return "/" + partition + "/" + name;
    }

    Map<String, Object> toJson() {
        return Json.object("kind", "tm:ltm:node:nodestate", "name", name, "partition", partition, "fullPath",
                fullPath(), "generation", 1, "selfLink",
                "https://localhost/mgmt/tm/ltm/node/" + F5Paths.toUrl(fullPath()) + F5Paths.VERSION, "address",
                address, "connectionLimit", 0, "dynamicRatio", 1, "ephemeral", "false", "fqdn",
                Json.object("addressFamily", "ipv4", "autopopulate", "disabled"), "logging", "disabled", "monitor",
                "default", "rateLimit", "disabled", "ratio", 1, "session", "user-enabled", "state", "unchecked");
    }
}
