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

import io.edgeway.lbadapter.device.DeviceHttp;
import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.MemberState;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.VirtualServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * An F5 BIG-IP through iControl REST: pools and members addressed as {@code ~Partition~name}, a drain is
 * {@code session: user-disabled} with its start written into the member's {@code description} (so that the grace
 * period survives an adapter restart), a delete also removes the node the member's add created, unless another
 * member still uses it.
 */
public final class F5Device implements LoadBalancerDevice, AutoCloseable {

    /** The prefix of the drain mark in a member's description. */
    static final String DRAINING_SINCE = "edgeway:draining-since=";

    private static final Logger log = LoggerFactory.getLogger(F5Device.class);

    private final F5DeviceSettings settings;

    private final DeviceHttp http;

    private final F5Tokens tokens;

    private final Clock clock;

    public F5Device(F5DeviceSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = new DeviceHttp(settings.name(), settings.url(), settings.connectTimeout(), settings.requestTimeout());
        this.tokens = new F5Tokens(settings, http, clock);
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
        ignoring(DeviceException.Kind.CONFLICT, () -> call("POST", membersPath(pool), body));
    }

    @Override
    public void drainMember(PoolKey pool, MemberAddress member, Duration gracePeriod) {
        Map<String, Object> body = Map.of("session", "user-disabled", "description",
                DRAINING_SINCE + clock.instant());
        call("PATCH", memberPath(pool, member), body);
    }

    @Override
    public void enableMember(PoolKey pool, MemberAddress member) {
        Map<String, Object> body = Map.of("session", "user-enabled", "state", "user-up", "description", "");
        call("PATCH", memberPath(pool, member), body);
    }

    @Override
    public void deleteMember(PoolKey pool, MemberAddress member) {
        ignoring(DeviceException.Kind.NOT_FOUND, () -> call("DELETE", memberPath(pool, member), null));
        try {
            // Refused (400) while another pool's member uses the node; gone already (404): both fine.
            call("DELETE", "/mgmt/tm/ltm/node/~" + pool.partition() + "~" + member.ip(), null);
        }
        catch (DeviceException e) {
            log.debug("{}: node {} kept: {}", name(), member.ip(), e.getMessage());
        }
    }

    @Override
    public List<VirtualServer> virtualServers(List<String> partitions) {
        List<VirtualServer> all = new ArrayList<>();
        List<String> queries = partitions.isEmpty() ? List.of("")
                : partitions.stream().map(p -> "?$filter=partition+eq+" + p).toList();
        for (String query : queries) {
            Map<String, String> states = virtualStates(query);
            for (JsonNode item : call("GET", "/mgmt/tm/ltm/virtual" + query, null).path("items")) {
                all.add(virtual(item, states));
            }
        }
        return all;
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
                states.getOrDefault(fullPath, "unknown"), item.path("pool").asString(null));
    }

    /** One call, retried on its own (not with the calls before it) as the policy says. */
    private JsonNode call(String method, String path, Object body) {
        return settings.retry().call(() -> attempt(method, path, body));
    }

    private JsonNode attempt(String method, String path, Object body) {
        String token = tokens.token();
        DeviceHttp.Reply reply = http.send(method, path, body, Map.of("X-F5-Auth-Token", token));
        if (reply.ok()) {
            return reply.json();
        }
        DeviceException error = F5Errors.from(name(), method, path, reply);
        if (error.kind() == DeviceException.Kind.SESSION_EXPIRED) {
            tokens.invalidate(token);
        }
        throw error;
    }

    private static void ignoring(DeviceException.Kind kind, Runnable call) {
        try {
            call.run();
        }
        catch (DeviceException e) {
            if (e.kind() != kind) {
                throw e;
            }
        }
    }

    private static String membersPath(PoolKey pool) {
        return "/mgmt/tm/ltm/pool/~" + pool.partition() + "~" + pool.pool() + "/members";
    }

    private static String memberPath(PoolKey pool, MemberAddress member) {
        return membersPath(pool) + "/~" + pool.partition() + "~" + memberName(member);
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
