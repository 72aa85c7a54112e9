package io.edgeway.lbadapter.device.nitro;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.lbadapter.device.DeviceHttp;
import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.MemberState;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.VirtualServer;
import tools.jackson.databind.JsonNode;

/**
 * A NetScaler ADC through NITRO: a pool is a service group, a member a {@code servicegroup_servicegroupmember_binding}
 * bound by IP (the appliance names the server after it). A drain is a graceful disable with the grace period as its
 * {@code delay}, so the appliance itself moves the member from GOING OUT OF SERVICE to OUT OF SERVICE; its start is
 * read back from {@code tickssincelaststatechange}, which survives an adapter restart.
 */
public final class NitroDevice implements LoadBalancerDevice, AutoCloseable {

    private static final String MEMBERS = "/nitro/v1/config/servicegroup_servicegroupmember_binding";

    private static final Set<String> GOING_OUT = Set.of("GOING OUT OF SERVICE", "DOWN WHEN GOING OUT OF SERVICE");

    private final NitroDeviceSettings settings;

    private final DeviceHttp http;

    private final NitroSessions sessions;

    private final Clock clock;

    public NitroDevice(NitroDeviceSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = new DeviceHttp(settings.name(), settings.url(), settings.connectTimeout(), settings.requestTimeout());
        this.sessions = new NitroSessions(settings, http, clock);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public List<ObservedMember> members(PoolKey pool) {
        JsonNode body = call(pool.partition(), "GET", MEMBERS + "/" + encode(pool.pool()), null);
        Instant now = clock.instant();
        List<ObservedMember> members = new ArrayList<>();
        // No binding key at all when the service group has no members.
        for (JsonNode item : body.path("servicegroup_servicegroupmember_binding")) {
            members.add(observed(item, now));
        }
        return members;
    }

    @Override
    public void addMember(PoolKey pool, DesiredMember member) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("servicegroupname", pool.pool());
        binding.put("ip", member.address().ip());
        binding.put("port", member.address().port());
        binding.put("weight", member.weight());
        binding.put("state", "ENABLED");
        ignoring(DeviceException.Kind.CONFLICT, () -> call(pool.partition(), "PUT", MEMBERS,
                Map.of("servicegroup_servicegroupmember_binding", binding)));
    }

    @Override
    public void drainMember(PoolKey pool, MemberAddress member, Duration gracePeriod) {
        Map<String, Object> body = new LinkedHashMap<>(memberRef(pool, member));
        body.put("delay", Math.max(1, gracePeriod.toSeconds()));
        body.put("graceful", "YES");
        call(pool.partition(), "POST", "/nitro/v1/config/servicegroup?action=disable", Map.of("servicegroup", body));
    }

    @Override
    public void enableMember(PoolKey pool, MemberAddress member) {
        call(pool.partition(), "POST", "/nitro/v1/config/servicegroup?action=enable",
                Map.of("servicegroup", memberRef(pool, member)));
    }

    @Override
    public void deleteMember(PoolKey pool, MemberAddress member) {
        ignoring(DeviceException.Kind.NOT_FOUND, () -> call(pool.partition(), "DELETE", MEMBERS + "/"
                + encode(pool.pool()) + "?args=ip:" + encode(member.ip()) + ",port:" + member.port(), null));
    }

    @Override
    public List<VirtualServer> virtualServers(List<String> partitions) {
        List<VirtualServer> all = new ArrayList<>();
        for (String partition : partitions.isEmpty() ? List.of("default") : partitions) {
            all.addAll(settings.retry().call(() -> sessions.withSession(partition, session -> {
                Map<String, String> bound = new HashMap<>();
                JsonNode bindings = send(session, "GET",
                        "/nitro/v1/config/lbvserver_servicegroup_binding?bulkbindings=yes", null);
                for (JsonNode binding : bindings.path("lbvserver_servicegroup_binding")) {
                    bound.putIfAbsent(binding.path("name").asString(), binding.path("servicegroupname").asString());
                }
                List<VirtualServer> vservers = new ArrayList<>();
                for (JsonNode item : send(session, "GET", "/nitro/v1/config/lbvserver", null).path("lbvserver")) {
                    String curstate = item.path("curstate").asString("");
                    vservers.add(new VirtualServer(name(), partition, item.path("name").asString(),
                            item.path("ipv46").asString(""), item.path("port").asInt(0),
                            item.path("servicetype").asString(""), !"OUT OF SERVICE".equals(curstate), curstate,
                            bound.get(item.path("name").asString())));
                }
                return vservers;
            })));
        }
        return all;
    }

    /** Logs out the sessions this driver holds. */
    @Override
    public void close() {
        sessions.close();
    }

    /** Logins so far: a measure of session reuse. */
    public int logins() {
        return sessions.logins();
    }

    private ObservedMember observed(JsonNode item, Instant now) {
        MemberAddress address = new MemberAddress(item.path("ip").asString(), item.path("port").asInt());
        // weight comes back as a string.
        int weight = Integer.parseInt(item.path("weight").asString("1").trim());
        if ("ENABLED".equals(item.path("state").asString(""))) {
            return new ObservedMember(address, MemberState.ENABLED, null, ObservedMember.UNKNOWN_CONNECTIONS, weight);
        }
        if (GOING_OUT.contains(item.path("svrstate").asString(""))) {
            // Ticks are 10 ms.
            Instant since = now.minusMillis(item.path("tickssincelaststatechange").asLong(0) * 10);
            return new ObservedMember(address, MemberState.DRAINING, since, ObservedMember.UNKNOWN_CONNECTIONS,
                    weight);
        }
        return new ObservedMember(address, MemberState.DRAINED, null, ObservedMember.UNKNOWN_CONNECTIONS, weight);
    }

    /** One call in a session switched to {@code partition}, retried as the policy says. */
    private JsonNode call(String partition, String method, String path, Object body) {
        return settings.retry().call(() -> sessions.withSession(partition, session -> send(session, method, path, body)));
    }

    private JsonNode send(NitroSessions.Session session, String method, String path, Object body) {
        DeviceHttp.Reply reply = http.send(method, path, body, session.cookie());
        if (!reply.ok()) {
            throw NitroErrors.from(name(), method, path, reply);
        }
        return reply.json();
    }

    private static Map<String, Object> memberRef(PoolKey pool, MemberAddress member) {
        // Bound by IP, so the server is named after the IP.
        return Map.of("servicegroupname", pool.pool(), "servername", member.ip(), "port", member.port());
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

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
