package io.edgeway.lbadapter.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.lb.rules.HealthCheck;
import io.edgeway.lb.rules.Persistence;
import io.edgeway.lb.rules.VipProtocol;
import io.edgeway.lbadapter.device.RetryPolicy;
import io.edgeway.lbadapter.device.f5.F5Device;
import io.edgeway.lbadapter.device.f5.F5DeviceSettings;
import io.edgeway.lbadapter.device.nitro.NitroDevice;
import io.edgeway.lbadapter.device.nitro.NitroDeviceSettings;
import io.edgeway.lbadapter.reconcile.WritePermission;
import io.edgeway.lbadapter.vip.DesiredVip;
import io.edgeway.lbadapter.vip.VipCycle;
import io.edgeway.lbadapter.vip.VipKey;
import io.edgeway.lbadapter.vip.VipReport;
import io.edgeway.lbadapter.vip.VipSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The 200-VIP benchmark of issue 16, for the VIP pass alone (no Spring, no registry, no config refresh): 200 VIPs with
 * three members and a monitor each, declared at once across an emulated F5 and an emulated NetScaler, two partitions
 * each; measures the pass that creates them all, the device calls per VIP, a second pass that finds nothing to do,
 * and the peak tokens and sessions, with the adapter's default device settings (2 tokens, 4 sessions).
 * Arguments: the rounds. Prints one Markdown table row per round and the medians.
 */
public final class VipBench {

    private static final int VIPS = 200;

    record Result(long createMillis, long createCalls, long steadyMillis, long steadyCalls, int peakTokens,
            int peakSessions, int failed) {
    }

    private VipBench() {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        round(); // unmeasured: the JIT
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            results.add(round());
        }
        System.out.println("| round | create pass (ms) | device calls per VIP (create) | steady pass (ms) | calls per VIP "
                + "(steady) | peak F5 tokens | peak NITRO sessions | failed changes |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            System.out.printf("| %d | %d | %.1f | %d | %.2f | %d | %d | %d |%n", i + 1, r.createMillis(),
                    (double) r.createCalls() / VIPS, r.steadyMillis(), (double) r.steadyCalls() / VIPS, r.peakTokens(),
                    r.peakSessions(), r.failed());
        }
        System.out.printf("median create pass %d ms, steady pass %d ms%n",
                median(results.stream().mapToLong(Result::createMillis).toArray()),
                median(results.stream().mapToLong(Result::steadyMillis).toArray()));
    }

    private static Result round() {
        try (F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withPartitions("Common", "Tenant1"));
                NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults().withPartitions("default",
                        "tenant1"))) {
            RetryPolicy retry = new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(2));
            F5Device f5Device = new F5Device(new F5DeviceSettings("f5", f5.uri(), F5Settings.DEMO_USER,
                    F5Settings.DEMO_PASSWORD, 2, Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofSeconds(5),
                    retry), Clock.systemUTC(), new SimpleMeterRegistry());
            NitroDevice nitroDevice = new NitroDevice(new NitroDeviceSettings("ns", nitro.uri(),
                    NitroSettings.DEMO_USER, NitroSettings.DEMO_PASSWORD, 4, Duration.ofHours(1),
                    Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(5), retry), Clock.systemUTC(),
                    new SimpleMeterRegistry());
            try {
                VipCycle cycle = new VipCycle(Map.of("f5", f5Device, "ns", nitroDevice), Duration.ofSeconds(30),
                        Clock.systemUTC(), WritePermission.ALWAYS);
                Map<String, List<String>> partitions = Map.of("f5", List.of("Common", "Tenant1"), "ns",
                        List.of("default", "tenant1"));
                List<DesiredVip> vips = vips();
                long calls = f5.requests() + nitro.requests();
                long start = System.nanoTime();
                VipReport created = cycle.run(vips, Set.of(), partitions, true);
                long createMillis = (System.nanoTime() - start) / 1_000_000;
                long createCalls = f5.requests() + nitro.requests() - calls;
                int failed = (int) created.outcomes().stream().filter(o -> o.error() != null).count();
                calls = f5.requests() + nitro.requests();
                start = System.nanoTime();
                VipReport steady = cycle.run(vips, Set.of(), partitions, true);
                long steadyMillis = (System.nanoTime() - start) / 1_000_000;
                if (!steady.changes().isEmpty()) {
                    throw new IllegalStateException("second pass still plans " + steady.changes().size() + " changes");
                }
                return new Result(createMillis, createCalls, steadyMillis, f5.requests() + nitro.requests() - calls,
                        f5.peakLiveTokens(F5Settings.DEMO_USER), nitro.peakSessions(), failed);
            }
            finally {
                f5Device.close();
                nitroDevice.close();
            }
        }
    }

    private static List<DesiredVip> vips() {
        HealthCheck health = new HealthCheck("/monitor/l7check", Duration.ofSeconds(5), Duration.ofSeconds(2));
        List<DesiredVip> vips = new ArrayList<>();
        for (int i = 0; i < VIPS; i++) {
            boolean onF5 = i % 2 == 0;
            String partition = onF5 ? (i / 2 % 2 == 0 ? "Common" : "Tenant1") : (i / 2 % 2 == 0 ? "default" : "tenant1");
            List<String> members = List.of("10.1." + (i / 100) + "." + (i % 100 + 1) + ":8080",
                    "10.2." + (i / 100) + "." + (i % 100 + 1) + ":8080", "10.3." + (i / 100) + "." + (i % 100 + 1)
                            + ":8080");
            vips.add(new DesiredVip(new VipKey(onF5 ? "f5" : "ns", partition, "vip" + i), new VipSpec("10.30." + (i / 200)
                    + "." + (i % 200 + 1), 80, VipProtocol.HTTP, Persistence.NONE, health), "app" + i, 8080, members));
        }
        return vips;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
