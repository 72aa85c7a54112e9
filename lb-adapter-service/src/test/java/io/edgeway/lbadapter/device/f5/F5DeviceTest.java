package io.edgeway.lbadapter.device.f5;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.support.FaultSettings;
import io.edgeway.emulators.support.MutableClock;
import io.edgeway.lbadapter.device.TestDevices;
import io.edgeway.lbadapter.reconcile.Change;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/** The F5 driver against the F5 emulator. */
class F5DeviceTest {

    private static final PoolKey POOL = new PoolKey("f5", "Tenant1", "web");

    private static final MemberAddress A = new MemberAddress("10.0.0.1", 8080);

    private final MutableClock clock = MutableClock.startingNow();

    private final F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withClock(clock).withPartitions("Tenant1"))
            .addPool("Tenant1", "web", null).addPool("Tenant1", "api", null);

    private final F5Device device = TestDevices.f5("f5", f5.uri(), 2, clock);

    @AfterEach
    void stop() {
        device.close();
        f5.close();
    }

    @Test
    void addsAnEnabledMemberWithItsRatio() {
        device.addMember(POOL, new DesiredMember(A, 5, "i-1"));

        assertThat(device.members(POOL)).containsExactly(new ObservedMember(A, MemberState.ENABLED, null,
                ObservedMember.UNKNOWN_CONNECTIONS, 5));
        assertThat(f5.member("Tenant1", "web", "10.0.0.1:8080").orElseThrow().session()).isEqualTo("user-enabled");
    }

    @Test
    void setsAMembersRatio() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        device.setWeight(POOL, A, 9);

        assertThat(f5.member("Tenant1", "web", "10.0.0.1:8080").orElseThrow().ratio()).isEqualTo(9);
        assertThat(device.members(POOL)).extracting(ObservedMember::weight).containsExactly(9);
    }

    @Test
    void writesRatiosOfSeveralPoolsInOneTransactionKeepingEachMembersState() {
        MemberAddress b = new MemberAddress("10.0.0.2", 8080);
        PoolKey api = new PoolKey("f5", "Tenant1", "api");
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        device.addMember(POOL, new DesiredMember(b, 1, "i-2"));
        device.addMember(api, new DesiredMember(A, 1, "i-1"));
        device.drainMember(POOL, b, Duration.ofSeconds(30));

        List<PoolOutcome.FailedChange> failed = device.write(List.of(
                new PoolWrite(POOL, device.members(POOL), List.of(weight(POOL, A, 9), weight(POOL, b, 2)),
                        Duration.ofSeconds(30)),
                new PoolWrite(api, device.members(api), List.of(weight(api, A, 4)), Duration.ofSeconds(30))),
                WritePermission.ALWAYS);

        assertThat(failed).isEmpty();
        assertThat(f5.members("Tenant1", "web")).extracting(F5Emulator.Member::name, F5Emulator.Member::ratio,
                F5Emulator.Member::session).containsExactlyInAnyOrder(tuple("10.0.0.1:8080", 9, "user-enabled"),
                        tuple("10.0.0.2:8080", 2, "user-disabled"));
        assertThat(f5.member("Tenant1", "api", "10.0.0.1:8080").orElseThrow().ratio()).isEqualTo(4);
    }

    private static Change weight(PoolKey pool, MemberAddress member, int weight) {
        return new Change(pool, Change.Action.WEIGHT, member, weight, "canary");
    }

    @Test
    void treatsAnExistingMemberAsAdded() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        assertThat(f5.members("Tenant1", "web")).hasSize(1);
    }

    @Test
    void drainsWithUserDisabledAndRecordsTheStartOnTheDevice() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        f5.setConnections("Tenant1", "web", "10.0.0.1:8080", 4);

        device.drainMember(POOL, A, Duration.ofSeconds(30));

        assertThat(f5.member("Tenant1", "web", "10.0.0.1:8080").orElseThrow().session()).isEqualTo("user-disabled");
        assertThat(device.members(POOL)).containsExactly(new ObservedMember(A, MemberState.DRAINING, clock.instant(), 4,
                1));
    }

    @Test
    void reenablesADrainingMemberAndClearsTheMark() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        device.drainMember(POOL, A, Duration.ofSeconds(30));

        device.enableMember(POOL, A);

        F5Emulator.Member member = f5.member("Tenant1", "web", "10.0.0.1:8080").orElseThrow();
        assertThat(member.session()).isEqualTo("user-enabled");
        assertThat(member.description()).isEmpty();
    }

    @Test
    void deletesTheMemberAndTheNodeItsAddCreated() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        device.deleteMember(POOL, A);

        assertThat(f5.members("Tenant1", "web")).isEmpty();
        assertThat(f5.nodes("Tenant1")).isEmpty();
    }

    @Test
    void keepsANodeThatAnotherPoolStillUses() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        device.addMember(new PoolKey("f5", "Tenant1", "api"), new DesiredMember(A, 1, "i-1"));

        device.deleteMember(POOL, A);

        assertThat(f5.nodes("Tenant1")).containsExactly("10.0.0.1");
    }

    @Test
    void treatsAMissingMemberAsDeleted() {
        device.deleteMember(POOL, A);

        assertThat(f5.members("Tenant1", "web")).isEmpty();
    }

    @Test
    void reusesOneTokenForEveryCall() {
        IntStream.range(0, 30).forEach(i -> device.members(POOL));

        assertThat(device.logins()).isEqualTo(1);
        assertThat(f5.liveTokens(F5Settings.DEMO_USER)).isEqualTo(1);
    }

    @Test
    void renewsTheTokenBeforeItExpires() {
        device.members(POOL);

        clock.advance(Duration.ofSeconds(1141));
        device.members(POOL);

        assertThat(device.logins()).isEqualTo(2);
    }

    @Test
    void neverHoldsMoreThanItsMaximumOfTokensAcrossRenewals() {
        for (int i = 0; i < 20; i++) {
            device.members(POOL);
            clock.advance(Duration.ofSeconds(700));
        }

        assertThat(device.logins()).isGreaterThanOrEqualTo(10);
        assertThat(f5.peakLiveTokens(F5Settings.DEMO_USER)).isLessThanOrEqualTo(2);
    }

    @Test
    void logsInAgainWhenTheDeviceNoLongerKnowsTheToken() {
        device.members(POOL);

        f5.killSessions();

        assertThat(device.members(POOL)).isEmpty();
        assertThat(device.logins()).isEqualTo(2);
    }

    @Test
    void keepsItsTokenWhenOthersHoldTheRestOfTheUsersTokens() {
        device.members(POOL);
        f5.faults(FaultSettings.none().withOccupiedSessions(99));

        clock.advance(Duration.ofSeconds(1141));

        assertThat(device.members(POOL)).isEmpty();
    }

    @Test
    void reportsTokenExhaustionAsASessionLimit() {
        f5.faults(FaultSettings.none().withOccupiedSessions(100));

        assertThatThrownBy(() -> device.members(POOL)).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.SESSION_LIMIT));
    }

    @Test
    void retriesThroughRestartsAndLostMcpd() {
        f5.faults(FaultSettings.none().withErrorNext(503, 2));
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        f5.faults(FaultSettings.none().withErrorNext(500, 2));

        assertThat(device.members(POOL)).hasSize(1);
    }

    @Test
    void retriesAnEndpointThatIsNotRegisteredYet() {
        f5.faults(FaultSettings.none().withErrorNext(404, 2));

        assertThat(device.members(POOL)).isEmpty();
    }

    @Test
    void givesUpWithAClearErrorWhenTheDeviceKeepsFailing() {
        device.members(POOL);
        f5.faults(FaultSettings.none().withErrorEvery(500, 1));

        assertThatThrownBy(() -> device.members(POOL)).isInstanceOfSatisfying(DeviceException.class, e -> {
            assertThat(e.kind()).isEqualTo(DeviceException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("f5: GET /mgmt/tm/ltm/pool/~Tenant1~web/members answered 500: "
                    + "The connection to mcpd has been lost, try again.");
        });
    }

    @Test
    void mapsAMissingPoolToNotFoundWithTheDevicesMessage() {
        assertThatThrownBy(() -> device.members(new PoolKey("f5", "Tenant1", "nope")))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeviceException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains("01020036:3: The requested pool (/Tenant1/nope) was not found.");
                });
    }

    @Test
    void addsExactlyOnceWhenTheFirstAttemptTimesOut() {
        f5.faults(FaultSettings.none().withHangNext(Duration.ofMillis(1500), 1));

        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        // The hung request is applied late by the device; it then finds the member there and changes nothing.
        await().atMost(Duration.ofSeconds(5)).until(() -> f5.requests() >= 3);
        assertThat(f5.members("Tenant1", "web")).hasSize(1);
    }

    @Test
    void listsTheVirtualServersOfEveryPartition() {
        try (F5Emulator demo = F5Emulator.start(F5Settings.defaults()).preloadDemo();
                F5Device demoDevice = TestDevices.f5("demo", demo.uri(), 2, clock)) {
            List<VirtualServer> virtuals = demoDevice.virtualServers(List.of());

            assertThat(virtuals).extracting(VirtualServer::partition, VirtualServer::name, VirtualServer::address,
                    VirtualServer::port, VirtualServer::pool).contains(
                            tuple("Common", "legacy-app_vs", "10.10.0.11", 443,
                                    "/Common/legacy-app"),
                            tuple("Tenant1", "shop_vs", "10.20.0.10", 443, "/Tenant1/shop"));
            assertThat(demoDevice.virtualServers(List.of("Tenant1"))).extracting(VirtualServer::name)
                    .containsExactly("shop_vs");
        }
    }

    @Test
    void encodesNamesSoThatNoPoolOrMemberNameReachesAnotherPath() {
        // The victim: a member of another pool, which every hostile name below would address if put in the URL raw.
        PoolKey api = new PoolKey("f5", "Tenant1", "api");
        device.addMember(api, new DesiredMember(A, 1, "i-1"));
        int writesBefore = f5.writes().size();
        String victim = "api/members/~Tenant1~10.0.0.1:8080";
        List<PoolKey> pools = List.of(new PoolKey("f5", "Tenant1", victim + "?"), new PoolKey("f5", "Tenant1",
                victim + "#"), new PoolKey("f5", "Tenant1", "api%2Fmembers%2F~Tenant1~10.0.0.1:8080?"),
                new PoolKey("f5", "Tenant1", ".."), new PoolKey("f5", "Tenant1/../Tenant1", "api"));
        List<MemberAddress> members = List.of(new MemberAddress("x/../../../~Tenant1~api/members/~Tenant1~10.0.0.1",
                8080), new MemberAddress("x%2F..%2F..%2F..%2F~Tenant1~api%2Fmembers%2F~Tenant1~10.0.0.1", 8080),
                new MemberAddress("10.0.0.1:8080?", 8080), new MemberAddress("..", 8080));

        for (PoolKey pool : pools) {
            assertThatThrownBy(() -> device.drainMember(pool, A, Duration.ofSeconds(30))).as(pool.pool())
                    .isInstanceOf(DeviceException.class);
            assertThatThrownBy(() -> device.members(pool)).as(pool.pool()).isInstanceOf(DeviceException.class);
        }
        for (MemberAddress member : members) {
            assertThatThrownBy(() -> device.drainMember(POOL, member, Duration.ofSeconds(30))).as(member.ip())
                    .isInstanceOf(DeviceException.class);
            device.deleteMember(POOL, member);
        }

        assertThat(f5.member("Tenant1", "api", "10.0.0.1:8080").orElseThrow().session()).isEqualTo("user-enabled");
        List<F5Emulator.Write> writes = f5.writes();
        assertThat(writes.subList(writesBefore, writes.size())).extracting(F5Emulator.Write::path)
                .noneMatch(path -> path.startsWith("/mgmt/tm/ltm/pool/~Tenant1~api/"));
    }

    @Test
    void readsAndWritesAPoolWhoseNameNeedsEncoding() {
        f5.addPool("Tenant1", "web app%1", null);
        PoolKey pool = new PoolKey("f5", "Tenant1", "web app%1");

        device.addMember(pool, new DesiredMember(A, 1, "i-1"));
        device.drainMember(pool, A, Duration.ofSeconds(30));

        assertThat(f5.member("Tenant1", "web app%1", "10.0.0.1:8080").orElseThrow().session())
                .isEqualTo("user-disabled");
        assertThat(device.members(pool)).extracting(ObservedMember::address).containsExactly(A);
    }
}
