package io.edgeway.lbadapter.view;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.edgeway.lbadapter.mirror.VipSource;
import io.edgeway.lbadapter.operator.OperatorHoldStore;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.VirtualServer;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/virtual-servers[?q=]}: every virtual server of every device, with its pool and members, from the
 * {@link VipView} (not read live); {@code q} searches names, addresses, pools and members. Each device says how old
 * its last successful read is and why its last read failed, if it did; each virtual server where it comes from
 * ({@link VipOrigin}). {@code GET /api/vips}: the same virtual servers in short, with their origin, and the declared
 * VIPs not on any device yet.
 */
@RestController
class VirtualServerController {

    /** The view: devices first, then the virtual servers that match, and the devices whose last read failed. */
    record VirtualServersView(Instant at, List<DeviceView> devices, List<VirtualServerView> virtualServers,
            Map<String, String> errors) {
    }

    /** One device's last read: when it last succeeded, how long ago, and the last error (null after a success). */
    record DeviceView(String name, Instant polledAt, Double ageSeconds, Instant lastAttemptAt, String lastError) {
    }

    /**
     * One virtual server; {@code origin} DECLARED, HAND_MADE or REMOVING, {@code vip} and {@code declaredBy} (the
     * config commit) from its ownership mark.
     */
    record VirtualServerView(String device, String partition, String name, String address, int port,
            String protocol, boolean enabled, String state, String poolPartition, String pool,
            List<MemberView> members, String poolError, String origin, String vip, String declaredBy) {
    }

    /** The VIPs on the devices with their origin, the config commit in force, and declared VIPs not seen on a device. */
    record VipsView(Instant at, String commit, List<VipSummary> vips, List<String> notOnDevice,
            Map<String, String> errors) {
    }

    /** One virtual server in short, with its origin. */
    record VipSummary(String device, String partition, String name, String address, int port, String origin,
            String vip, String declaredBy) {
    }

    /** A pool member: its admin state, connections when known, and the operator holding it drained, if any. */
    record MemberView(String member, String state, Integer connections, int weight, String heldBy,
            Instant heldSince) {
    }

    private final VipView view;

    private final OperatorHoldStore holds;

    private final VipSource declarations;

    private final Clock clock;

    VirtualServerController(VipView view, OperatorHoldStore holds, VipSource declarations,
            Clock clock) {
        this.view = view;
        this.holds = holds;
        this.declarations = declarations;
        this.clock = clock;
    }

    @GetMapping("/api/virtual-servers")
    VirtualServersView virtualServers(@RequestParam(required = false) String q) {
        Instant now = clock.instant();
        List<DeviceView> devices = new ArrayList<>();
        List<VirtualServerView> servers = new ArrayList<>();
        Map<String, String> errors = new TreeMap<>();
        for (DeviceSnapshot snapshot : view.snapshots()) {
            devices.add(new DeviceView(snapshot.device(), snapshot.polledAt(), snapshot.polledAt() == null ? null
                    : Duration.between(snapshot.polledAt(), now).toMillis() / 1000.0, snapshot.attemptedAt(),
                    snapshot.error()));
            if (snapshot.error() != null) {
                errors.put(snapshot.device(), snapshot.error());
            }
            Set<String> declared = declaredNames();
            snapshot.virtualServers().stream().filter(s -> s.matches(q)).map(s -> view(s, declared))
                    .forEach(servers::add);
        }
        return new VirtualServersView(now, devices, servers, errors);
    }

    @GetMapping("/api/vips")
    VipsView vips() {
        Set<String> declared = declaredNames();
        Set<String> notOnDevice = new TreeSet<>(declared);
        List<VipSummary> vips = new ArrayList<>();
        Map<String, String> errors = new TreeMap<>();
        for (DeviceSnapshot snapshot : view.snapshots()) {
            if (snapshot.error() != null) {
                errors.put(snapshot.device(), snapshot.error());
            }
            for (PooledVirtualServer pooled : snapshot.virtualServers()) {
                VirtualServer s = pooled.server();
                VipOrigin origin = VipOrigin.of(s, declared);
                if (origin.kind() == VipOrigin.Kind.DECLARED) {
                    notOnDevice.remove(origin.vip());
                }
                vips.add(new VipSummary(s.device(), s.partition(), s.name(), s.address(), s.port(),
                        origin.kind().name(), origin.vip(), origin.declaredBy()));
            }
        }
        return new VipsView(clock.instant(), declarations.commit(), vips, List.copyOf(notOnDevice), errors);
    }

    private Set<String> declaredNames() {
        Set<String> names = new HashSet<>();
        declarations.settings().vips().forEach(vip -> names.add(vip.name()));
        return names;
    }

    private VirtualServerView view(PooledVirtualServer pooled, Set<String> declared) {
        VirtualServer s = pooled.server();
        List<MemberView> members = pooled.members().stream().map(m -> member(pooled, m)).toList();
        VipOrigin origin = VipOrigin.of(s, declared);
        return new VirtualServerView(s.device(), s.partition(), s.name(), s.address(), s.port(), s.protocol(),
                s.enabled(), s.state(), pooled.pool() == null ? null : pooled.pool().partition(),
                pooled.pool() == null ? null : pooled.pool().pool(), members, pooled.poolError(),
                origin.kind().name(), origin.vip(), origin.declaredBy());
    }

    private MemberView member(PooledVirtualServer pooled, ObservedMember member) {
        var hold = holds.heldMember(pooled.pool(), member.address());
        return new MemberView(member.address().toString(), member.state().name(),
                member.connections() == ObservedMember.UNKNOWN_CONNECTIONS ? null : member.connections(),
                member.weight(), hold.map(OperatorHoldStore.HeldMember::heldBy).orElse(null),
                hold.map(OperatorHoldStore.HeldMember::since).orElse(null));
    }
}
