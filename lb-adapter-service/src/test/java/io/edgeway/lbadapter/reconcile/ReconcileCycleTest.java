package io.edgeway.lbadapter.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.support.MutableClock;
import io.edgeway.lbadapter.device.TestDevices;
import io.edgeway.lbadapter.device.f5.F5Device;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A cycle over real pools on an emulated F5. */
class ReconcileCycleTest {

    private static final PoolKey WEB = new PoolKey("f5", "Common", "web");

    private static final PoolKey API = new PoolKey("f5", "Common", "api");

    private final MutableClock clock = MutableClock.startingNow();

    private final F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withClock(clock)).addPool("Common", "web", null)
            .addPool("Common", "api", null).addMember("Common", "web", "10.0.0.1:8080");

    private final F5Device device = TestDevices.f5("f5", f5.uri(), 2, clock);

    private final ReconcileCycle cycle = new ReconcileCycle(Map.of("f5", device),
            new ReconcilePolicy(Duration.ofSeconds(30), 0.5), Runnable::run, clock);

    @AfterEach
    void stop() {
        device.close();
        f5.close();
    }

    @Test
    void journalsABatchBeforeItsFirstDeviceCallAndItsOutcomeAfter() {
        List<String> journal = new ArrayList<>();
        WriteJournal recorder = changes -> {
            journal.add("intend " + changes.size() + ", on the device: " + f5.members("Common", "web").size());
            return failures -> journal.add("completed, failed " + failures.size() + ", on the device: "
                    + f5.members("Common", "web").size());
        };
        ReconcileCycle journalled = new ReconcileCycle(Map.of("f5", device),
                new ReconcilePolicy(Duration.ofSeconds(30), 0.5), Runnable::run, clock, false, WritePermission.ALWAYS,
                OperatorHolds.NONE, recorder);

        journalled.run(desired(WEB, "10.0.0.1", "10.0.0.2", "10.0.0.3"), true);

        assertThat(journal).containsExactly("intend 2, on the device: 1", "completed, failed 0, on the device: 3");
    }

    @Test
    void journalsTheChangesALeaderThatLostTheLockDidNotWrite() {
        List<Map<Change, String>> outcomes = new ArrayList<>();
        // Leads for the first check of the batch and the first change's, then no more.
        int[] checks = { 0 };
        ReconcileCycle lost = new ReconcileCycle(Map.of("f5", device), new ReconcilePolicy(Duration.ofSeconds(30), 0.5),
                Runnable::run, clock, false, () -> checks[0]++ < 2, OperatorHolds.NONE,
                changes -> outcomes::add);

        CycleReport report = lost.run(desired(WEB, "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"), true);

        assertThat(f5.members("Common", "web")).hasSize(2);
        assertThat(report.pools().get(0).failed()).hasSize(2).allMatch(f -> f.error().contains("does not lead"));
        assertThat(outcomes).singleElement().satisfies(failures -> assertThat(failures).hasSize(2));
    }

    @Test
    void dryRunPlansWithoutWriting() {
        f5.addMember("Common", "web", "10.0.0.3:8080");

        CycleReport report = cycle.run(desired(WEB, "10.0.0.2", "10.0.0.3"), false);

        assertThat(report.applied()).isFalse();
        assertThat(report.changes()).extracting(Change::action).containsExactly(Change.Action.ADD, Change.Action.DRAIN);
        assertThat(f5.members("Common", "web")).extracting(F5Emulator.Member::name)
                .containsExactly("10.0.0.1:8080", "10.0.0.3:8080");
    }

    @Test
    void drainsThenDeletesOnceTheGracePeriodIsOver() {
        cycle.run(desired(WEB, "10.0.0.1", "10.0.0.2"), true);
        f5.setConnections("Common", "web", "10.0.0.2:8080", 3);

        cycle.run(desired(WEB, "10.0.0.1"), true);
        assertThat(f5.member("Common", "web", "10.0.0.2:8080").orElseThrow().session()).isEqualTo("user-disabled");
        cycle.run(desired(WEB, "10.0.0.1"), true);
        assertThat(f5.member("Common", "web", "10.0.0.2:8080")).as("still draining").isPresent();

        clock.advance(Duration.ofSeconds(30));
        cycle.run(desired(WEB, "10.0.0.1"), true);

        assertThat(f5.members("Common", "web")).extracting(F5Emulator.Member::name).containsExactly("10.0.0.1:8080");
    }

    @Test
    void resumesADrainStartedBeforeARestart() {
        cycle.run(desired(WEB, "10.0.0.1", "10.0.0.2"), true);
        f5.setConnections("Common", "web", "10.0.0.2:8080", 3);
        cycle.run(desired(WEB, "10.0.0.1"), true);
        clock.advance(Duration.ofSeconds(30));

        try (F5Device restarted = TestDevices.f5("f5", f5.uri(), 2, clock)) {
            new ReconcileCycle(Map.of("f5", restarted), new ReconcilePolicy(Duration.ofSeconds(30), 0.5),
                    Runnable::run, clock).run(desired(WEB, "10.0.0.1"), true);
        }

        assertThat(f5.members("Common", "web")).extracting(F5Emulator.Member::name).containsExactly("10.0.0.1:8080");
    }

    @Test
    void reportsAnUnreadablePoolAndStillReconcilesTheOthers() {
        PoolKey missing = new PoolKey("f5", "Common", "missing");
        Map<PoolKey, List<DesiredMember>> pools = Map.of(missing, List.of(member("10.0.0.9")), API,
                List.of(member("10.0.0.3")));

        CycleReport report = cycle.run(new DesiredState(true, pools), true);

        assertThat(report.hadFailures()).isTrue();
        assertThat(report.pools()).filteredOn(p -> p.pool().equals(missing)).singleElement()
                .extracting(PoolOutcome::readError).asString().contains("01020036");
        assertThat(f5.members("Common", "api")).hasSize(1);
    }

    @Test
    void reportsAPoolOnAnUnknownDevice() {
        PoolKey elsewhere = new PoolKey("nowhere", "Common", "web");

        CycleReport report = cycle.run(new DesiredState(true, Map.of(elsewhere, List.of())), true);

        assertThat(report.pools()).singleElement().extracting(PoolOutcome::readError).asString()
                .contains("no device named 'nowhere'");
    }

    private static DesiredState desired(PoolKey pool, String... ips) {
        return new DesiredState(true, Map.of(pool, java.util.Arrays.stream(ips).map(ReconcileCycleTest::member)
                .toList()));
    }

    private static DesiredMember member(String ip) {
        return new DesiredMember(new MemberAddress(ip, 8080), 1, "i-" + ip);
    }

}
