package io.edgeway.emulators.f5;

import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;

/** A virtual server: destination, protocol, enabled or disabled, and the pool it sends traffic to. */
final class F5Virtual {

    final String partition;

    final String name;

    String destination;

    String ipProtocol;

    /** The persistence profile's full path ({@code /Common/source_addr}, {@code /Common/cookie}); none when null. */
    String persist;

    String pool;

    boolean enabled = true;

    String description;

    F5Virtual(String partition, String name, String destination, String ipProtocol, String pool) {
        this.partition = partition;
        this.name = name;
        this.destination = destination;
        this.ipProtocol = ipProtocol;
        this.pool = pool;
    }

    F5Virtual copy() {
        F5Virtual copy = new F5Virtual(partition, name, destination, ipProtocol, pool);
        copy.enabled = enabled;
        copy.description = description;
        copy.persist = persist;
        return copy;
    }

    String fullPath() {
        return "/" + partition + "/" + name;
    }

    Map<String, Object> toJson() {
        String self = "https://localhost/mgmt/tm/ltm/virtual/" + F5Paths.toUrl(fullPath());
        Map<String, Object> json = Json.object("kind", "tm:ltm:virtual:virtualstate", "name", name, "partition",
                partition, "fullPath", fullPath(), "generation", 1, "selfLink", self + F5Paths.VERSION, "destination",
                destination, "ipProtocol", ipProtocol, "mask", "255.255.255.255", "source", "0.0.0.0/0",
                "sourceAddressTranslation", Json.object("type", "automap"), "translateAddress", "enabled",
                "translatePort", "enabled", "vsIndex", Math.abs(fullPath().hashCode() % 1000), "rules", List.of(),
                "profilesReference", Json.object("link", self + "/profiles" + F5Paths.VERSION, "isSubcollection", true));
        // Exactly one of the two booleans is present, as on the device.
        json.put(enabled ? "enabled" : "disabled", true);
        if (pool != null) {
            json.put("pool", pool);
            json.put("poolReference", Json.object("link",
                    "https://localhost/mgmt/tm/ltm/pool/" + F5Paths.toUrl(pool) + F5Paths.VERSION));
        }
        if (description != null) {
            json.put("description", description);
        }
        if (persist != null) {
            json.put("persist", List.of(Json.object("name", F5Paths.nameOf(persist), "partition",
                    F5Paths.partitionOf(persist), "tmDefault", "yes")));
        }
        return json;
    }

    Map<String, Object> statsJson(Map<String, F5Pool> pools, Map<String, Integer> connectionsByPool) {
        F5Pool target = pool == null ? null : pools.get(pool);
        String availability = target == null || target.members.isEmpty() ? "unknown" : "available";
        return Json.object("nestedStats", Json.object("entries", Json.object("tmName",
                Json.object("description", fullPath()), "status.availabilityState",
                Json.object("description", availability), "status.enabledState",
                Json.object("description", enabled ? "enabled" : "disabled"), "status.statusReason",
                Json.object("description", "unknown".equals(availability)
                        ? "The children pool member(s) either don't have service checking enabled, or service check "
                                + "results are not available yet"
                        : "The virtual server is available"),
                "clientside.curConns", Json.object("value", connectionsByPool.getOrDefault(pool, 0)))));
    }
}
