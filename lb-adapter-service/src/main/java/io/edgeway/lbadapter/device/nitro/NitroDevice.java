package io.edgeway.lbadapter.device.nitro;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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
import tools.jackson.databind.JsonNode;

/**
 * A NetScaler ADC through NITRO: a pool is a service group, a member a {@code servicegroup_servicegroupmember_binding}
 * bound by IP (the appliance names the server after it). A drain is a graceful disable with the grace period as its
 * {@code delay}, so the appliance itself moves the member from GOING OUT OF SERVICE to OUT OF SERVICE; its start is
 * read back from {@code tickssincelaststatechange}, which survives an adapter restart. A batch is a bulk call per kind
 * of change (an array of bindings, of enables, of disables) with {@code X-NITRO-ONERROR: continue}, in one session
 * switched to the batch's partition; a 207 answer says which items failed. A weight is set on the member's binding
 * ({@code PUT servicegroup} with its server, port and {@code weight}); the lbvservers of declared VIPs balance
 * {@code ROUNDROBIN}, which honours weights.
 */
public final class NitroDevice implements VipDevice, AutoCloseable {

    private static final String MEMBERS = "/nitro/v1/config/servicegroup_servicegroupmember_binding";

    private static final String BINDING = "servicegroup_servicegroupmember_binding";

    private static final String SERVICEGROUP = "/nitro/v1/config/servicegroup";

    private static final String ENABLE = "/nitro/v1/config/servicegroup?action=enable";

    private static final String DISABLE = "/nitro/v1/config/servicegroup?action=disable";

    private static final Set<String> GOING_OUT = Set.of("GOING OUT OF SERVICE", "DOWN WHEN GOING OUT OF SERVICE");

    private final NitroDeviceSettings settings;

    private final DeviceCalls calls;

    private final NitroSessions sessions;

    private final Clock clock;

    private final NitroVips vips = new NitroVips(this);

    public NitroDevice(NitroDeviceSettings settings, Clock clock, MeterRegistry meterRegistry) {
        this.settings = settings;
        this.clock = clock;
        DeviceMeters meters = new DeviceMeters(meterRegistry, "netscaler", settings.name());
        this.calls = new DeviceCalls(settings.name(), settings.url(), settings.connectTimeout(),
                settings.requestTimeout(), settings.retry(), meters);
        this.sessions = new NitroSessions(settings, calls.http(), clock);
        meters.sessions(sessions, NitroSessions::inUse, settings.maxSessions());
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public List<ObservedMember> members(PoolKey pool) {
        JsonNode body = call(pool.partition(), "GET", MEMBERS + "/" + PathSegments.encodeTwice(pool.pool()), null);
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
        calls.retriedIgnoring(DeviceException.Kind.CONFLICT, () -> attempt(pool.partition(), "PUT", MEMBERS,
                Map.of(BINDING, binding(pool, member.address(), member.weight()))));
    }

    @Override
    public void drainMember(PoolKey pool, MemberAddress member, Duration gracePeriod) {
        call(pool.partition(), "POST", DISABLE, Map.of("servicegroup", disable(pool, member, gracePeriod)));
    }

    @Override
    public void enableMember(PoolKey pool, MemberAddress member) {
        call(pool.partition(), "POST", ENABLE, Map.of("servicegroup", memberRef(pool, member)));
    }

    @Override
    public void setWeight(PoolKey pool, MemberAddress member, int weight) {
        call(pool.partition(), "PUT", SERVICEGROUP, Map.of("servicegroup", weight(pool, member, weight)));
    }

    @Override
    public void deleteMember(PoolKey pool, MemberAddress member) {
        calls.retriedIgnoring(DeviceException.Kind.NOT_FOUND, () -> attempt(pool.partition(), "DELETE", MEMBERS + "/"
                + PathSegments.encodeTwice(pool.pool()) + "?args=ip:" + PathSegments.encodeTwice(member.ip())
                + ",port:" + member.port(), null));
    }

    @Override
    public List<PoolOutcome.FailedChange> write(List<PoolWrite> writes, WritePermission permission) {
        Map<Change.Action, List<Change>> byAction = new EnumMap<>(Change.Action.class);
        Map<Change, PoolWrite> writeOf = new HashMap<>();
        for (PoolWrite write : writes) {
            for (Change change : write.changes()) {
                byAction.computeIfAbsent(change.action(), a -> new ArrayList<>()).add(change);
                writeOf.put(change, write);
            }
        }
        if (writeOf.isEmpty()) {
            return List.of();
        }
        String partition = writes.get(0).pool().partition();
        List<PoolOutcome.FailedChange> failed = new ArrayList<>();
        // Make before break: adds and enables before drains, and deletes (no bulk form) last, one call each.
        failed.addAll(bulk(partition, "PUT", MEMBERS, BINDING, byAction.get(Change.Action.ADD),
                c -> binding(c.pool(), c.member(), c.weight()), DeviceException.Kind.CONFLICT, permission));
        failed.addAll(bulk(partition, "POST", ENABLE, "servicegroup", byAction.get(Change.Action.ENABLE),
                c -> memberRef(c.pool(), c.member()), null, permission));
        failed.addAll(bulk(partition, "PUT", SERVICEGROUP, "servicegroup", byAction.get(Change.Action.WEIGHT),
                c -> weight(c.pool(), c.member(), c.weight()), null, permission));
        failed.addAll(bulk(partition, "POST", DISABLE, "servicegroup", byAction.get(Change.Action.DRAIN),
                c -> disable(c.pool(), c.member(), writeOf.get(c).drainGracePeriod()), null, permission));
        failed.addAll(ChangeWriter.oneByOne(this, writes.stream().map(w -> new PoolWrite(w.pool(), w.observed(),
                w.changes().stream().filter(c -> c.action() == Change.Action.DELETE).toList(), w.drainGracePeriod()))
                .toList(), permission));
        return failed;
    }

    @Override
    public List<VirtualServer> virtualServers(List<String> partitions) {
        List<VirtualServer> all = new ArrayList<>();
        for (String partition : partitions.isEmpty() ? List.of("default") : partitions) {
            all.addAll(calls.retried(() -> sessions.withSession(partition, session -> {
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
                            bound.get(item.path("name").asString()), item.path("comment").asString(null)));
                }
                return vservers;
            })));
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

    /** Logs out the sessions this driver holds. */
    @Override
    public void close() {
        sessions.close();
    }

    /** Logins so far: a measure of session reuse. */
    public int logins() {
        return sessions.logins();
    }

    /**
     * One bulk call for {@code changes} (none when empty), items answered with {@code harmless} counting as done;
     * returns the changes the appliance refused. A failure of the whole call is retried, then fails every change.
     */
    private List<PoolOutcome.FailedChange> bulk(String partition, String method, String path, String type,
            List<Change> changes, Function<Change, Map<String, Object>> item, DeviceException.Kind harmless,
            WritePermission permission) {
        if (changes == null || changes.isEmpty()) {
            return List.of();
        }
        List<Map<String, Object>> items = changes.stream().map(item).toList();
        JsonNode answer;
        try {
            permission.require(name());
            answer = calls.retried(() -> sessions.withSession(partition, session -> send(session, method, path,
                    Map.of(type, items), Map.of("X-NITRO-ONERROR", "continue"))));
        }
        catch (DeviceException e) {
            return changes.stream().map(c -> new PoolOutcome.FailedChange(c, e.getMessage())).toList();
        }
        List<PoolOutcome.FailedChange> failed = new ArrayList<>();
        JsonNode results = answer.path("response");
        if (answer.path("errorcode").asInt(0) == 0 || !results.isArray()) {
            return failed;
        }
        for (int i = 0; i < changes.size(); i++) {
            JsonNode result = results.path(i);
            int code = result.path("errorcode").asInt(-1);
            if (code == 0 || (harmless != null && NitroErrors.kind(409, code) == harmless)) {
                continue;
            }
            failed.add(new PoolOutcome.FailedChange(changes.get(i), name() + ": " + method + " " + path
                    + " item answered " + (code < 0 ? "nothing" : "errorcode " + code + ": "
                            + result.path("message").asString(""))));
        }
        return failed;
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
    DeviceCalls calls() {
        return calls;
    }

    JsonNode call(String partition, String method, String path, Object body) {
        return calls.retried(() -> attempt(partition, method, path, body));
    }

    JsonNode attempt(String partition, String method, String path, Object body) {
        return sessions.withSession(partition, session -> send(session, method, path, body));
    }

    private JsonNode send(NitroSessions.Session session, String method, String path, Object body) {
        return send(session, method, path, body, Map.of());
    }

    private JsonNode send(NitroSessions.Session session, String method, String path, Object body,
            Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(session.cookie());
        DeviceHttp.Reply reply = calls.http().send(method, path, body, all);
        if (!reply.ok()) {
            throw NitroErrors.from(name(), method, path, reply);
        }
        return reply.json();
    }

    private static Map<String, Object> binding(PoolKey pool, MemberAddress member, int weight) {
        Map<String, Object> binding = new LinkedHashMap<>();
        binding.put("servicegroupname", pool.pool());
        binding.put("ip", member.ip());
        binding.put("port", member.port());
        binding.put("weight", weight);
        binding.put("state", "ENABLED");
        return binding;
    }

    private static Map<String, Object> memberRef(PoolKey pool, MemberAddress member) {
        // Bound by IP, so the server is named after the IP.
        return Map.of("servicegroupname", pool.pool(), "servername", member.ip(), "port", member.port());
    }

    /** {@code set servicegroup <sg> <server> <port> -weight <n>}. */
    private static Map<String, Object> weight(PoolKey pool, MemberAddress member, int weight) {
        Map<String, Object> body = new LinkedHashMap<>(memberRef(pool, member));
        body.put("weight", weight);
        return body;
    }

    private static Map<String, Object> disable(PoolKey pool, MemberAddress member, Duration gracePeriod) {
        Map<String, Object> body = new LinkedHashMap<>(memberRef(pool, member));
        body.put("delay", Math.max(1, gracePeriod.toSeconds()));
        body.put("graceful", "YES");
        return body;
    }
}
