package io.edgeway.lbadapter.vip;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.support.MutableClock;
import io.edgeway.lb.rules.HealthCheck;
import io.edgeway.lb.rules.Persistence;
import io.edgeway.lb.rules.VipProtocol;
import io.edgeway.lbadapter.device.TestDevices;
import io.edgeway.lbadapter.device.f5.F5Device;
import io.edgeway.lbadapter.reconcile.Change;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.DesiredState;
import io.edgeway.lbadapter.reconcile.MemberState;
import io.edgeway.lbadapter.reconcile.ReconcileCycle;
import io.edgeway.lbadapter.reconcile.ReconcilePolicy;
import io.edgeway.lbadapter.reconcile.WritePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** The VIP pass against the F5 emulator through the real driver: create, update, drain then delete, dry run. */
class VipCycleTest {

    private static final VipKey SHOP = new VipKey("f5", "Tenant1", "shop");

    private static final Duration GRACE = Duration.ofSeconds(30);

    private static final Map<String, List<String>> PARTITIONS = Map.of("f5", List.of("Tenant1"));

    private final MutableClock clock = MutableClock.startingNow();

    private final F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withClock(clock).withPartitions("Tenant1"))
            .addPool("Tenant1", "legacy", null).addVirtual("Tenant1", "legacy_vs", "10.20.0.10:443", "legacy");

    private final F5Device device = TestDevices.f5("f5", f5.uri(), 2, clock);

    private final VipCycle cycle = new VipCycle(Map.of("f5", device), GRACE, clock, WritePermission.ALWAYS);

    @AfterEach
    void stop() {
        device.close();
        f5.close();
    }

    private static DesiredVip shop(int port) {
        return new DesiredVip(SHOP, new VipSpec("10.20.0.50", port, VipProtocol.HTTP, Persistence.NONE,
                new HealthCheck("/monitor/l7check", Duration.ofSeconds(5), Duration.ofSeconds(2))), "shop-service",
                8080, List.of("10.1.0.1:8080", "10.1.0.2:8080"));
    }

    private VipReport run(List<DesiredVip> desired, boolean apply) {
        return cycle.run(desired, Set.of(), PARTITIONS, apply);
    }

    @Test
    void createsADeclaredVipOnceAndHandsItsPoolToThePoolReconcile() {
        VipReport first = run(List.of(shop(80)), true);
        VipReport second = run(List.of(shop(80)), true);

        assertThat(first.changes()).containsExactly(new VipChange.Create(shop(80)));
        assertThat(first.pools()).containsKey(VipDevice.pool(SHOP));
        assertThat(second.changes()).isEmpty();
        assertThat(f5.members("Tenant1", "shop_pool")).hasSize(2);
    }

    @Test
    void poolOfAVipWhoseApplicationHasACanaryGetsTheSplitsRatiosAndThePlanShowsOnlyTheChangedOnes() {
        DesiredVip split = new DesiredVip(SHOP, shop(80).spec(), "shop-service", 8080,
                List.of("10.1.0.1:8080", "10.1.0.2:8080", "10.1.0.3:8080"), null,
                Map.of("10.1.0.1:8080", "v1", "10.1.0.2:8080", "v1", "10.1.0.3:8080", "v2"),
                new CanarySplit("api", "v1", "v2", 10, "commit abc1234"));
        VipReport created = run(List.of(split), true);
        assertThat(f5.loadBalancingMode("Tenant1", "shop_pool")).isEqualTo("ratio-member");

        ReconcileCycle pools = new ReconcileCycle(Map.of("f5", device), new ReconcilePolicy(GRACE, 0.5), Runnable::run,
                clock);
        CycleReport plan = pools.run(new DesiredState(true, created.pools()), false);

        assertThat(plan.changes()).extracting(Change::action, c -> c.member().toString(), Change::weight)
                .containsExactlyInAnyOrder(tuple(Change.Action.WEIGHT, "10.1.0.1:8080", 9),
                        tuple(Change.Action.WEIGHT, "10.1.0.2:8080", 9),
                        tuple(Change.Action.WEIGHT, "10.1.0.3:8080", 2));
        assertThat(plan.changes()).allMatch(c -> c.reason().contains("canary v2 at 10 % on route api, commit abc1234"));
        assertThat(f5.members("Tenant1", "shop_pool")).as("a plan writes nothing")
                .allMatch(m -> m.ratio() == 1);

        pools.run(new DesiredState(true, created.pools()), true);
        assertThat(f5.members("Tenant1", "shop_pool")).extracting(F5Emulator.Member::name, F5Emulator.Member::ratio)
                .containsExactlyInAnyOrder(tuple("10.1.0.1:8080", 9), tuple("10.1.0.2:8080", 9),
                        tuple("10.1.0.3:8080", 2));
        assertThat(pools.run(new DesiredState(true, created.pools()), false).changes()).as("converged").isEmpty();
    }

    @Test
    void switchesAPoolMadeRoundRobinToRatioMemberSoThatRatiosCount() throws Exception {
        run(List.of(shop(80)), true);
        // A VIP made before the adapter used ratio-member.
        HttpResponse<String> patched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(f5.uri()
                .resolve("/mgmt/tm/ltm/pool/~Tenant1~shop_pool")).method("PATCH", HttpRequest.BodyPublishers
                        .ofString("{\"loadBalancingMode\":\"round-robin\"}")).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((F5Settings.DEMO_USER + ":"
                        + F5Settings.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);

        assertThat(run(List.of(shop(80)), true).changes()).containsExactly(new VipChange.Update(shop(80),
                Set.of("balancing"), shop(80).spec()));
        assertThat(f5.loadBalancingMode("Tenant1", "shop_pool")).isEqualTo("ratio-member");
        assertThat(run(List.of(shop(80)), true).changes()).isEmpty();
    }

    @Test
    void updatesOnlyThePortThatChanged() {
        run(List.of(shop(80)), true);

        VipReport report = run(List.of(shop(8080)), true);

        assertThat(report.changes()).containsExactly(new VipChange.Update(shop(8080), Set.of("port"), shop(80).spec()));
        assertThat(device.vips(List.of("Tenant1"))).filteredOn(v -> v.key().equals(SHOP))
                .extracting(v -> v.spec().port()).containsExactly(8080);
    }

    @Test
    void drainsARemovedVipBeforeDeletingIt() {
        run(List.of(shop(80)), true);
        f5.setConnections("Tenant1", "shop_pool", "10.1.0.1:8080", 3);

        VipReport drain = run(List.of(), true);

        assertThat(drain.changes()).containsExactly(new VipChange.Drain(SHOP));
        assertThat(device.members(VipDevice.pool(SHOP))).allMatch(m -> m.state() == MemberState.DRAINING);
        assertThat(run(List.of(), true).changes()).as("a member still has connections").containsExactly(
                new VipChange.Drain(SHOP));

        clock.advance(GRACE.plusSeconds(1));
        VipReport delete = run(List.of(), true);

        assertThat(delete.changes()).containsExactly(new VipChange.Delete(SHOP));
        assertThat(device.vips(List.of("Tenant1"))).extracting(v -> v.key().name()).containsExactly("legacy_vs");
    }

    @Test
    void leavesAVipWhoseDeclarationCannotBePlacedNowAlone() {
        run(List.of(shop(80)), true);

        VipReport report = cycle.run(List.of(), Set.of("shop"), PARTITIONS, true);

        assertThat(report.changes()).isEmpty();
        assertThat(device.members(VipDevice.pool(SHOP))).allMatch(m -> m.state() == MemberState.ENABLED);
    }

    @Test
    void refusesADeclarationOnTheListenerOfAHandMadeVipAndWritesNothing() {
        DesiredVip taken = new DesiredVip(SHOP, new VipSpec("10.20.0.10", 443, VipProtocol.TCP, Persistence.NONE,
                null), "shop-service", 8080, List.of("10.1.0.1:8080"));

        VipReport report = run(List.of(taken), true);

        assertThat(report.changes()).singleElement().isInstanceOf(VipChange.Refused.class);
        assertThat(f5.writes()).noneMatch(w -> w.path().startsWith("/mgmt/tm/"));
    }

    @Test
    void deletesWhatADeleteCutShortLeftButNotWhatADeclaredCreateWillAdopt() throws Exception {
        run(List.of(shop(80)), true);
        // A delete cut short after the virtual server: its marked pool and monitor are left.
        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(f5.uri()
                .resolve("/mgmt/tm/ltm/virtual/~Tenant1~shop")).DELETE().header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString((F5Settings.DEMO_USER + ":" + F5Settings.DEMO_PASSWORD)
                                .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);

        assertThat(cycle.run(List.of(), Set.of("shop"), PARTITIONS, true).changes()).as("declared, unplaced").isEmpty();
        assertThat(device.leftovers(List.of("Tenant1"))).containsExactly(SHOP);

        assertThat(run(List.of(), true).changes()).containsExactly(new VipChange.Delete(SHOP));
        assertThat(device.leftovers(List.of("Tenant1"))).isEmpty();
    }

    @Test
    void journalsEveryVipWriteWithItsCommitAroundTheDeviceCall() {
        List<String> journal = new ArrayList<>();
        VipCycle journaled = new VipCycle(Map.of("f5", device), GRACE, clock, WritePermission.ALWAYS, write -> {
            journal.add(write.action() + " " + write.key() + " " + write.member() + " " + write.commit() + ": "
                    + write.detail());
            return error -> journal.add(write.action() + " " + (error == null ? "OK" : "FAILED"));
        });

        journaled.run(List.of(withCommit(shop(80), "c1")), Set.of(), PARTITIONS, "c1", true);
        journaled.run(List.of(withCommit(shop(8080), "c2")), Set.of(), PARTITIONS, "c2", true);
        journaled.run(List.of(), Set.of(), PARTITIONS, "c3", true);
        journaled.run(List.of(), Set.of(), PARTITIONS, "c3", true);

        assertThat(journal).containsExactly(
                "VIP_CREATE " + SHOP + " null c1: created 10.20.0.50:80 http, persistence none, health GET "
                        + "/monitor/l7check every 5s timeout 2s with 2 member(s) of shop-service",
                "VIP_CREATE OK",
                "VIP_UPDATE " + SHOP + " null c2: changed port 80 -> 8080", "VIP_UPDATE OK",
                "VIP_DRAIN " + SHOP + " 10.1.0.1:8080 c3: no longer declared: member drained before the VIP is deleted",
                "VIP_DRAIN OK",
                "VIP_DRAIN " + SHOP + " 10.1.0.2:8080 c3: no longer declared: member drained before the VIP is deleted",
                "VIP_DRAIN OK",
                "VIP_DELETE " + SHOP + " null c3: no longer declared: deleted with its pool and monitor",
                "VIP_DELETE OK");
    }

    @Test
    void journalsAWriteTheDeviceRefusesAsFailed() {
        // A pool of the VIP's pool name made by hand: the create finds it without the mark and stops.
        f5.addPool("Tenant1", "shop_pool", null);
        List<String> journal = new ArrayList<>();
        VipCycle journaled = new VipCycle(Map.of("f5", device), GRACE, clock, WritePermission.ALWAYS, write -> {
            journal.add(write.action() + " " + write.commit());
            return error -> journal.add(error == null ? "OK" : "FAILED " + error);
        });

        VipReport report = journaled.run(List.of(withCommit(shop(80), "c1")), Set.of(), PARTITIONS, "c1", true);

        assertThat(report.hadFailures()).isTrue();
        assertThat(journal).hasSize(2);
        assertThat(journal.get(0)).isEqualTo("VIP_CREATE c1");
        assertThat(journal.get(1)).startsWith("FAILED ").contains("made by hand, not touched");
    }

    private static DesiredVip withCommit(DesiredVip vip, String commit) {
        return new DesiredVip(vip.key(), vip.spec(), vip.application(), vip.memberPort(), vip.members(), commit);
    }

    @Test
    void aDryRunPlansAndWritesNothing() {
        VipReport report = run(List.of(shop(80)), false);

        assertThat(report.changes()).containsExactly(new VipChange.Create(shop(80)));
        assertThat(report.applied()).isFalse();
        assertThat(f5.writes()).noneMatch(w -> w.path().startsWith("/mgmt/tm/"));
    }
}
