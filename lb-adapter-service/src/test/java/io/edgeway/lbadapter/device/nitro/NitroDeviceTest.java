package io.edgeway.lbadapter.device.nitro;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
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

/** The NetScaler driver against the NITRO emulator. */
class NitroDeviceTest {

    private static final PoolKey POOL = new PoolKey("ns", "tenant1", "web");

    private static final MemberAddress A = new MemberAddress("10.0.0.1", 8080);

    private final MutableClock clock = MutableClock.startingNow();

    private final NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults().withClock(clock)
            .withPartitions("tenant1")).addServiceGroup("tenant1", "web", "HTTP");

    private final NitroDevice device = TestDevices.nitro("ns", nitro.uri(), 4, clock);

    @AfterEach
    void stop() {
        device.close();
        nitro.close();
    }

    @Test
    void addsAnEnabledMemberInTheServiceGroupsPartition() {
        device.addMember(POOL, new DesiredMember(A, 3, "i-1"));

        assertThat(device.members(POOL)).containsExactly(new ObservedMember(A, MemberState.ENABLED, null,
                ObservedMember.UNKNOWN_CONNECTIONS, 3));
        assertThat(nitro.member("tenant1", "web", "10.0.0.1", 8080)).isPresent();
    }

    @Test
    void setsAMembersWeightOnItsBinding() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        device.setWeight(POOL, A, 9);

        assertThat(nitro.member("tenant1", "web", "10.0.0.1", 8080).orElseThrow().weight()).isEqualTo(9);
        assertThat(device.members(POOL)).extracting(ObservedMember::weight).containsExactly(9);
    }

    @Test
    void writesWeightsInOneBulkCallAndReportsTheOneThatFailed() {
        MemberAddress b = new MemberAddress("10.0.0.2", 8080);
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        device.addMember(POOL, new DesiredMember(b, 1, "i-2"));
        Change failing = new Change(POOL, Change.Action.WEIGHT, new MemberAddress("10.0.0.9", 8080), 3, "canary");

        List<PoolOutcome.FailedChange> failed = device.write(List.of(new PoolWrite(POOL, device.members(POOL),
                List.of(new Change(POOL, Change.Action.WEIGHT, A, 9, "canary"),
                        new Change(POOL, Change.Action.WEIGHT, b, 2, "canary"), failing),
                Duration.ofSeconds(30))), WritePermission.ALWAYS);

        assertThat(failed).extracting(PoolOutcome.FailedChange::change).containsExactly(failing);
        assertThat(nitro.members("tenant1", "web")).extracting(NitroEmulator.Member::ip, NitroEmulator.Member::weight)
                .containsExactlyInAnyOrder(tuple("10.0.0.1", 9), tuple("10.0.0.2", 2));
    }

    @Test
    void treatsAnExistingMemberAsAdded() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        assertThat(nitro.members("tenant1", "web")).hasSize(1);
    }

    @Test
    void drainsGracefullyWithTheGracePeriodAsTheDelay() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        nitro.setConnections("tenant1", "web", "10.0.0.1", 8080, 4);

        device.drainMember(POOL, A, Duration.ofSeconds(30));

        NitroEmulator.Member member = nitro.member("tenant1", "web", "10.0.0.1", 8080).orElseThrow();
        assertThat(member.svrstate()).isEqualTo("GOING OUT OF SERVICE");
        assertThat(member.delaySeconds()).isEqualTo(30);
        assertThat(member.graceful()).isTrue();
    }

    @Test
    void readsTheDrainStartFromTheAppliance() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        nitro.setConnections("tenant1", "web", "10.0.0.1", 8080, 4);
        device.drainMember(POOL, A, Duration.ofSeconds(30));
        var started = clock.instant();

        clock.advance(Duration.ofSeconds(10));

        assertThat(device.members(POOL)).singleElement().satisfies(m -> {
            assertThat(m.state()).isEqualTo(MemberState.DRAINING);
            assertThat(m.drainingSince()).isEqualTo(started);
        });
    }

    @Test
    void seesTheMemberDrainedOnceTheDelayIsOver() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        nitro.setConnections("tenant1", "web", "10.0.0.1", 8080, 4);
        device.drainMember(POOL, A, Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(30));

        assertThat(device.members(POOL)).extracting(ObservedMember::state).containsExactly(MemberState.DRAINED);
    }

    @Test
    void reenablesADrainingMember() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        nitro.setConnections("tenant1", "web", "10.0.0.1", 8080, 4);
        device.drainMember(POOL, A, Duration.ofSeconds(30));

        device.enableMember(POOL, A);

        assertThat(nitro.member("tenant1", "web", "10.0.0.1", 8080).orElseThrow().svrstate()).isEqualTo("UP");
    }

    @Test
    void deletesAndTreatsAMissingMemberAsDeleted() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        device.deleteMember(POOL, A);
        device.deleteMember(POOL, A);

        assertThat(nitro.members("tenant1", "web")).isEmpty();
    }

    @Test
    void logsInAgainAfterTheSessionIsKilled() {
        device.members(POOL);

        nitro.killSessions();

        assertThat(device.members(POOL)).isEmpty();
        assertThat(device.logins()).isEqualTo(2);
    }

    @Test
    void logsInAgainAfterTheSessionTimedOut() {
        device.members(POOL);

        clock.advance(Duration.ofSeconds(3600));

        assertThat(device.members(POOL)).isEmpty();
        assertThat(device.logins()).isEqualTo(2);
    }

    @Test
    void reusesItsSessionsAcrossCalls() {
        for (int i = 0; i < 30; i++) {
            device.members(POOL);
        }

        assertThat(device.logins()).isEqualTo(1);
    }

    @Test
    void holdsItsSessionCapWithHundredPoolsInFourPartitionsConcurrently() throws Exception {
        try (NitroEmulator big = NitroEmulator.start(NitroSettings.defaults());
                NitroDevice capped = TestDevices.nitro("big", big.uri(), 8, clock)) {
            List<PoolKey> pools = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                big.addPartition("p" + p);
                for (int g = 0; g < 25; g++) {
                    // Names unique per partition: a call in the wrong partition would fail with 258.
                    big.addServiceGroup("p" + p, "sg-" + p + "-" + g, "HTTP");
                    pools.add(new PoolKey("big", "p" + p, "sg-" + p + "-" + g));
                }
            }
            ExecutorService threads = Executors.newFixedThreadPool(32);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (PoolKey pool : pools) {
                    done.add(threads.submit(() -> {
                        capped.addMember(pool, new DesiredMember(A, 1, "i"));
                        capped.members(pool);
                        capped.drainMember(pool, A, Duration.ofSeconds(5));
                    }));
                }
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
            }
            finally {
                threads.shutdownNow();
            }

            assertThat(big.peakSessions()).isLessThanOrEqualTo(8);
            for (PoolKey pool : pools) {
                assertThat(big.members(pool.partition(), pool.pool())).singleElement()
                        .satisfies(m -> assertThat(m.enabled()).isFalse());
            }
        }
    }

    @Test
    void makesDoWithTheSessionsItHoldsWhenTheApplianceIsFull() throws Exception {
        device.members(POOL);
        nitro.faults(FaultSettings.none().withOccupiedSessions(19));
        long before = nitro.requests();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<List<ObservedMember>>> reads = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                reads.add(threads.submit(() -> device.members(POOL)));
            }
            for (Future<List<ObservedMember>> read : reads) {
                assertThat(read.get(30, TimeUnit.SECONDS)).isEmpty();
            }
        }
        finally {
            threads.shutdownNow();
        }
        assertThat(nitro.peakSessions()).isLessThanOrEqualTo(20);
        // 30 reads, and at most one refused login per thread that raced to log in before the first 446 came back.
        assertThat(nitro.requests() - before).isLessThanOrEqualTo(30 + 3);
    }

    @Test
    void reportsAFullApplianceAsASessionLimit() {
        nitro.faults(FaultSettings.none().withOccupiedSessions(20));

        assertThatThrownBy(() -> device.members(POOL)).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.SESSION_LIMIT));
    }

    @Test
    void retriesThroughInjectedFailures() {
        device.members(POOL);
        nitro.faults(FaultSettings.none().withErrorNext(503, 2));
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));
        nitro.faults(FaultSettings.none().withErrorNext(500, 2));

        assertThat(device.members(POOL)).hasSize(1);
    }

    @Test
    void mapsAMissingServiceGroupToNotFoundWithTheErrorcode() {
        assertThatThrownBy(() -> device.members(new PoolKey("ns", "tenant1", "nope")))
                .isInstanceOfSatisfying(DeviceException.class, e -> {
                    assertThat(e.kind()).isEqualTo(DeviceException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("ns: GET /nitro/v1/config/servicegroup_servicegroupmember_binding"
                            + "/nope answered 404 errorcode 258: No such resource [servicegroupname, nope]");
                });
    }

    @Test
    void listsTheVirtualServersOfEachPartition() {
        try (NitroEmulator demo = NitroEmulator.start(NitroSettings.defaults()).preloadDemo();
                NitroDevice demoDevice = TestDevices.nitro("demo", demo.uri(), 2, clock)) {
            List<VirtualServer> vservers = demoDevice.virtualServers(List.of("default", "tenant1"));

            assertThat(vservers).extracting(VirtualServer::partition, VirtualServer::name, VirtualServer::pool)
                    .containsExactly(tuple("default", "vs_edge-gateway", "edge-gateway"),
                            tuple("default", "vs_static", "static"),
                            tuple("tenant1", "vs_shop", "shop"));
            assertThat(vservers.get(1).state()).isEqualTo("UP");
        }
    }

    @Test
    void encodesNamesAndArgumentsSoThatNoneReachesAnotherResourceOrMember() {
        device.addMember(POOL, new DesiredMember(A, 1, "i-1"));

        // Raw, the first would read another resource's list (and find no member); the others would name member A.
        assertThatThrownBy(() -> device.members(new PoolKey("ns", "tenant1", "../lbvserver")))
                .isInstanceOf(DeviceException.class);
        device.deleteMember(POOL, new MemberAddress("10.0.0.9,port:8080,ip:10.0.0.1", 8080));
        device.deleteMember(POOL, new MemberAddress("10.0.0.9%2Cport:8080%2Cip:10.0.0.1", 8080));
        device.deleteMember(new PoolKey("ns", "tenant1", "web?args=ip:10.0.0.1,port:8080&x="), A);

        assertThat(nitro.member("tenant1", "web", "10.0.0.1", 8080)).isPresent();
    }

    @Test
    void readsAndDeletesInAServiceGroupWhoseNameNeedsEncoding() {
        nitro.addServiceGroup("tenant1", "web app%2F1", "HTTP").addMember("tenant1", "web app%2F1", "10.0.0.2", 80);
        PoolKey pool = new PoolKey("ns", "tenant1", "web app%2F1");

        assertThat(device.members(pool)).extracting(ObservedMember::address)
                .containsExactly(new MemberAddress("10.0.0.2", 80));
        device.deleteMember(pool, new MemberAddress("10.0.0.2", 80));
        assertThat(nitro.members("tenant1", "web app%2F1")).isEmpty();
    }
}
