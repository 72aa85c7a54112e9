package io.edgeway.emulators.nitro;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import io.edgeway.emulators.support.Response;
import tools.jackson.databind.JsonNode;

/** The HTTP monitors of the caller's partition ({@code lbmonitor}) and their bindings to service groups. */
final class NitroMonitorResources {

    static final String MONITOR_BINDING = "servicegroup_lbmonitor_binding";

    Response lbmonitor(Request request, NitroPartition p, String name, NitroQuery query) {
        switch (request.method()) {
            case "GET": {
                List<NitroMonitor> monitors = name != null ? List.of(monitor(p, name)) : List.copyOf(p.monitors.values());
                return query.list("lbmonitor", monitors.stream().map(NitroMonitor::toJson).toList());
            }
            case "DELETE":
                NitroMonitor monitor = monitor(p, name);
                p.monitors.remove(monitor.name);
                p.servicegroups.values().forEach(group -> group.monitors.remove(monitor.name));
                return NitroDone.response(200);
            case "PUT":
                return NitroBulk.run(request, p, request.json().path("lbmonitor"), 200,
                        item -> apply(monitor(p, required(item, "monitorname")), item));
            default:
                return NitroBulk.run(request, p, request.json().path("lbmonitor"), 201, item -> add(p, item));
        }
    }

    Response binding(Request request, NitroPartition p, String sg, NitroQuery query) {
        switch (request.method()) {
            case "GET": {
                List<Map<String, Object>> bindings = new ArrayList<>();
                p.servicegroup(sg).monitors.forEach(m -> bindings.add(Json.object("servicegroupname", sg,
                        "monitor_name", m, "weight", "1", "monstate", "ENABLED")));
                return query.list(MONITOR_BINDING, bindings);
            }
            case "DELETE": {
                String monitor = query.args().get("monitor_name");
                if (monitor == null || !p.servicegroup(sg).monitors.remove(monitor)) {
                    throw NitroErrors.noSuchResource("monitor_name", String.valueOf(monitor));
                }
                return NitroDone.response(200);
            }
            default:
                return NitroBulk.run(request, p, request.json().path(MONITOR_BINDING), 201, item -> {
                    NitroServiceGroup group = p.servicegroup(required(item, "servicegroupname"));
                    String monitor = monitor(p, required(item, "monitor_name")).name;
                    if (group.monitors.contains(monitor)) {
                        throw NitroErrors.exists();
                    }
                    group.monitors.add(monitor);
                });
        }
    }

    private static void add(NitroPartition p, JsonNode item) {
        String name = required(item, "monitorname");
        if (p.monitors.containsKey(name)) {
            throw NitroErrors.exists();
        }
        String type = required(item, "type");
        if (!type.equals("HTTP") && !type.equals("TCP") && !type.equals("HTTP-ECV")) {
            throw NitroErrors.invalidValue("type");
        }
        NitroMonitor monitor = new NitroMonitor(name, type);
        apply(monitor, item);
        p.monitors.put(name, monitor);
    }

    private static void apply(NitroMonitor monitor, JsonNode item) {
        int interval = seconds(item, "interval", monitor.interval);
        int resptimeout = seconds(item, "resptimeout", monitor.resptimeout);
        // The appliance refuses a probe that may still wait when the next one is due.
        if (resptimeout >= interval) {
            throw NitroErrors.invalidValue("resptimeout");
        }
        monitor.interval = interval;
        monitor.resptimeout = resptimeout;
        if (item.has("httprequest")) {
            monitor.httprequest = Json.text(item, "httprequest");
        }
        if (item.has("comment")) {
            monitor.comment = Json.text(item, "comment");
        }
    }

    private static int seconds(JsonNode item, String field, int current) {
        if (!item.has(field)) {
            return current;
        }
        return Request.intInRange(item.path(field).asString(), 1, 20940)
                .orElseThrow(() -> NitroErrors.invalidValue(field));
    }

    private static NitroMonitor monitor(NitroPartition p, String name) {
        NitroMonitor monitor = p.monitors.get(name);
        if (monitor == null) {
            throw NitroErrors.noSuchResource("monitorname", name);
        }
        return monitor;
    }

    private static String required(JsonNode item, String field) {
        return Json.nonBlankText(item, field).orElseThrow(() -> NitroErrors.missingArgument(field));
    }
}
