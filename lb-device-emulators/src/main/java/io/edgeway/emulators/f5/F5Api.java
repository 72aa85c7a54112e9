package io.edgeway.emulators.f5;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import io.edgeway.emulators.support.Credentials;
import io.edgeway.emulators.support.DeviceApi;
import io.edgeway.emulators.support.DeviceFailure;
import io.edgeway.emulators.support.Json;
import io.edgeway.emulators.support.Request;
import io.edgeway.emulators.support.Response;
import tools.jackson.databind.JsonNode;

/** The iControl REST subset of spec part A, over the LTM model, the tokens and the transactions. */
final class F5Api implements DeviceApi {

    private static final String LOGIN = "/mgmt/shared/authn/login";

    private static final String TOKENS = "/mgmt/shared/authz/tokens/";

    private static final String TRANSACTION = "/mgmt/tm/transaction";

    private static final String LTM = "/mgmt/tm/ltm/";

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final F5Settings settings;

    final F5Ltm ltm = new F5Ltm();

    final F5Tokens tokens;

    private final F5Transactions transactions;

    /** Every write call served, in order, with its user: who wrote when. */
    final List<F5Emulator.Write> writes = new ArrayList<>();

    F5Api(F5Settings settings) {
        this.settings = settings;
        this.tokens = new F5Tokens(settings);
        this.transactions = new F5Transactions(settings.transactionTimeout());
        ltm.partitions.addAll(settings.partitions());
    }

    @Override
    public synchronized Response handle(Request request) {
        String path = request.rawPath();
        try {
            if (path.equals(LOGIN) && request.method().equals("POST")) {
                return login(request);
            }
            String user = authenticate(request);
            if (WRITES.contains(request.method())) {
                writes.add(new F5Emulator.Write(user, request.method(), path));
            }
            if (path.startsWith(TOKENS)) {
                return token(request, user, Request.decodeSegment(path.substring(TOKENS.length()), 1));
            }
            if (path.equals(TRANSACTION) || path.startsWith(TRANSACTION + "/")) {
                return transaction(request);
            }
            String coordination = request.header("X-F5-REST-Coordination-Id");
            if (coordination != null && WRITES.contains(request.method())) {
                return queue(request, coordination);
            }
            if (path.startsWith(LTM)) {
                return ltm(request);
            }
            return F5Errors.notRegistered(path);
        }
        catch (IllegalArgumentException e) {
            return F5Errors.tm(400, "Unexpected character in the JSON body: " + e.getMessage(), 26214401).response();
        }
    }

    @Override
    public Response injectedFailure(int status, Request request) {
        return switch (status) {
            case 503 -> F5Errors.restarting();
            case 404 -> F5Errors.notRegistered(request.rawPath());
            default -> F5Errors.mcpdLost();
        };
    }

    @Override
    public synchronized void occupySessions(int count) {
        tokens.occupy(count);
    }

    @Override
    public synchronized void killSessions() {
        tokens.revokeAll();
    }

    @Override
    public synchronized Map<String, Object> stats() {
        return tokens.stats();
    }

    /** {@code {"pool":"/P/p1","member":"10.0.0.1:80","connections":3,"monitorUp":false}}. */
    @Override
    public synchronized Response putMember(JsonNode body) {
        F5Pool pool = ltm.pool(Json.text(body, "pool"));
        F5Member member = ltm.member(pool, F5Paths.fullPath(pool.partition, Json.text(body, "member")));
        member.connections = body.path("connections").asInt(member.connections);
        member.monitorUp = body.path("monitorUp").asBoolean(member.monitorUp);
        return Response.json(200, member.toJson(pool, now(), settings.probeDelay()));
    }

    private Response login(Request request) {
        JsonNode body = request.json();
        String user = Json.text(body, "username");
        if (!Credentials.valid(settings.users(), user, Json.text(body, "password"))) {
            return F5Errors.rest(401, "Authentication failed.");
        }
        return F5Tokens.loginResponse(tokens.issue(user));
    }

    /** The user behind a token, or behind Basic credentials (local users only). */
    private String authenticate(Request request) {
        String token = request.header("X-F5-Auth-Token");
        if (token != null) {
            F5Tokens.Token found = tokens.find(token);
            if (found == null) {
                throw F5Errors.unauthorized("X-F5-Auth-Token does not exist.");
            }
            return found.user;
        }
        String authorization = request.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8).split(":", 2);
            String user = credentials[0];
            if (credentials.length == 2 && Credentials.valid(settings.users(), user, credentials[1])
                    && !settings.remoteUsers().contains(user)) {
                return user;
            }
            throw F5Errors.unauthorized("Authentication failed.");
        }
        throw F5Errors.unauthorized("Authorization failed: no user authentication header or token detected. Uri:"
                + request.rawPath() + " Referrer:127.0.0.1 Sender:127.0.0.1");
    }

    private Response token(Request request, String user, String id) {
        return switch (request.method()) {
            case "GET" -> Response.json(200, tokens.owned(user, id).toJson());
            case "PATCH" -> Response.json(200, tokens.extend(user, id, request.json().path("timeout").asLong(0))
                    .toJson());
            case "DELETE" -> {
                tokens.revoke(user, id);
                yield Response.empty(200);
            }
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    private Response transaction(Request request) {
        List<String> rest = request.rawSegments().subList(3, request.rawSegments().size());
        if (rest.isEmpty() && request.method().equals("POST")) {
            return Response.json(200, transactions.start(now()).toJson(transactions.timeout()));
        }
        if (rest.isEmpty()) {
            return F5Errors.notRegistered(request.rawPath());
        }
        F5Transactions.Transaction transaction = transactions.find(rest.get(0), now());
        if (rest.size() == 2 && rest.get(1).equals("commands") && request.method().equals("GET")) {
            return Response.json(200, Json.object("kind", "tm:transaction:commandscollectionstate", "items",
                    transaction.commandsJson()));
        }
        return switch (request.method()) {
            case "GET" -> Response.json(200, transaction.toJson(transactions.timeout()));
            case "DELETE" -> {
                transactions.close(transaction);
                yield Response.empty(200);
            }
            case "PATCH" -> commit(transaction, request.json());
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    private Response queue(Request request, String transactionId) {
        F5Transactions.Transaction transaction = transactions.find(transactionId, now());
        if (!request.rawPath().startsWith(LTM)) {
            return F5Errors.notRegistered(request.rawPath());
        }
        // Bodies are checked now; references and conflicts only at commit, as on the device.
        JsonNode body = request.json();
        transaction.commands.add(request);
        return Response.json(200, body.isMissingNode() ? Map.of() : body);
    }

    private Response commit(F5Transactions.Transaction transaction, JsonNode body) {
        if (!"VALIDATING".equals(Json.text(body, "state"))) {
            throw F5Errors.badRequest("invalid property value \"state\":\"" + Json.text(body, "state") + "\"");
        }
        boolean validateOnly = body.path("validateOnly").asBoolean(false);
        F5Ltm snapshot = ltm.copy();
        for (Request command : transaction.commands) {
            Response response;
            try {
                response = ltm(command);
            }
            catch (DeviceFailure failure) {
                response = failure.response();
            }
            if (response.status() >= 300) {
                ltm.restore(snapshot);
                transaction.state = "FAILED";
                transactions.close(transaction);
                return response;
            }
        }
        if (validateOnly) {
            ltm.restore(snapshot);
        }
        transaction.state = "COMPLETED";
        transactions.close(transaction);
        return Response.json(200, transaction.toJson(transactions.timeout()));
    }

    /** {@code /mgmt/tm/ltm/<type>[/<object>[/...]]}: a collection, or one pool, node or virtual server. */
    private Response ltm(Request request) {
        List<String> path = request.rawSegments().subList(3, request.rawSegments().size());
        Map<String, String> query = request.query();
        if (path.size() < 2) {
            return onCollection(request, path.isEmpty() ? "" : path.get(0), query);
        }
        String object = path.get(1);
        List<String> rest = path.subList(2, path.size());
        return switch (path.get(0)) {
            case "pool" -> pool(request, ltm.pool(F5Paths.fromUrl(object)), rest, query);
            case "node" -> node(request, ltm.node(F5Paths.fromUrl(object)));
            case "monitor" -> object.equals("http") ? monitor(request, rest, query)
                    : F5Errors.notRegistered(request.rawPath());
            case "virtual" -> object.equals("stats") && rest.isEmpty()
                    ? virtualStats(filter(ltm.virtuals.values(), v -> v.partition, query))
                    : virtual(request, ltm.virtual(F5Paths.fromUrl(object)), rest);
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    /** A call on a whole collection, routed by its method and type. */
    private Response onCollection(Request request, String type, Map<String, String> query) {
        return switch (request.method() + " " + type) {
            case "GET pool" -> collection("pool", null, pools(query), query);
            case "POST pool" -> Response.json(200, ltm.createPool(request.json(), now()).toJson());
            case "GET node" -> collection("node", null, filter(ltm.nodes.values(), n -> n.partition, query).stream()
                    .map(F5Node::toJson).toList(), query);
            case "GET virtual" -> collection("virtual", null, filter(ltm.virtuals.values(), v -> v.partition, query)
                    .stream().map(F5Virtual::toJson).toList(), query);
            case "POST virtual" -> Response.json(200, ltm.createVirtual(request.json()).toJson());
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    /** One pool ({@code rest} empty), or its members. */
    private Response pool(Request request, F5Pool pool, List<String> rest, Map<String, String> query) {
        if (!rest.isEmpty()) {
            return rest.get(0).equals("members") ? members(request, pool, rest.subList(1, rest.size()))
                    : F5Errors.notRegistered(request.rawPath());
        }
        return switch (request.method()) {
            case "GET" -> Response.json(200, poolJson(pool, query));
            case "PUT", "PATCH" -> {
                ltm.replacePool(pool, request.json(), now());
                yield Response.json(200, pool.toJson());
            }
            case "DELETE" -> {
                ltm.deletePool(pool);
                yield Response.empty(200);
            }
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    private Response node(Request request, F5Node node) {
        return switch (request.method()) {
            case "GET" -> Response.json(200, node.toJson());
            case "DELETE" -> {
                ltm.deleteNode(node);
                yield Response.empty(200);
            }
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    /** One virtual server, or its stats ({@code rest} is {@code stats}). */
    private Response virtual(Request request, F5Virtual virtual, List<String> rest) {
        if (rest.size() == 1 && rest.get(0).equals("stats")) {
            return virtualStats(List.of(virtual));
        }
        return switch (request.method()) {
            case "GET" -> Response.json(200, virtual.toJson());
            case "PATCH" -> {
                ltm.modifyVirtual(virtual, request.json());
                yield Response.json(200, virtual.toJson());
            }
            case "DELETE" -> {
                ltm.deleteVirtual(virtual);
                yield Response.empty(200);
            }
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    /** {@code /mgmt/tm/ltm/monitor/http[/~P~name]}: the HTTP monitors, or one of them. */
    private Response monitor(Request request, List<String> rest, Map<String, String> query) {
        if (rest.isEmpty()) {
            return switch (request.method()) {
                case "GET" -> collection("monitor:http", null, filter(ltm.monitors.values(), m -> m.partition, query)
                        .stream().map(F5Monitor::toJson).toList(), query);
                case "POST" -> Response.json(200, ltm.createMonitor(request.json()).toJson());
                default -> F5Errors.notRegistered(request.rawPath());
            };
        }
        F5Monitor monitor = ltm.monitor(F5Paths.fromUrl(rest.get(0)));
        return switch (request.method()) {
            case "GET" -> Response.json(200, monitor.toJson());
            case "PATCH", "PUT" -> {
                ltm.modifyMonitor(monitor, request.json());
                yield Response.json(200, monitor.toJson());
            }
            case "DELETE" -> {
                ltm.deleteMonitor(monitor);
                yield Response.empty(200);
            }
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    private Response members(Request request, F5Pool pool, List<String> rest) {
        String method = request.method();
        Instant now = now();
        if (rest.isEmpty()) {
            return switch (method) {
                case "GET" -> collection("pool:members", pool.membersLink(), pool.members.values().stream()
                        .map(m -> m.toJson(pool, now, settings.probeDelay())).toList(), request.query());
                case "POST" -> Response.json(200, ltm.addMember(pool, request.json(), now)
                        .toJson(pool, now, settings.probeDelay()));
                default -> F5Errors.notRegistered(request.rawPath());
            };
        }
        if (rest.size() == 1 && rest.get(0).equals("stats")) {
            return memberStats(pool, pool.members.values());
        }
        // A member without ~P~ lives in its pool's partition.
        String memberPath = rest.get(0).startsWith("~") ? F5Paths.fromUrl(rest.get(0))
                : F5Paths.fullPath(pool.partition, Request.decodeSegment(rest.get(0), 1));
        F5Member member = ltm.member(pool, memberPath);
        if (rest.size() == 2 && rest.get(1).equals("stats")) {
            return memberStats(pool, List.of(member));
        }
        return switch (method) {
            case "GET" -> Response.json(200, member.toJson(pool, now, settings.probeDelay()));
            case "PATCH", "PUT" -> {
                ltm.modifyMember(member, request.json(), now);
                yield Response.json(200, member.toJson(pool, now, settings.probeDelay()));
            }
            case "DELETE" -> {
                ltm.deleteMember(pool, member);
                yield Response.empty(200);
            }
            default -> F5Errors.notRegistered(request.rawPath());
        };
    }

    private List<Map<String, Object>> pools(Map<String, String> query) {
        return filter(ltm.pools.values(), p -> p.partition, query).stream().map(p -> poolJson(p, query)).toList();
    }

    private Map<String, Object> poolJson(F5Pool pool, Map<String, String> query) {
        Map<String, Object> json = pool.toJson();
        if ("true".equals(query.get("expandSubcollections"))) {
            Instant now = now();
            List<Map<String, Object>> items = pool.members.values().stream()
                    .map(m -> m.toJson(pool, now, settings.probeDelay())).toList();
            json.put("membersReference", Json.object("link", pool.membersLink(), "isSubcollection", true, "items",
                    items));
        }
        return json;
    }

    private Response memberStats(F5Pool pool, Iterable<F5Member> members) {
        Map<String, Object> entries = new LinkedHashMap<>();
        Instant now = now();
        for (F5Member member : members) {
            entries.put(member.selfLink(pool).replace(F5Paths.VERSION, "/stats"),
                    member.statsJson(pool, now, settings.probeDelay()));
        }
        return Response.json(200, Json.object("kind", "tm:ltm:pool:members:memberscollectionstats", "selfLink",
                pool.membersLink().replace(F5Paths.VERSION, "/stats" + F5Paths.VERSION), "entries", entries));
    }

    private Response virtualStats(List<F5Virtual> virtuals) {
        Map<String, Integer> connectionsByPool = new HashMap<>();
        ltm.pools.values().forEach(p -> connectionsByPool.put(p.fullPath(),
                p.members.values().stream().mapToInt(m -> m.connections).sum()));
        Map<String, Object> entries = new LinkedHashMap<>();
        for (F5Virtual virtual : virtuals) {
            entries.put("https://localhost/mgmt/tm/ltm/virtual/" + F5Paths.toUrl(virtual.fullPath()) + "/stats",
                    virtual.statsJson(ltm.pools, connectionsByPool));
        }
        return Response.json(200, Json.object("kind", "tm:ltm:virtual:virtualcollectionstats", "entries", entries));
    }

    /** Applies {@code $filter=partition eq P}, the only filter the adapter and CCCL use. */
    private static <T> List<T> filter(Iterable<T> all, Function<T, String> partition,
            Map<String, String> query) {
        String filter = query.get("$filter");
        Predicate<T> keep = t -> true;
        if (filter != null) {
            String[] words = filter.trim().split("\\s+");
            if (words.length != 3 || !words[0].equals("partition") || !words[1].equals("eq")) {
                throw F5Errors.badRequest("Query parameter $filter '" + filter + "' is not supported by this emulator");
            }
            keep = t -> partition.apply(t).equals(words[2]);
        }
        List<T> kept = new ArrayList<>();
        for (T t : all) {
            if (keep.test(t)) {
                kept.add(t);
            }
        }
        return kept;
    }

    /** A collection body, with {@code $select} and {@code $top} applied to its items. */
    private static Response collection(String kind, String selfLink, List<Map<String, Object>> items,
            Map<String, String> query) {
        List<Map<String, Object>> shown = items;
        if (query.containsKey("$top")) {
            shown = shown.subList(0, Math.min(shown.size(), Integer.parseInt(query.get("$top"))));
        }
        if (query.containsKey("$select")) {
            List<String> fields = Arrays.asList(query.get("$select").split(","));
            shown = shown.stream().map(item -> Json.select(item, fields)).toList();
        }
        String last = kind.substring(kind.lastIndexOf(':') + 1);
        return Response.json(200, Json.object("kind", "tm:ltm:" + kind + ":" + last + "collectionstate", "selfLink",
                selfLink != null ? selfLink : "https://localhost/mgmt/tm/ltm/" + kind + F5Paths.VERSION, "items", shown));
    }

    Clock clock() {
        return settings.clock();
    }

    private Instant now() {
        return settings.clock().instant();
    }
}
