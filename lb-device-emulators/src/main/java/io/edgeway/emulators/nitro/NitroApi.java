package io.edgeway.emulators.nitro;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.edgeway.emulators.support.Credentials;
import io.edgeway.emulators.support.DeviceApi;
import io.edgeway.emulators.support.DeviceFailure;
import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import io.edgeway.emulators.support.Response;
import tools.jackson.databind.JsonNode;

/** The NITRO subset of spec part B: sessions, partitions, lbvservers, service groups and their members. */
final class NitroApi implements DeviceApi {

    static final String MEMBER_BINDING = "servicegroup_servicegroupmember_binding";

    static final String VSERVER_BINDING = "lbvserver_servicegroup_binding";

    /** Who is calling, and in which partition the call runs. */
    private record Caller(String user, NitroSessions.Session session, String partition) {
    }

    private final NitroSettings settings;

    final NitroSessions sessions;

    final Map<String, NitroPartition> partitions = new LinkedHashMap<>();

    NitroApi(NitroSettings settings) {
        this.settings = settings;
        this.sessions = new NitroSessions(settings);
        addPartition("default");
        settings.partitions().forEach(this::addPartition);
    }

    void addPartition(String name) {
        partitions.computeIfAbsent(name, n -> new NitroPartition(n, partitions.size()));
    }

    NitroPartition partition(String name) {
        NitroPartition partition = partitions.get(name);
        if (partition == null) {
            throw NitroErrors.noPartition();
        }
        return partition;
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
        String method = request.method();
        try {
            if (api.equals("config") && type.equals("login") && method.equals("POST")) {
                return login(request.json().path("login"));
            }
            Caller caller = authenticate(request);
            if (api.equals("config") && type.equals("logout") && method.equals("POST")) {
                if (caller.session() != null) {
                    sessions.logout(caller.session());
                }
                return done(200);
            }
            NitroPartition partition = partition(caller.partition());
            if (api.equals("stat")) {
                return stat(type, name, partition);
            }
            if (!api.equals("config")) {
                return NitroErrors.body(404, 258, "No such resource [" + api + "]");
            }
            Map<String, String> query = request.query();
            String action = query.get("action");
            return switch (type) {
                case "nspartition" -> nspartition(request, caller, action);
                case "systemsession" -> systemsession(request, caller, action);
                case "lbvserver" -> lbvserver(request, partition, name, action, query);
                case VSERVER_BINDING -> vserverBinding(request, partition, name, query);
                case "servicegroup" -> servicegroup(request, partition, name, action, query);
                case MEMBER_BINDING -> memberBinding(request, partition, name, query);
                case "server" -> server(request, partition, name, query);
                default -> NitroErrors.body(404, 258, "No such resource [type, " + type + "]");
            };
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
        NitroMember member = member(partition(body.path("partition").asString("default"))
                .servicegroup(Json.text(body, "servicegroup")), Json.text(body, "ip"), body.path("port").asInt());
        member.connections = body.path("connections").asInt(member.connections);
        member.monitorUp = body.path("monitorUp").asBoolean(member.monitorUp);
        return Response.json(200, member.toJson(Json.text(body, "servicegroup"), now()));
    }

    private Response login(JsonNode login) {
        String user = Json.text(login, "username");
        if (!Credentials.valid(settings.users(), user, Json.text(login, "password"))) {
            throw NitroErrors.badCredentials();
        }
        NitroSessions.Session session = sessions.login(user, login.path("timeout").asLong(0), now());
        return Response.json(201, Json.object("errorcode", 0, "message", "Done", "severity", "NONE", "sessionid",
                session.token)).withHeader("Set-Cookie", "NITRO_AUTH_TOKEN=" + session.token + "; path=/nitro/v1");
    }

    private Caller authenticate(Request request) {
        String user = request.header("X-NITRO-USER");
        String token = request.cookie("NITRO_AUTH_TOKEN").or(() -> request.cookie("sessionid")).orElse(null);
        if (user != null) {
            if (token != null) {
                throw NitroErrors.error(400, 278, "Invalid argument [X-NITRO-USER cannot be combined with a session]");
            }
            if (!Credentials.valid(settings.users(), user, request.header("X-NITRO-PASS"))) {
                throw NitroErrors.badCredentials();
            }
            return new Caller(user, null, settings.boundPartitions().getOrDefault(user, "default"));
        }
        if (token == null) {
            throw NitroErrors.notLoggedIn();
        }
        NitroSessions.Session session = sessions.touch(Request.decodeSegment(token, 1), now());
        if (session == null) {
            throw NitroErrors.sessionExpired();
        }
        return new Caller(session.user, session, session.partition);
    }

    private Response nspartition(Request request, Caller caller, String action) {
        if (request.method().equals("GET")) {
            List<Map<String, Object>> all = new ArrayList<>();
            partitions.values().forEach(p -> all.add(Json.object("partitionname", p.name, "partitionid", p.id,
                    "partitiontype", p.name.equals(caller.partition()) ? "Current Partition"
                            : p.name.equals("default") ? "Default Partition" : "",
                    "maxbandwidth", "10240", "minbandwidth", "10240", "maxconn", "1024", "maxmemlimit", "10")));
            return list("nspartition", all, request.query());
        }
        if (!"switch".equalsIgnoreCase(action)) {
            throw NitroErrors.notPermitted();
        }
        if (caller.session() == null) {
            // The partition belongs to a session: stateless X-NITRO-USER calls cannot switch.
            throw NitroErrors.notPermitted();
        }
        String target = Json.text(request.json().path("nspartition"), "partitionname");
        partition(target);
        caller.session().partition = target;
        return done(200);
    }

    private Response systemsession(Request request, Caller caller, String action) {
        if (request.method().equals("GET")) {
            return list("systemsession", sessions.toJson(caller.session(), now()), request.query());
        }
        if (!"kill".equals(action)) {
            throw NitroErrors.notPermitted();
        }
        JsonNode kill = request.json().path("systemsession");
        if (kill.path("all").asBoolean(false)) {
            sessions.killAll();
        }
        else if (!sessions.kill(kill.path("sid").asInt(-1))) {
            throw NitroErrors.noSuchResource("sid", Json.text(kill, "sid"));
        }
        return done(200);
    }

    private Response lbvserver(Request request, NitroPartition p, String name, String action,
            Map<String, String> query) {
        Instant now = now();
        if (request.method().equals("GET")) {
            if (name != null) {
                return list("lbvserver", List.of(p.vserver(name).toJson(p.servicegroups, now)), query);
            }
            return list("lbvserver", p.vservers.values().stream().map(v -> v.toJson(p.servicegroups, now)).toList(),
                    query);
        }
        JsonNode payload = request.json().path("lbvserver");
        if ("enable".equals(action) || "disable".equals(action)) {
            return bulk(request, p, payload, 200, item -> p.vserver(required(item, "name")).enabled =
                    "enable".equals(action));
        }
        boolean idempotent = "yes".equals(query.get("idempotent"));
        return bulk(request, p, payload, idempotent ? 200 : 201, item -> {
            String vs = required(item, "name");
            if (p.vservers.containsKey(vs) && !idempotent) {
                throw NitroErrors.exists();
            }
            NitroVserver vserver = new NitroVserver(vs, required(item, "ipv46"), item.path("port").asInt(0),
                    required(item, "servicetype"));
            NitroVserver existing = p.vservers.get(vs);
            if (existing != null) {
                vserver.servicegroups.addAll(existing.servicegroups);
            }
            if (item.has("lbmethod")) {
                vserver.lbmethod = Json.text(item, "lbmethod");
            }
            p.vservers.put(vs, vserver);
        });
    }

    private Response vserverBinding(Request request, NitroPartition p, String vs, Map<String, String> query) {
        switch (request.method()) {
            case "GET": {
                List<Map<String, Object>> bindings = new ArrayList<>();
                List<NitroVserver> vservers = vs != null ? List.of(p.vserver(vs))
                        : "yes".equals(query.get("bulkbindings")) ? List.copyOf(p.vservers.values()) : List.of();
                vservers.forEach(v -> v.servicegroups.forEach(sg -> bindings.add(Json.object("name", v.name,
                        "servicegroupname", sg, "stateflag", "536936455"))));
                return list(VSERVER_BINDING, bindings, query);
            }
            case "DELETE": {
                NitroVserver vserver = p.vserver(vs);
                String sg = args(query).get("servicegroupname");
                if (sg == null || !vserver.servicegroups.remove(sg)) {
                    throw NitroErrors.noSuchResource("servicegroupname", String.valueOf(sg));
                }
                return done(200);
            }
            default:
                return bulk(request, p, request.json().path(VSERVER_BINDING), 201, item -> {
                    if (item.has("servicename") && item.has("servicegroupname")) {
                        throw NitroErrors.bothArguments("serviceName", "serviceGroupName");
                    }
                    NitroVserver vserver = p.vserver(required(item, "name"));
                    String sg = required(item, "servicegroupname");
                    p.servicegroup(sg);
                    if (vserver.servicegroups.contains(sg)) {
                        throw NitroErrors.exists();
                    }
                    vserver.servicegroups.add(sg);
                });
        }
    }

    private Response servicegroup(Request request, NitroPartition p, String name, String action,
            Map<String, String> query) {
        Instant now = now();
        if (request.method().equals("GET")) {
            if (name != null) {
                return list("servicegroup", List.of(p.servicegroup(name).toJson(now)), query);
            }
            return list("servicegroup", p.servicegroups.values().stream().map(g -> g.toJson(now)).toList(), query);
        }
        JsonNode payload = request.json().path("servicegroup");
        if ("enable".equals(action) || "disable".equals(action)) {
            boolean enable = "enable".equals(action);
            return bulk(request, p, payload, 200, item -> {
                NitroServiceGroup group = p.servicegroup(required(item, "servicegroupname"));
                String server = Json.text(item, "servername");
                if (server == null) {
                    group.enabled = enable;
                    return;
                }
                NitroMember member = memberByServer(group, server, item.path("port").asInt(-1));
                if (enable) {
                    member.enable(now);
                }
                else {
                    member.disable(item.path("delay").asLong(0), "YES".equalsIgnoreCase(Json.text(item, "graceful")),
                            now);
                }
            });
        }
        if (action != null) {
            throw NitroErrors.notPermitted();
        }
        boolean idempotent = "yes".equals(query.get("idempotent"));
        return bulk(request, p, payload, idempotent ? 200 : 201, item -> {
            String sg = required(item, "servicegroupname");
            NitroServiceGroup existing = p.servicegroups.get(sg);
            if (existing != null && !idempotent) {
                throw NitroErrors.exists();
            }
            NitroServiceGroup group = existing != null ? existing : new NitroServiceGroup(sg, required(item, "servicetype"));
            if (item.has("autoscale")) {
                group.autoscale = Json.text(item, "autoscale");
            }
            p.servicegroups.put(sg, group);
        });
    }

    private Response memberBinding(Request request, NitroPartition p, String sg, Map<String, String> query) {
        Instant now = now();
        switch (request.method()) {
            case "GET": {
                List<NitroServiceGroup> groups = sg != null ? List.of(p.servicegroup(sg))
                        : "yes".equals(query.get("bulkbindings")) ? List.copyOf(p.servicegroups.values()) : List.of();
                List<Map<String, Object>> members = new ArrayList<>();
                groups.forEach(g -> g.members.values().forEach(m -> members.add(m.toJson(g.name, now))));
                return list(MEMBER_BINDING, members, query);
            }
            case "DELETE": {
                NitroServiceGroup group = p.servicegroup(sg);
                Map<String, String> args = args(query);
                if (args.containsKey("ip") && args.containsKey("servername")) {
                    throw NitroErrors.bothArguments("serverName", "IP");
                }
                int port = portArg(args.get("port"));
                NitroMember member = args.containsKey("ip") ? member(group, args.get("ip"), port)
                        : memberByServer(group, args.get("servername"), port);
                group.members.remove(member.key());
                return done(200);
            }
            default:
                return bulk(request, p, request.json().path(MEMBER_BINDING), 201, item -> bind(p, item, now));
        }
    }

    private void bind(NitroPartition p, JsonNode item, Instant now) {
        NitroServiceGroup group = p.servicegroup(required(item, "servicegroupname"));
        String ip = Json.text(item, "ip");
        String servername = Json.text(item, "servername");
        if (ip != null && servername != null) {
            throw NitroErrors.bothArguments("serverName", "IP");
        }
        if (ip == null && servername == null) {
            throw NitroErrors.missingArgument("ip");
        }
        int port = portArg(Json.text(item, "port"));
        if (ip == null) {
            ip = p.servers.get(servername);
            if (ip == null) {
                throw NitroErrors.noSuchResource("servername", servername);
            }
        }
        else {
            servername = p.serverFor(ip);
        }
        String key = NitroMember.key(ip, port);
        if (group.members.containsKey(key)) {
            throw NitroErrors.exists();
        }
        NitroMember member = new NitroMember(ip, port, servername, now);
        String weight = Json.text(item, "weight");
        if (weight != null) {
            member.weight = intArg("weight", weight, 1, 100);
        }
        if ("DISABLED".equalsIgnoreCase(Json.text(item, "state"))) {
            member.disable(0, false, now);
        }
        group.members.put(key, member);
    }

    private Response server(Request request, NitroPartition p, String name, Map<String, String> query) {
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
            return list("server", servers, query);
        }
        return bulk(request, p, request.json().path("server"), 201, item -> {
            String serverName = required(item, "name");
            String ip = required(item, "ipaddress");
            if (p.servers.containsKey(serverName)) {
                throw NitroErrors.exists();
            }
            if (p.servers.containsValue(ip)) {
                throw NitroErrors.serverExists(ip);
            }
            p.servers.put(serverName, ip);
        });
    }

    private Response stat(String type, String name, NitroPartition p) {
        if (!type.equals("lbvserver")) {
            return NitroErrors.body(404, 258, "No such resource [type, " + type + "]");
        }
        Instant now = now();
        List<NitroVserver> vservers = name != null ? List.of(p.vserver(name)) : List.copyOf(p.vservers.values());
        List<Map<String, Object>> stats = vservers.stream().map(v -> {
            Map<String, Object> config = v.toJson(p.servicegroups, now);
            int connections = v.servicegroups.stream().map(p.servicegroups::get).filter(g -> g != null)
                    .flatMap(g -> g.members.values().stream()).mapToInt(m -> m.connections).sum();
            return Json.object("name", v.name, "primaryipaddress", v.ipv46, "primaryport", v.port, "type",
                    v.servicetype, "state", config.get("curstate"), "vslbhealth", String.valueOf(config.get("health")),
                    "actsvcs", config.get("activeservices"), "establishedconn", connections);
        }).toList();
        return list("lbvserver", stats, Map.of());
    }

    private NitroMember member(NitroServiceGroup group, String ip, int port) {
        NitroMember member = group.members.get(NitroMember.key(ip, port));
        if (member == null) {
            throw NitroErrors.noSuchResource("ip", ip + ":" + port);
        }
        return member;
    }

    private static NitroMember memberByServer(NitroServiceGroup group, String server, int port) {
        return group.members.values().stream()
                .filter(m -> (m.servername.equals(server) || m.ip.equals(server)) && (port < 0 || m.port == port))
                .findFirst().orElseThrow(() -> NitroErrors.noSuchResource("servername", server + ":" + port));
    }

    /**
     * Runs an add, bind or action for one object, or for each object of an array (bulk): all done answers
     * {@code successStatus}; any failure answers 207 with one result per object, stopping at the first failure unless
     * {@code X-NITRO-ONERROR: continue}, and undoing the whole request with {@code rollback}.
     */
    private Response bulk(Request request, NitroPartition p, JsonNode payload, int successStatus,
            Consumer<JsonNode> operation) {
        if (payload.isMissingNode() || payload.isNull()) {
            throw NitroErrors.invalidJson();
        }
        if (!payload.isArray()) {
            operation.accept(payload);
            return done(successStatus);
        }
        String onError = String.valueOf(request.header("X-NITRO-ONERROR")).toLowerCase();
        NitroPartition snapshot = onError.equals("rollback") ? p.copy() : null;
        List<Object> results = new ArrayList<>();
        boolean failed = false;
        for (JsonNode item : payload) {
            try {
                operation.accept(item);
                results.add(Json.object("errorcode", 0, "message", "Done", "severity", "NONE"));
            }
            catch (DeviceFailure failure) {
                failed = true;
                results.add(Json.MAPPER.readTree(failure.response().body()));
                if (!onError.equals("continue")) {
                    break;
                }
            }
        }
        if (!failed) {
            return done(successStatus);
        }
        if (snapshot != null) {
            p.restore(snapshot);
        }
        return Response.json(207, Json.object("errorcode", 1243, "message", "Bulk operation failed", "severity",
                "ERROR", "response", results));
    }

    /** A GET body with {@code filter}, {@code attrs}, {@code count} and paging applied; no key at all when empty. */
    private static Response list(String type, List<Map<String, Object>> items, Map<String, String> query) {
        List<Map<String, Object>> shown = items;
        Map<String, String> filter = parseArgs(query.get("filter"));
        if (!filter.isEmpty()) {
            shown = shown.stream().filter(item -> filter.entrySet().stream()
                    .allMatch(f -> f.getValue().equals(String.valueOf(item.get(f.getKey()))))).toList();
        }
        Map<String, Object> body = Json.object("errorcode", 0, "message", "Done", "severity", "NONE");
        if ("yes".equals(query.get("count"))) {
            body.put(type, List.of(Json.object("__count", shown.size())));
            return Response.json(200, body);
        }
        if (query.containsKey("pagesize")) {
            int size = Integer.parseInt(query.get("pagesize"));
            int page = Integer.parseInt(query.getOrDefault("pageno", "1"));
            int from = Math.min(shown.size(), (page - 1) * size);
            shown = shown.subList(from, Math.min(shown.size(), from + size));
        }
        if (query.containsKey("attrs")) {
            List<String> attrs = Arrays.asList(query.get("attrs").split(","));
            shown = shown.stream().map(item -> Json.select(item, attrs)).toList();
        }
        if (!shown.isEmpty()) {
            body.put(type, shown);
        }
        return Response.json(200, body);
    }

    private static Response done(int status) {
        return Response.json(status, Json.object("errorcode", 0, "message", "Done", "severity", "NONE"));
    }

    private static Map<String, String> args(Map<String, String> query) {
        return parseArgs(query.get("args"));
    }

    /** {@code k:v,k2:v2}; a value may itself contain ':' (IPv6) and may be URL-encoded once more. */
    private static Map<String, String> parseArgs(String args) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (args == null || args.isBlank()) {
            return parsed;
        }
        for (String pair : args.split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                parsed.put(pair.substring(0, colon).trim(), Request.decodeSegment(pair.substring(colon + 1).trim(), 1));
            }
        }
        return parsed;
    }

    private static String required(JsonNode item, String field) {
        return Json.nonBlankText(item, field).orElseThrow(() -> NitroErrors.missingArgument(field));
    }

    private static int portArg(String port) {
        if (port == null) {
            throw NitroErrors.missingArgument("port");
        }
        return intArg("port", port, 0, 65535);
    }

    private static int intArg(String name, String value, int min, int max) {
        return Request.intInRange(value.trim(), min, max).orElseThrow(() -> NitroErrors.invalidValue(name));
    }
}
