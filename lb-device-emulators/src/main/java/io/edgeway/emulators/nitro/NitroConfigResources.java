package io.edgeway.emulators.nitro;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import io.edgeway.emulators.support.Response;
import tools.jackson.databind.JsonNode;

/**
 * The load-balancing resources of spec B.3 in the caller's partition, and their {@code stat}: a GET lists objects
 * through the query options, a write runs each payload object through {@link NitroBulk} into the partition's changes.
 */
final class NitroConfigResources {

    static final String VSERVER_BINDING = "lbvserver_servicegroup_binding";

    static final String MEMBER_BINDING = "servicegroup_servicegroupmember_binding";

    private final Clock clock;

    NitroConfigResources(Clock clock) {
        this.clock = clock;
    }

    Response lbvserver(Request request, NitroPartition p, String name, NitroQuery query) {
        Instant now = clock.instant();
        if (request.method().equals("GET")) {
            List<NitroVserver> vservers = name != null ? List.of(p.vserver(name)) : List.copyOf(p.vservers.values());
            return query.list("lbvserver", vservers.stream().map(v -> v.toJson(p.servicegroups, now)).toList());
        }
        if (request.method().equals("DELETE")) {
            p.deleteVserver(name);
            return NitroDone.response(200);
        }
        JsonNode payload = request.json().path("lbvserver");
        String action = query.action();
        if ("enable".equals(action) || "disable".equals(action)) {
            return NitroBulk.run(request, p, payload, 200, item -> p.enableVserver(item, "enable".equals(action)));
        }
        if (request.method().equals("PUT")) {
            return NitroBulk.run(request, p, payload, 200, p::updateVserver);
        }
        boolean idempotent = query.idempotent();
        return NitroBulk.run(request, p, payload, idempotent ? 200 : 201, item -> p.addVserver(item, idempotent));
    }

    Response vserverBinding(Request request, NitroPartition p, String vs, NitroQuery query) {
        switch (request.method()) {
            case "GET": {
                List<NitroVserver> vservers = vs != null ? List.of(p.vserver(vs))
                        : query.bulkBindings() ? List.copyOf(p.vservers.values()) : List.of();
                List<Map<String, Object>> bindings = new ArrayList<>();
                vservers.forEach(v -> v.servicegroups.forEach(sg -> bindings.add(Json.object("name", v.name,
                        "servicegroupname", sg, "stateflag", "536936455"))));
                return query.list(VSERVER_BINDING, bindings);
            }
            case "DELETE":
                p.unbindServiceGroup(p.vserver(vs), query.args());
                return NitroDone.response(200);
            default:
                return NitroBulk.run(request, p, request.json().path(VSERVER_BINDING), 201, p::bindServiceGroup);
        }
    }

    Response servicegroup(Request request, NitroPartition p, String name, NitroQuery query) {
        Instant now = clock.instant();
        if (request.method().equals("GET")) {
            List<NitroServiceGroup> groups = name != null ? List.of(p.servicegroup(name))
                    : List.copyOf(p.servicegroups.values());
            return query.list("servicegroup", groups.stream().map(g -> g.toJson(now)).toList());
        }
        if (request.method().equals("DELETE")) {
            p.deleteServiceGroup(name);
            return NitroDone.response(200);
        }
        JsonNode payload = request.json().path("servicegroup");
        String action = query.action();
        if ("enable".equals(action) || "disable".equals(action)) {
            return NitroBulk.run(request, p, payload, 200,
                    item -> p.enableServiceGroup(item, "enable".equals(action), now));
        }
        if (action != null) {
            throw NitroErrors.notPermitted();
        }
        if (request.method().equals("PUT")) {
            return NitroBulk.run(request, p, payload, 200, p::updateServiceGroup);
        }
        boolean idempotent = query.idempotent();
        return NitroBulk.run(request, p, payload, idempotent ? 200 : 201, item -> p.addServiceGroup(item, idempotent));
    }

    Response memberBinding(Request request, NitroPartition p, String sg, NitroQuery query) {
        Instant now = clock.instant();
        switch (request.method()) {
            case "GET": {
                List<NitroServiceGroup> groups = sg != null ? List.of(p.servicegroup(sg))
                        : query.bulkBindings() ? List.copyOf(p.servicegroups.values()) : List.of();
                List<Map<String, Object>> members = new ArrayList<>();
                groups.forEach(g -> g.members.values().forEach(m -> members.add(m.toJson(g.name, now))));
                return query.list(MEMBER_BINDING, members);
            }
            case "DELETE":
                p.unbindMember(p.servicegroup(sg), query.args());
                return NitroDone.response(200);
            default:
                return NitroBulk.run(request, p, request.json().path(MEMBER_BINDING), 201,
                        item -> p.bindMember(item, now));
        }
    }

    Response server(Request request, NitroPartition p, String name, NitroQuery query) {
        if (request.method().equals("GET")) {
            List<Map<String, Object>> servers = new ArrayList<>();
            p.servers.forEach((n, ip) -> {
                if (name == null || name.equals(n)) {
                    servers.add(Json.object("name", n, "ipaddress", ip, "state", "ENABLED", "td", "0"));
                }
            });
            if (name != null && servers.isEmpty()) {
                throw NitroErrors.noSuchResource("name", name);
            }
            return query.list("server", servers);
        }
        return NitroBulk.run(request, p, request.json().path("server"), 201, p::addServer);
    }

    /** {@code /nitro/v1/stat/lbvserver[/<name>]}, whatever the method and query; no other type has stats here. */
    Response stat(String type, String name, NitroPartition p) {
        if (!type.equals("lbvserver")) {
            return NitroErrors.body(404, 258, "No such resource [type, " + type + "]");
        }
        Instant now = clock.instant();
        List<NitroVserver> vservers = name != null ? List.of(p.vserver(name)) : List.copyOf(p.vservers.values());
        return NitroQuery.NONE.list("lbvserver",
                vservers.stream().map(v -> v.statsJson(p.servicegroups, now)).toList());
    }
}
