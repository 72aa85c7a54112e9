package io.edgeway.emulators.nitro;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.support.Credentials;
import io.edgeway.emulators.support.DeviceApi;
import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import io.edgeway.emulators.support.Response;
import tools.jackson.databind.JsonNode;

import static io.edgeway.emulators.nitro.NitroConfigResources.MEMBER_BINDING;
import static io.edgeway.emulators.nitro.NitroConfigResources.VSERVER_BINDING;

/**
 * The NITRO subset of spec part B over HTTP: login and logout, then, for a caller with a session or with
 * {@code X-NITRO-USER}/{@code X-NITRO-PASS}, {@code /nitro/v1/config|stat/<type>[/<name>]} routed to its resource.
 */
final class NitroApi implements DeviceApi {

    private final NitroSettings settings;

    final NitroSessions sessions;

    final NitroPartitions partitions;

    private final NitroSessionResources sessionResources;

    private final NitroConfigResources configResources;

    private final NitroMonitorResources monitorResources = new NitroMonitorResources();

    NitroApi(NitroSettings settings) {
        this.settings = settings;
        this.sessions = new NitroSessions(settings);
        this.partitions = new NitroPartitions(settings.partitions());
        this.sessionResources = new NitroSessionResources(sessions, partitions, settings.clock());
        this.configResources = new NitroConfigResources(settings.clock());
    }

    Instant now() {
        return settings.clock().instant();
    }

    @Override
    public synchronized Response handle(Request request) {
        List<String> segments = request.rawSegments();
        if (segments.size() < 4 || !segments.get(0).equals("nitro") || !segments.get(1).equals("v1")) {
            return NitroErrors.body(404, 258, "No such resource [" + request.rawPath() + "]");
        }
        String api = segments.get(2);
        String type = segments.get(3);
        String name = segments.size() > 4 ? Request.decodeSegment(segments.get(4), 2) : null;
        boolean configPost = api.equals("config") && request.method().equals("POST");
        try {
            if (configPost && type.equals("login")) {
                return login(request.json().path("login"));
            }
            NitroCaller caller = authenticate(request);
            if (configPost && type.equals("logout")) {
                if (caller.session() != null) {
                    sessions.logout(caller.session());
                }
                return NitroDone.response(200);
            }
            NitroPartition partition = partitions.get(caller.partition());
            if (api.equals("stat")) {
                return configResources.stat(type, name, partition);
            }
            if (!api.equals("config")) {
                return NitroErrors.body(404, 258, "No such resource [" + api + "]");
            }
            return route(request, caller, partition, type, name, new NitroQuery(request.query()));
        }
        catch (IllegalArgumentException e) {
            return NitroErrors.invalidJson().response();
        }
    }

    @Override
    public Response injectedFailure(int status, Request request) {
        return status == 503 ? NitroErrors.body(503, 291, "Resource temporarily unavailable")
                : NitroErrors.body(status, 256, "NetScaler not running");
    }

    @Override
    public synchronized void occupySessions(int count) {
        sessions.occupy(count, now());
    }

    @Override
    public synchronized void killSessions() {
        sessions.killAll();
    }

    @Override
    public synchronized Map<String, Object> stats() {
        return sessions.stats(now());
    }

    /** {@code {"partition":"default","servicegroup":"sg1","ip":"10.0.0.1","port":80,"connections":3}}. */
    @Override
    public synchronized Response putMember(JsonNode body) {
        NitroPartition partition = partitions.get(body.path("partition").asString("default"));
        String servicegroup = Json.text(body, "servicegroup");
        NitroMember member = partition.member(partition.servicegroup(servicegroup), Json.text(body, "ip"),
                body.path("port").asInt());
        member.connections = body.path("connections").asInt(member.connections);
        member.monitorUp = body.path("monitorUp").asBoolean(member.monitorUp);
        return Response.json(200, member.toJson(servicegroup, now()));
    }

    private Response route(Request request, NitroCaller caller, NitroPartition partition, String type, String name,
            NitroQuery query) {
        return switch (type) {
            case "nspartition" -> sessionResources.nspartition(request, caller, query);
            case "systemsession" -> sessionResources.systemsession(request, caller, query);
            case "lbvserver" -> configResources.lbvserver(request, partition, name, query);
            case VSERVER_BINDING -> configResources.vserverBinding(request, partition, name, query);
            case "servicegroup" -> configResources.servicegroup(request, partition, name, query);
            case MEMBER_BINDING -> configResources.memberBinding(request, partition, name, query);
            case "server" -> configResources.server(request, partition, name, query);
            case "lbmonitor" -> monitorResources.lbmonitor(request, partition, name, query);
            case NitroMonitorResources.MONITOR_BINDING -> monitorResources.binding(request, partition, name, query);
            default -> NitroErrors.body(404, 258, "No such resource [type, " + type + "]");
        };
    }

    private Response login(JsonNode login) {
        String user = Json.text(login, "username");
        if (!Credentials.valid(settings.users(), user, Json.text(login, "password"))) {
            throw NitroErrors.badCredentials();
        }
        NitroSessions.Session session = sessions.login(user, login.path("timeout").asLong(0), now());
        Map<String, Object> body = NitroDone.body();
        body.put("sessionid", session.token);
        return Response.json(201, body)
                .withHeader("Set-Cookie", "NITRO_AUTH_TOKEN=" + session.token + "; path=/nitro/v1");
    }

    /** The caller of a session cookie, or of {@code X-NITRO-USER}/{@code X-NITRO-PASS} (never both). */
    private NitroCaller authenticate(Request request) {
        String user = request.header("X-NITRO-USER");
        String token = request.cookie("NITRO_AUTH_TOKEN").or(() -> request.cookie("sessionid")).orElse(null);
        if (user != null) {
            if (token != null) {
                throw NitroErrors.error(400, 278, "Invalid argument [X-NITRO-USER cannot be combined with a session]");
            }
            if (!Credentials.valid(settings.users(), user, request.header("X-NITRO-PASS"))) {
                throw NitroErrors.badCredentials();
            }
            return new NitroCaller(user, null, settings.boundPartitions().getOrDefault(user, "default"));
        }
        if (token == null) {
            throw NitroErrors.notLoggedIn();
        }
        NitroSessions.Session session = sessions.touch(Request.decodeSegment(token, 1), now());
        if (session == null) {
            throw NitroErrors.sessionExpired();
        }
        return new NitroCaller(session.user, session, session.partition);
    }
}
