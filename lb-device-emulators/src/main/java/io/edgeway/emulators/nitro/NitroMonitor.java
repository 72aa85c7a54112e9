package io.edgeway.emulators.nitro;

import java.util.Map;

import io.edgeway.emulators.support.Json;

/** An HTTP lbmonitor: the request it sends, how often, and how long one probe may wait for its answer. */
final class NitroMonitor {

    final String name;

    final String type;

    String httprequest = "HEAD /";

    int interval = 5;

    int resptimeout = 2;

    String comment = "";

    NitroMonitor(String name, String type) {
        this.name = name;
        this.type = type;
    }

    NitroMonitor copy() {
        NitroMonitor copy = new NitroMonitor(name, type);
        copy.httprequest = httprequest;
        copy.interval = interval;
        copy.resptimeout = resptimeout;
        copy.comment = comment;
        return copy;
    }

    Map<String, Object> toJson() {
        return Json.object("monitorname", name, "type", type, "httprequest", httprequest, "interval", interval,
                "units3", "SEC", "resptimeout", resptimeout, "units4", "SEC", "state", "ENABLED", "comment", comment);
    }
}
