package io.edgeway.lbadapter.device.f5;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.lbadapter.device.DeviceCalls;
import io.edgeway.lbadapter.device.DeviceMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.edgeway.lbadapter.device.DeviceHttp;
import io.edgeway.lbadapter.device.PathSegments;
import io.edgeway.lbadapter.reconcile.Change;
import io.edgeway.lbadapter.reconcile.ChangeWriter;
import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.MemberState;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.PoolOutcome;
import io.edgeway.lbadapter.reconcile.PoolWrite;
import io.edgeway.lbadapter.reconcile.VirtualServer;
import io.edgeway.lbadapter.reconcile.WritePermission;
import io.edgeway.lbadapter.vip.DesiredVip;
import io.edgeway.lbadapter.vip.ObservedVip;
import io.edgeway.lbadapter.vip.VipDevice;
import io.edgeway.lbadapter.vip.VipKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * An F5 BIG-IP through iControl REST: pools and members addressed as {@code ~Partition~name}, a drain is
 * {@code session: user-disabled} with its start written into the member's {@code description} (so that the grace
 * period survives an adapter restart), a delete also removes the node the member's add created, unless another
 * member still uses it. A weight is the member's {@code ratio}, which the pools of declared VIPs honour
 * ({@code loadBalancingMode: ratio-member}). A batch writes each pool's whole member list in one {@code PATCH} (the members it keeps
 * with their state as read), several pools of a partition inside one transaction, which the device applies all or
 * nothing.
 */
public final class F5Device implements VipDevice, AutoCloseable {

    /** The prefix of the drain mark in a member's description. */
    static final String DRAINING_SINCE = "edgeway:draining-since=";

    /** What enables a member, and clears its drain mark. */
    private static final Map<String, Object> ENABLED = Map.of("session", "user-enabled", "state", "user-up",
            "description", "");

    private static final Logger log = LoggerFactory.getLogger(F5Device.class);

    private final F5DeviceSettings settings;

    private final DeviceCalls calls;

    private final F5Tokens tokens;

    private final Clock clock;

    private final F5Vips vips = new F5Vips(this);

    public F5Device(F5DeviceSettings settings, Clock clock, MeterRegistry meterRegistry) {
        this.settings = settings;
        this.clock = clock;
        DeviceMeters meters = new DeviceMeters(meterRegistry, "f5", settings.name());
        this.calls = new DeviceCalls(settings.name(), settings.url(), settings.connectTimeout(),
                settings.requestTimeout(), settings.retry(), meters);
        this.tokens = new F5Tokens(settings, calls.http(), clock);
        meters.sessions(tokens, F5Tokens::inUse, settings.maxTokens());
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public List<ObservedMember> members(PoolKey pool) {
        JsonNode items = call("GET", membersPath(pool), null).path("items");
        boolean anyDisabled = false;
        for (JsonNode item : items) {
            anyDisabled |= "user-disabled".equals(item.path("session").asString(""));
        }
        // Connection counts matter only for draining members: skip the stats call otherwise.
        Map<String, Integer> connections = anyDisabled ? connections(pool) : Map.of();
        List<ObservedMember> members = new ArrayList<>();
        for (JsonNode item : items) {
            members.add(observed(item, connections));
        }
        return members;
    }

    @Override
    public void addMember(PoolKey pool, DesiredMember member) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", memberName(member.address()));
        body.put("partition", pool.partition());
        body.put("address", member.address().ip());
        body.put("ratio", member.weight());
        calls.retriedIgnoring(DeviceException.Kind.CONFLICT, () -> attempt("POST", membersPath(pool), body));
    }

    @Override
    public void drainMember(PoolKey pool, MemberAddress member, Duration gracePeriod) {
        call("PATCH", memberPath(pool, member), draining(clock.instant()));
    }

    @Override
    public void enableMember(PoolKey pool, MemberAddress member) {
        call("PATCH", memberPath(pool, member), ENABLED);
    }

    @Override
    public void setWeight(PoolKey pool, MemberAddress member, int weight) {
        call("PATCH", memberPath(pool, member), Map.of("ratio", weight));
    }

    @Override
    public void deleteMember(PoolKey pool, MemberAddress member) {
        calls.retriedIgnoring(DeviceException.Kind.NOT_FOUND, () -> attempt("DELETE", memberPath(pool, member), null));
        deleteNodeUnlessUsed(pool.partition(), member.ip());
    }

    @Override
    public List<PoolOutcome.FailedChange> write(List<PoolWrite> writes, WritePermission permission) {
        List<PoolWrite> changed = writes.stream().filter(w -> !w.changes().isEmpty()).toList();
        if (changed.isEmpty() || (changed.size() == 1 && changed.get(0).changes().size() == 1)) {
            return ChangeWriter.oneByOne(this, changed, permission);
        }
        try {
            permission.require(name());
            if (changed.size() == 1) {
                // One call is all or nothing by itself.
                call("PATCH", poolPath(changed.get(0).pool()), membersAfter(changed.get(0)));
            }
            else {
                calls.retried(() -> inTransaction(changed, permission));
            }
        }
        catch (DeviceException e) {
            if (e.retryable()) {
                throw e;
            }
            if (e.kind() == DeviceException.Kind.NOT_PERMITTED) {
                return changed.stream().flatMap(w -> w.changes().stream())
                        .map(c -> new PoolOutcome.FailedChange(c, e.getMessage())).toList();
            }
            // Refused (400/409/404): the device rolled the whole batch back; one call per change finds the culprit.
            log.warn("{}: batch of {} pool(s) refused, writing change by change: {}", name(), changed.size(),
                    e.getMessage());
            return ChangeWriter.oneByOne(this, changed, permission);
        }
        for (PoolWrite write : changed) {
            write.changes().stream().filter(c -> c.action() == Change.Action.DELETE)
                    .filter(c -> permission.confirm())
                    .forEach(c -> deleteNodeUnlessUsed(write.pool().partition(), c.member().ip()));
        }
        return List.of();
    }

    @Override
    public List<VirtualServer> virtualServers(List<String> partitions) {
        List<VirtualServer> all = new ArrayList<>();
        List<String> queries = partitions.isEmpty() ? List.of("")
                : partitions.stream().map(p -> "?$filter=partition+eq+" + PathSegments.encode(p)).toList();
        for (String query : queries) {
            Map<String, String> states = virtualStates(query);
            for (JsonNode item : call("GET", "/mgmt/tm/ltm/virtual" + query, null).path("items")) {
                all.add(virtual(item, states));
            }
        }
        return all;
    }

    @Override
    public List<ObservedVip> vips(List<String> partitions) {
        return vips.vips(partitions);
    }

    @Override
    public List<VipKey> leftovers(List<String> partitions) {
        return vips.leftovers(partitions);
    }

    @Override
    public void createVip(DesiredVip vip) {
        vips.create(vip);
    }

    @Override
    public void updateVip(DesiredVip vip, Set<String> fields) {
        vips.update(vip, fields);
    }

    @Override
    public void deleteVip(VipKey key) {
        vips.delete(key);
    }

    /** Revokes the tokens this driver holds. */
    @Override
    public void close() {
        tokens.close();
    }

    /** Logins so far: a measure of token reuse. */
    public int logins() {
        return tokens.logins();
    }

    private Map<String, Integer> connections(PoolKey pool) {
        Map<String, Integer> connections = new HashMap<>();
        for (JsonNode entry : call("GET", membersPath(pool) + "/stats", null).path("entries")) {
            JsonNode stats = entry.path("nestedStats").path("entries");
            String address = stats.path("addr").path("description").asString("");
            int port = stats.path("port").path("value").asInt(0);
            connections.put(stripRouteDomain(address) + "|" + port,
                    stats.path("serverside.curConns").path("value").asInt(ObservedMember.UNKNOWN_CONNECTIONS));
        }
        return connections;
    }

    private Map<String, String> virtualStates(String query) {
        Map<String, String> states = new HashMap<>();
        for (JsonNode entry : call("GET", "/mgmt/tm/ltm/virtual/stats" + query, null).path("entries")) {
            JsonNode stats = entry.path("nestedStats").path("entries");
            states.put(stats.path("tmName").path("description").asString(""),
                    stats.path("status.availabilityState").path("description").asString("unknown"));
        }
        return states;
    }

    private ObservedMember observed(JsonNode item, Map<String, Integer> connections) {
        String name = item.path("name").asString();
        MemberAddress address = parseMemberName(name, item.path("address").asString(""));
        String session = item.path("session").asString("");
        String state = item.path("state").asString("");
        MemberState memberState = !"user-disabled".equals(session) ? MemberState.ENABLED
                : "user-down".equals(state) ? MemberState.DRAINED : MemberState.DRAINING;
        Instant since = memberState == MemberState.DRAINING ? drainingSince(item.path("description").asString(""))
                : null;
        int conns = connections.getOrDefault(address.ip() + "|" + address.port(), ObservedMember.UNKNOWN_CONNECTIONS);
        return new ObservedMember(address, memberState, since, conns, item.path("ratio").asInt(1));
    }

    private VirtualServer virtual(JsonNode item, Map<String, String> states) {
        String fullPath = item.path("fullPath").asString("");
        String destination = item.path("destination").asString("");
        String target = destination.substring(destination.lastIndexOf('/') + 1);
        // IPv4 "addr:port", IPv6 "addr.port"; either may carry a %route-domain.
        int split = target.indexOf(':') >= 0 && target.indexOf(':') == target.lastIndexOf(':') ? target.indexOf(':')
                : target.lastIndexOf('.');
        String address = split > 0 ? stripRouteDomain(target.substring(0, split)) : target;
        int port = split > 0 ? parseInt(target.substring(split + 1)) : 0;
        return new VirtualServer(name(), item.path("partition").asString(""), item.path("name").asString(""), address,
                port, item.path("ipProtocol").asString(""), !item.path("disabled").asBoolean(false),
                states.getOrDefault(fullPath, "unknown"), item.path("pool").asString(null),
                item.path("description").asString(null));
    }

    /**
     * Queues one whole-member-list {@code PATCH} per pool in a new transaction and commits it; the caller retries it
     * from the start, since a transaction that failed half-way is gone on the device.
     */
    private Void inTransaction(List<PoolWrite> writes, WritePermission permission) {
        String id = attempt("POST", "/mgmt/tm/transaction", Map.of(), Map.of()).path("transId").asString("");
        for (PoolWrite write : writes) {
            attempt("PATCH", poolPath(write.pool()), membersAfter(write), Map.of("X-F5-REST-Coordination-Id", id));
        }
        // The commit is the write: asked for just before it, however long the queued calls took.
        permission.require(name());
        JsonNode committed = attempt("PATCH", "/mgmt/tm/transaction/" + id, Map.of("state", "VALIDATING"), Map.of());
        String state = committed.path("state").asString("");
        if (!"COMPLETED".equals(state)) {
            throw new DeviceException(name(), DeviceException.Kind.REJECTED, "transaction " + id + " ended " + state
                    + ": " + committed.path("failureReason").asString(""));
        }
        return null;
    }

    /** The pool's member list once the write's changes are made: kept members with their state as read. */
    private Map<String, Object> membersAfter(PoolWrite write) {
        Map<MemberAddress, Map<String, Object>> members = new LinkedHashMap<>();
        for (ObservedMember member : write.observed()) {
            Map<String, Object> entry = member(write.pool(), member.address(), member.weight());
            entry.putAll(switch (member.state()) {
                case ENABLED -> ENABLED;
                case DRAINING -> member.drainingSince() == null ? Map.of("session", "user-disabled")
                        : draining(member.drainingSince());
                case DRAINED -> Map.of("session", "user-disabled", "state", "user-down");
            });
            members.put(member.address(), entry);
        }
        Instant now = clock.instant();
        for (Change change : write.changes()) {
            Map<String, Object> entry = members.computeIfAbsent(change.member(),
                    address -> member(write.pool(), address, change.weight()));
            switch (change.action()) {
                case ADD -> {
                    entry.put("address", change.member().ip());
                    entry.putAll(ENABLED);
                }
                case ENABLE -> entry.putAll(ENABLED);
                case WEIGHT -> entry.put("ratio", change.weight());
                case DRAIN -> entry.putAll(draining(now));
                case DELETE -> members.remove(change.member());
            }
        }
        return Map.of("members", new ArrayList<>(members.values()));
    }

    private static Map<String, Object> member(PoolKey pool, MemberAddress address, int ratio) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", memberName(address));
        entry.put("partition", pool.partition());
        entry.put("ratio", ratio);
        return entry;
    }

    private static Map<String, Object> draining(Instant since) {
        return Map.of("session", "user-disabled", "state", "user-up", "description", DRAINING_SINCE + since);
    }

    void deleteNodeUnlessUsed(String partition, String ip) {
        try {
            // Refused (400) while another pool's member uses the node; gone already (404): both fine.
            call("DELETE", "/mgmt/tm/ltm/node/" + object(partition, ip), null);
        }
        catch (DeviceException e) {
            log.debug("{}: node {} kept: {}", name(), ip, e.getMessage());
        }
    }

    DeviceCalls calls() {
        return calls;
    }

    JsonNode call(String method, String path, Object body) {
        return calls.retried(() -> attempt(method, path, body));
    }

    JsonNode attempt(String method, String path, Object body) {
        return attempt(method, path, body, Map.of());
    }

    private JsonNode attempt(String method, String path, Object body, Map<String, String> headers) {
        String token = tokens.token();
        Map<String, String> all = new HashMap<>(headers);
        all.put("X-F5-Auth-Token", token);
        DeviceHttp.Reply reply = calls.http().send(method, path, body, all);
        if (reply.ok()) {
            return reply.json();
        }
        DeviceException error = F5Errors.from(name(), method, path, reply);
        if (error.kind() == DeviceException.Kind.SESSION_EXPIRED) {
            tokens.invalidate(token);
        }
        throw error;
    }

    private static String poolPath(PoolKey pool) {
        return "/mgmt/tm/ltm/pool/" + object(pool.partition(), pool.pool());
    }

    private static String membersPath(PoolKey pool) {
        return poolPath(pool) + "/members";
    }

    private static String memberPath(PoolKey pool, MemberAddress member) {
        return membersPath(pool) + "/" + object(pool.partition(), memberName(member));
    }

    /** {@code ~Partition~name} as one URL segment: each part encoded, so that no name can change the path. */
    static String object(String partition, String name) {
        return "~" + PathSegments.encode(partition) + "~" + PathSegments.encode(name);
    }

    /** {@code 10.0.0.1:80}, or {@code 2001:db8::1.80} for IPv6. */
    static String memberName(MemberAddress member) {
        return member.ip().contains(":") ? member.ip() + "." + member.port() : member.ip() + ":" + member.port();
    }

    static MemberAddress parseMemberName(String name, String address) {
        int colon = name.indexOf(':');
        int split = colon >= 0 && colon == name.lastIndexOf(':') ? colon : name.lastIndexOf('.');
        String ip = address.isEmpty() ? name.substring(0, split) : address;
        return new MemberAddress(stripRouteDomain(ip), parseInt(name.substring(split + 1)));
    }

    static Instant drainingSince(String description) {
        int at = description.indexOf(DRAINING_SINCE);
        if (at < 0) {
            return null;
        }
        String value = description.substring(at + DRAINING_SINCE.length()).split("\\s", 2)[0];
        try {
            return Instant.parse(value);
        }
        catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String stripRouteDomain(String address) {
        int percent = address.indexOf('%');
        return percent < 0 ? address : address.substring(0, percent);
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }
}
