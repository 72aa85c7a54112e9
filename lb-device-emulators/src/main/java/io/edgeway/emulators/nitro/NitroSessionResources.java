package io.edgeway.emulators.nitro;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import io.edgeway.emulators.support.Response;
import tools.jackson.databind.JsonNode;

/**
 * The resources about sessions (spec B.1, B.2): {@code nspartition} lists the partitions and switches the caller's
 * session to one; {@code systemsession} lists and kills sessions.
 */
final class NitroSessionResources {

    private final NitroSessions sessions;

    private final NitroPartitions partitions;

    private final Clock clock;

    NitroSessionResources(NitroSessions sessions, NitroPartitions partitions, Clock clock) {
        this.sessions = sessions;
        this.partitions = partitions;
        this.clock = clock;
    }

    Response nspartition(Request request, NitroCaller caller, NitroQuery query) {
        if (request.method().equals("GET")) {
            List<Map<String, Object>> all = new ArrayList<>();
            partitions.all().forEach(p -> all.add(Json.object("partitionname", p.name, "partitionid", p.id,
                    "partitiontype", p.name.equals(caller.partition()) ? "Current Partition"
                            : p.name.equals("default") ? "Default Partition" : "",
                    "maxbandwidth", "10240", "minbandwidth", "10240", "maxconn", "1024", "maxmemlimit", "10")));
            return query.list("nspartition", all);
        }
        if (!"switch".equalsIgnoreCase(query.action())) {
            throw NitroErrors.notPermitted();
        }
        if (caller.session() == null) {
            // The partition belongs to a session: stateless X-NITRO-USER calls cannot switch.
            throw NitroErrors.notPermitted();
        }
        String target = Json.text(request.json().path("nspartition"), "partitionname");
        partitions.get(target);
        caller.session().partition = target;
        return NitroDone.response(200);
    }

    Response systemsession(Request request, NitroCaller caller, NitroQuery query) {
        if (request.method().equals("GET")) {
            return query.list("systemsession", sessions.toJson(caller.session(), clock.instant()));
        }
        if (!"kill".equals(query.action())) {
            throw NitroErrors.notPermitted();
        }
        JsonNode kill = request.json().path("systemsession");
        if (kill.path("all").asBoolean(false)) {
            sessions.killAll();
        }
        else if (!sessions.kill(kill.path("sid").asInt(-1))) {
            throw NitroErrors.noSuchResource("sid", Json.text(kill, "sid"));
        }
        return NitroDone.response(200);
    }
}
