package io.edgeway.emulators.f5;

import java.util.Map;

import io.edgeway.emulators.support.Json;

/** An HTTP monitor ({@code ltm monitor http}): what it sends, how often, and how long a member may stay silent. */
final class F5Monitor {

    final String partition;

    final String name;

    String send = "GET /\\r\\n";

    String recv = "";

    int interval = 5;

    int timeout = 16;

    String description;

    F5Monitor(String partition, String name) {
        this.partition = partition;
        this.name = name;
    }

    F5Monitor copy() {
        F5Monitor copy = new F5Monitor(partition, name);
        copy.send = send;
        copy.recv = recv;
        copy.interval = interval;
        copy.timeout = timeout;
        copy.description = description;
        return copy;
    }

    String fullPath() {
        return "/" + partition + "/" + name;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = Json.object("kind", "tm:ltm:monitor:http:httpstate", "name", name, "partition",
                partition, "fullPath", fullPath(), "generation", 1, "selfLink",
                "https://localhost/mgmt/tm/ltm/monitor/http/" + F5Paths.toUrl(fullPath()) + F5Paths.VERSION,
                "defaultsFrom", "/Common/http", "destination", "*:*", "interval", interval, "timeout", timeout,
                "send", send, "recv", recv, "timeUntilUp", 0, "upInterval", 0);
        if (description != null) {
            json.put("description", description);
        }
        return json;
    }
}
