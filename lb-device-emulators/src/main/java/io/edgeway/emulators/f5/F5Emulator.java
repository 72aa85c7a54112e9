package io.edgeway.emulators.f5;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.edgeway.emulators.support.Emulator;
import io.edgeway.emulators.support.Json;

/**
 * An emulated F5 BIG-IP serving the iControl REST subset of the spec's part A on a local port, with setup and
 * inspection methods for tests and fault knobs (also at {@code /emulator/faults}).
 */
public final class F5Emulator extends Emulator<F5Api> {

    /** A pool member as configured: the session and state last written, not the monitor's view. */
    public record Member(String name, String address, int port, String session, String state, String description,
            int ratio, int connections) {

        public boolean enabled() {
            return "user-enabled".equals(session);
        }
    }

    /** One write call the device served, and the user who made it. */
    public record Write(String user, String method, String path) {
    }

    private F5Emulator(String host, int port, F5Api api) {
        super("f5-emulator", host, port, api);
    }

    /** Starts on a free loopback port. */
    public static F5Emulator start(F5Settings settings) {
        return start(settings, "127.0.0.1", 0);
    }

    public static F5Emulator start(F5Settings settings, String host, int port) {
        return new F5Emulator(host, port, new F5Api(settings));
    }

    /** Every write call served so far, in order. */
    public List<Write> writes() {
        return locked(() -> List.copyOf(api.writes));
    }

    /** How often a member was created in a pool: more than once means a duplicate or a lost delete. */
    public int timesAdded(String partition, String pool, String member) {
        return locked(() -> api.ltm.additions.getOrDefault("/" + partition + "/" + pool + " /" + partition + "/"
                + member, 0));
    }

    public int liveTokens(String user) {
        return locked(() -> api.tokens.live(user));
    }

    public int peakLiveTokens(String user) {
        return locked(() -> api.tokens.peak(user));
    }

    public F5Emulator addPartition(String partition) {
        return locked(() -> {
            api.ltm.partitions.add(partition);
            return this;
        });
    }

    public F5Emulator addPool(String partition, String name, String monitor) {
        return locked(() -> {
            api.ltm.createPool(Json.MAPPER.valueToTree(Json.object("name", name, "partition", partition, "monitor",
                    monitor == null ? "" : monitor)), now());
            return this;
        });
    }

    public F5Emulator addMember(String partition, String pool, String memberName) {
        return locked(() -> {
            api.ltm.addMember(api.ltm.pool("/" + partition + "/" + pool),
                    Json.MAPPER.valueToTree(Json.object("name", memberName, "partition", partition)), now());
            return this;
        });
    }

    public F5Emulator addVirtual(String partition, String name, String destination, String pool) {
        return locked(() -> {
            api.ltm.requirePartition(partition);
            F5Virtual virtual = new F5Virtual(partition, name, "/" + partition + "/" + destination, "tcp",
                    pool == null ? null : "/" + partition + "/" + pool);
            api.ltm.virtuals.put(virtual.fullPath(), virtual);
            return this;
        });
    }

    public List<Member> members(String partition, String pool) {
        return locked(() -> api.ltm.pool("/" + partition + "/" + pool).members.values().stream()
                .map(m -> new Member(m.name, m.address, m.port, m.session, m.state, m.description, m.ratio,
                        m.connections))
                .toList());
    }

    /** A pool's {@code loadBalancingMode} ({@code ratio-member} weighs members by their ratio). */
    public String loadBalancingMode(String partition, String pool) {
        return locked(() -> api.ltm.pool("/" + partition + "/" + pool).loadBalancingMode);
    }

    public Optional<Member> member(String partition, String pool, String name) {
        return members(partition, pool).stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Set<String> nodes(String partition) {
        return locked(() -> new TreeSet<>(api.ltm.nodes.values().stream().filter(n -> n.partition.equals(partition))
                .map(n -> n.name).toList()));
    }

    /** Sets a member's simulated active connections (what {@code serverside.curConns} reports). */
    public void setConnections(String partition, String pool, String member, int connections) {
        locked(() -> {
            F5Pool p = api.ltm.pool("/" + partition + "/" + pool);
            api.ltm.member(p, "/" + partition + "/" + member).connections = connections;
            return null;
        });
    }

    /** A few VIPs in two partitions, for the demo stack: pools {@code sample-backend}, {@code legacy-app}, {@code shop}. */
    public F5Emulator preloadDemo() {
        addPartition("Common").addPartition("Tenant1");
        addPool("Common", "sample-backend", "/Common/http");
        addVirtual("Common", "sample-backend_vs", "10.10.0.10:80", "sample-backend");
        addPool("Common", "legacy-app", "/Common/http");
        addMember("Common", "legacy-app", "10.10.1.11:8080");
        addMember("Common", "legacy-app", "10.10.1.12:8080");
        addVirtual("Common", "legacy-app_vs", "10.10.0.11:443", "legacy-app");
        addPool("Tenant1", "shop", "/Common/https");
        addMember("Tenant1", "shop", "10.20.1.21:8443");
        addVirtual("Tenant1", "shop_vs", "10.20.0.10:443", "shop");
        return this;
    }

    private Instant now() {
        return api.clock().instant();
    }
}
