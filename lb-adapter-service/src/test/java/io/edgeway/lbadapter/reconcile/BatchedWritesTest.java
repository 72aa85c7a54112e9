package io.edgeway.lbadapter.reconcile;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.emulators.support.FaultSettings;
import io.edgeway.emulators.support.MutableClock;
import io.edgeway.lbadapter.device.TestDevices;
import io.edgeway.lbadapter.device.f5.F5Device;
import io.edgeway.lbadapter.device.nitro.NitroDevice;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Batched writes against the emulators: fewer device calls per change, and nothing lost when a batch fails. */
class BatchedWritesTest {

    private static final ReconcilePolicy POLICY = new ReconcilePolicy(Duration.ofSeconds(30), 0.5);

    private final MutableClock clock = MutableClock.startingNow();

    @Test
    void f5WritesAPartitionsPoolsInOneTransaction() {
        long batched = f5CycleWrites(true);
        long oneByOne = f5CycleWrites(false);

        // A transaction: start, one PATCH of the member list per pool, commit.
        assertThat(batched).isEqualTo(4);
        assertThat(oneByOne).isEqualTo(20);
    }

    @Test
    void netscalerBindsAPartitionsMembersInOneBulkCall() {
        long batched = nitroCycleCalls(true);
        long oneByOne = nitroCycleCalls(false);

        assertThat(oneByOne - batched).isEqualTo(19);
    }

    @Test
    void f5FallsBackToOneCallPerChangeWhenTheDeviceRefusesTheTransaction() {
        try (F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withClock(clock)).addPool("Common", "a", null);
                F5Device device = TestDevices.f5("f5", f5.uri(), 2, clock)) {
            PoolKey missing = new PoolKey("f5", "Common", "gone");

            List<PoolOutcome.FailedChange> failed = device.write(List.of(adds(pool("a"), 3), adds(missing, 2)),
                    WritePermission.ALWAYS);

            assertThat(failed).extracting(f -> f.change().pool()).containsExactly(missing, missing);
            assertThat(f5.members("Common", "a")).hasSize(3);
        }
    }

    @Test
    void netscalerReportsOnlyTheBulkItemsTheApplianceRefused() {
        try (NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults().withClock(clock)
                .withPartitions("tenant1")).addServiceGroup("tenant1", "a", "HTTP");
                NitroDevice device = TestDevices.nitro("ns", nitro.uri(), 2, clock)) {
            PoolKey missing = new PoolKey("ns", "tenant1", "gone");

            List<PoolOutcome.FailedChange> failed = device.write(List.of(adds(new PoolKey("ns", "tenant1", "a"), 3),
                    adds(missing, 2)), WritePermission.ALWAYS);

            assertThat(failed).extracting(f -> f.change().pool()).containsExactly(missing, missing);
            assertThat(failed.get(0).error()).contains("errorcode 258");
            assertThat(nitro.members("tenant1", "a")).hasSize(3);
        }
    }

    @Test
    void aBatchThatFailedIsWrittenByTheNextCycleWithoutLosingOrRepeatingAChange() {
        try (F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withClock(clock)).addPool("Common", "a", null)
                .addPool("Common", "b", null); F5Device device = TestDevices.f5("f5", f5.uri(), 2, clock)) {
            ReconcileCycle cycle = new ReconcileCycle(Map.of("f5", device), POLICY, Runnable::run, clock, true,
                    WritePermission.ALWAYS, OperatorHolds.NONE);
            DesiredState desired = desired("f5", "Common", 10);
            device.members(pool("a"));
            // More failures in a row than the retry policy's attempts: the first cycle's batch fails as a whole.
            f5.faults(FaultSettings.none().withErrorNext(503, 8));

            CycleReport first = cycle.run(desired, true);
            CycleReport second = cycle.run(desired, true);

            assertThat(first.hadFailures()).isTrue();
            assertThat(second.hadFailures()).isFalse();
            for (String pool : List.of("a", "b")) {
                assertThat(f5.members("Common", pool)).hasSize(5);
                IntStream.rangeClosed(1, 5).forEach(i -> assertThat(f5.timesAdded("Common", pool,
                        "10.0.0." + i + ":8080")).isEqualTo(1));
            }
        }
    }

    @Test
    void writesNothingWithoutPermission() {
        try (F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withClock(clock)).addPool("Common", "a", null)
                .addPool("Common", "b", null); F5Device device = TestDevices.f5("f5", f5.uri(), 2, clock)) {
            ReconcileCycle cycle = new ReconcileCycle(Map.of("f5", device), POLICY, Runnable::run, clock, true,
                    () -> false, OperatorHolds.NONE);

            CycleReport report = cycle.run(desired("f5", "Common", 4), true);

            assertThat(report.pools()).allSatisfy(p -> assertThat(p.failed()).isNotEmpty()
                    .allSatisfy(f -> assertThat(f.error()).contains("does not lead")));
            assertThat(f5.writes()).isEmpty();
        }
    }

    /** Write calls of one cycle adding ten members to each of two pools of one partition. */
    private long f5CycleWrites(boolean batch) {
        try (F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withClock(clock)).addPool("Common", "a", null)
                .addPool("Common", "b", null); F5Device device = TestDevices.f5("f5", f5.uri(), 2, clock)) {
            new ReconcileCycle(Map.of("f5", device), POLICY, Runnable::run, clock, batch, WritePermission.ALWAYS,
                    OperatorHolds.NONE)
                    .run(desired("f5", "Common", 20), true);

            assertThat(f5.members("Common", "a")).hasSize(10);
            assertThat(f5.members("Common", "b")).hasSize(10);
            return f5.writes().size();
        }
    }

    /** Device calls of one cycle adding ten members to each of two service groups of one partition. */
    private long nitroCycleCalls(boolean batch) {
        try (NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults().withClock(clock)
                .withPartitions("tenant1")).addServiceGroup("tenant1", "a", "HTTP").addServiceGroup("tenant1", "b",
                        "HTTP"); NitroDevice device = TestDevices.nitro("ns", nitro.uri(), 2, clock)) {
            new ReconcileCycle(Map.of("ns", device), POLICY, Runnable::run, clock, batch, WritePermission.ALWAYS,
                    OperatorHolds.NONE)
                    .run(desired("ns", "tenant1", 20), true);

            assertThat(nitro.members("tenant1", "a")).hasSize(10);
            assertThat(nitro.members("tenant1", "b")).hasSize(10);
            assertThat(nitro.peakSessions()).isLessThanOrEqualTo(2);
            return nitro.requests();
        }
    }

    /** {@code count} members spread over pools {@code a} and {@code b}. */
    private static DesiredState desired(String device, String partition, int count) {
        Map<PoolKey, List<DesiredMember>> pools = new LinkedHashMap<>();
        for (String pool : List.of("a", "b")) {
            pools.put(new PoolKey(device, partition, pool), IntStream.rangeClosed(1, count / 2)
                    .mapToObj(i -> new DesiredMember(new MemberAddress("10.0.0." + i, 8080), 1, "i-" + i)).toList());
        }
        return new DesiredState(true, pools);
    }

    private static PoolKey pool(String name) {
        return new PoolKey("f5", "Common", name);
    }

    private static PoolWrite adds(PoolKey pool, int count) {
        return new PoolWrite(pool, List.of(), IntStream.rangeClosed(1, count).mapToObj(i -> new Change(pool,
                Change.Action.ADD, new MemberAddress("10.0.1." + i, 80), 1, "test")).toList(), Duration.ofSeconds(30));
    }
}
