package io.edgeway.lbadapter.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.emulators.support.FaultSettings;
import io.edgeway.lbadapter.device.TestDevices;
import io.edgeway.lbadapter.device.f5.F5Device;
import io.edgeway.lbadapter.device.nitro.NitroDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reconcile cycles against each emulated device under each fault knob: the pool converges (one member drained and
 * deleted, two added) and no wanted member is ever missing or disabled on the way.
 */
class ConvergenceTest {

    private static final Set<String> STAYING = Set.of("10.0.0.2:8080", "10.0.0.3:8080");

    private static final Set<String> WANTED = Set.of("10.0.0.2:8080", "10.0.0.3:8080", "10.0.0.4:8080",
            "10.0.0.5:8080");

    private final ExecutorService pools = Executors.newFixedThreadPool(4);

    private AutoCloseable emulator;

    private AutoCloseable device;

    @AfterEach
    void stop() throws Exception {
        pools.shutdownNow();
        device.close();
        emulator.close();
    }

    static Stream<Arguments> faults() {
        Duration hang = Duration.ofMillis(1200);
        return Stream.of(
                Arguments.of("HTTP 500 every 3rd call", FaultSettings.none().withErrorEvery(500, 3), null),
                Arguments.of("HTTP 503 every 2nd call", FaultSettings.none().withErrorEvery(503, 2), null),
                Arguments.of("slow responses", FaultSettings.none().withDelay(Duration.ofMillis(150)), null),
                Arguments.of("timeouts every 4th call", FaultSettings.none().withHangEvery(hang, 4), null),
                Arguments.of("sessions nearly exhausted by others", null, "nearly"),
                Arguments.of("sessions exhausted, then freed", null, "fully"));
    }

    @ParameterizedTest(name = "F5 under {0}")
    @MethodSource("faults")
    void f5ConvergesWithoutLosingAMember(String name, FaultSettings faults, String exhaustion) {
        F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withPartitions("Tenant1")).addPool("Tenant1", "web",
                null);
        emulator = f5;
        for (int i = 1; i <= 3; i++) {
            f5.addMember("Tenant1", "web", "10.0.0." + i + ":8080");
        }
        F5Device f5Device = TestDevices.f5("f5", f5.uri(), 2, Clock.systemUTC());
        device = f5Device;
        PoolKey pool = new PoolKey("f5", "Tenant1", "web");

        converges(f5Device, pool, settings -> f5.faults(settings), faults, exhaustion, 100,
                () -> f5.members("Tenant1", "web").stream().collect(Collectors.toMap(F5Emulator.Member::name,
                        F5Emulator.Member::enabled)));
    }

    @ParameterizedTest(name = "NetScaler under {0}")
    @MethodSource("faults")
    void netScalerConvergesWithoutLosingAMember(String name, FaultSettings faults, String exhaustion) {
        NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults().withPartitions("tenant1"))
                .addServiceGroup("tenant1", "web", "HTTP");
        emulator = nitro;
        for (int i = 1; i <= 3; i++) {
            nitro.addMember("tenant1", "web", "10.0.0." + i, 8080);
        }
        NitroDevice nitroDevice = TestDevices.nitro("ns", nitro.uri(), 4, Clock.systemUTC());
        device = nitroDevice;
        PoolKey pool = new PoolKey("ns", "tenant1", "web");

        converges(nitroDevice, pool, settings -> nitro.faults(settings), faults, exhaustion, 20,
                () -> nitro.members("tenant1", "web").stream().collect(Collectors.toMap(m -> m.ip() + ":" + m.port(),
                        NitroEmulator.Member::enabled)));
    }

    private void converges(LoadBalancerDevice device, PoolKey pool, Consumer<FaultSettings> knob, FaultSettings faults,
            String exhaustion, int sessionLimit, Supplier<Map<String, Boolean>> onDevice) {
        ReconcileCycle cycle = new ReconcileCycle(Map.of(device.name(), device),
                new ReconcilePolicy(Duration.ofSeconds(30), 0.5), pools, Clock.systemUTC());
        DesiredState desired = new DesiredState(true, Map.of(pool, WANTED.stream().sorted()
                .map(m -> new DesiredMember(new MemberAddress(m.split(":")[0], 8080), 1, m)).toList()));
        if ("nearly".equals(exhaustion)) {
            knob.accept(FaultSettings.none().withOccupiedSessions(sessionLimit - 1));
        }
        else if ("fully".equals(exhaustion)) {
            knob.accept(FaultSettings.none().withOccupiedSessions(sessionLimit));
            CycleReport refused = cycle.run(desired, true);
            assertThat(refused.hadFailures()).as("no session to be had").isTrue();
            knob.accept(FaultSettings.none());
        }
        else {
            knob.accept(faults);
        }

        await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    cycle.run(desired, true);
                    Map<String, Boolean> members = onDevice.get();
                    for (String staying : STAYING) {
                        assertThat(members).as("a staying member is never removed or disabled")
                                .containsEntry(staying, true);
                    }
                    return members.keySet().equals(WANTED) && !members.containsValue(false);
                });
    }

}
