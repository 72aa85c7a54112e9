package io.edgeway.emulators.nitro;

import java.util.List;
import java.util.Optional;

import io.edgeway.emulators.support.Emulator;

/**
 * An emulated NetScaler ADC serving the NITRO subset of the spec's part B on a local port, with setup and inspection
 * methods for tests and fault knobs (also at {@code /emulator/faults}).
 */
public final class NitroEmulator extends Emulator<NitroApi> {

    /** A service group member as the appliance reports it now. */
    public record Member(String ip, int port, String servername, int weight, boolean enabled, String svrstate,
            long delaySeconds, boolean graceful, int connections) {
    }

    private NitroEmulator(String host, int port, NitroApi api) {
        super("nitro-emulator", host, port, api);
    }

    /** Starts on a free loopback port. */
    public static NitroEmulator start(NitroSettings settings) {
        return start(settings, "127.0.0.1", 0);
    }

    public static NitroEmulator start(NitroSettings settings, String host, int port) {
        return new NitroEmulator(host, port, new NitroApi(settings));
    }

    /** Sessions logged in now, those of other clients (the exhaustion knob) included. */
    public int liveSessions() {
        return locked(api.sessions::live);
    }

    /** The most sessions ever logged in at once. */
    public int peakSessions() {
        return locked(api.sessions::peak);
    }

    public NitroEmulator addPartition(String partition) {
        return locked(() -> {
            api.partitions.add(partition);
            return this;
        });
    }

    public NitroEmulator addServiceGroup(String partition, String servicegroup, String servicetype) {
        return locked(() -> {
            api.partitions.get(partition).servicegroups.put(servicegroup,
                    new NitroServiceGroup(servicegroup, servicetype));
            return this;
        });
    }

    public NitroEmulator addMember(String partition, String servicegroup, String ip, int port) {
        return locked(() -> {
            NitroPartition p = api.partitions.get(partition);
            NitroServiceGroup group = p.servicegroup(servicegroup);
            group.members.put(NitroMember.key(ip, port), new NitroMember(ip, port, p.serverFor(ip), api.now()));
            return this;
        });
    }

    public NitroEmulator addVserver(String partition, String name, String ip, int port, String servicetype,
            String servicegroup) {
        return locked(() -> {
            NitroPartition p = api.partitions.get(partition);
            NitroVserver vserver = new NitroVserver(name, ip, port, servicetype);
            if (servicegroup != null) {
                p.servicegroup(servicegroup);
                vserver.servicegroups.add(servicegroup);
            }
            p.vservers.put(name, vserver);
            return this;
        });
    }

    public List<Member> members(String partition, String servicegroup) {
        return locked(() -> api.partitions.get(partition).servicegroup(servicegroup).members.values().stream()
                .map(m -> new Member(m.ip, m.port, m.servername, m.weight, m.enabled, m.svrstate(api.now()),
                        m.delaySeconds, m.graceful, m.connections))
                .toList());
    }

    /** An lbvserver's {@code lbmethod}. */
    public String lbmethod(String partition, String vserver) {
        return locked(() -> api.partitions.get(partition).vserver(vserver).lbmethod);
    }

    public Optional<Member> member(String partition, String servicegroup, String ip, int port) {
        return members(partition, servicegroup).stream().filter(m -> m.ip().equals(ip) && m.port() == port)
                .findFirst();
    }

    /** Sets a member's simulated active connections, which a graceful disable waits for. */
    public void setConnections(String partition, String servicegroup, String ip, int port, int connections) {
        locked(() -> {
            NitroPartition p = api.partitions.get(partition);
            p.member(p.servicegroup(servicegroup), ip, port).connections = connections;
            return null;
        });
    }

    /** A few VIPs in two partitions, for the demo: service groups {@code edge-gateway}, {@code static}, {@code shop}. */
    public NitroEmulator preloadDemo() {
        addPartition("tenant1");
        addServiceGroup("default", "edge-gateway", "HTTP");
        addVserver("default", "vs_edge-gateway", "10.30.0.10", 80, "HTTP", "edge-gateway");
        addServiceGroup("default", "static", "HTTP");
        addMember("default", "static", "10.30.1.11", 80);
        addMember("default", "static", "10.30.1.12", 80);
        addVserver("default", "vs_static", "10.30.0.11", 80, "HTTP", "static");
        addServiceGroup("tenant1", "shop", "SSL");
        addMember("tenant1", "shop", "10.40.1.21", 443);
        addVserver("tenant1", "vs_shop", "10.40.0.10", 443, "SSL", "shop");
        return this;
    }
}
