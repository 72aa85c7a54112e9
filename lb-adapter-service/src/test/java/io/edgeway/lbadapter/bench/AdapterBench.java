package io.edgeway.lbadapter.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.lbadapter.LbAdapterApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

/**
 * bench/adapter-bench.sh's driver: 1,000 instances appear at once in the registry, half for ten pools on an emulated
 * F5, half for ten service groups on an emulated NetScaler; measures the time until both devices hold them all, the
 * device calls per change and the peak tokens and sessions, batched against unbatched in interleaved rounds.
 * Arguments: the rounds, and the file the Markdown summary is written to.
 */
public final class AdapterBench {

    private static final int POOLS_PER_DEVICE = 10;

    private static final int CHANGES = 1000;

    /** One round of one mode. */
    record Result(boolean batched, long convergeMillis, long f5Calls, long nitroCalls, int peakTokens,
            int peakSessions) {

        double callsPerChange() {
            return (double) (f5Calls + nitroCalls) / CHANGES;
        }
    }

    private AdapterBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        List<Result> results = new ArrayList<>();
        // One unmeasured round of each, so that neither mode pays for the JIT alone.
        round(true);
        round(false);
        for (int i = 0; i < rounds; i++) {
            boolean batchedFirst = i % 2 == 0;
            results.add(round(batchedFirst));
            results.add(round(!batchedFirst));
        }
        // A file of its own: Spring's logs share stdout.
        java.nio.file.Files.writeString(java.nio.file.Path.of(args[1]), summary(results, rounds));
    }

    private static Result round(boolean batched) throws Exception {
        F5Emulator f5 = F5Emulator.start(F5Settings.defaults());
        NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults().withPartitions("tenant1"));
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
                "--spring.cloud.config.enabled=false", "--eureka.client.enabled=false",
                "--logging.level.io.edgeway.lbadapter=WARN", "--spring.main.banner-mode=off",
                "--edgeway.lb-adapter.reconcile.batch-writes=" + batched, "--edgeway.lb-adapter.reconcile.registry-poll-interval=50ms",
                "--edgeway.lb-adapter.devices.f5.type=F5", "--edgeway.lb-adapter.devices.f5.url=" + f5.uri(),
                "--edgeway.lb-adapter.devices.f5.username=" + F5Settings.DEMO_USER,
                "--edgeway.lb-adapter.devices.f5.password=" + F5Settings.DEMO_PASSWORD,
                "--edgeway.lb-adapter.devices.ns.type=NETSCALER", "--edgeway.lb-adapter.devices.ns.url=" + nitro.uri(),
                "--edgeway.lb-adapter.devices.ns.username=" + NitroSettings.DEMO_USER,
                "--edgeway.lb-adapter.devices.ns.password=" + NitroSettings.DEMO_PASSWORD));
        int mapping = 0;
        for (String device : List.of("f5", "ns")) {
            for (int p = 0; p < POOLS_PER_DEVICE; p++) {
                String pool = device + "-pool-" + p;
                if (device.equals("f5")) {
                    f5.addPool("Common", pool, null);
                }
                else {
                    nitro.addServiceGroup("tenant1", pool, "HTTP");
                }
                String prefix = "--edgeway.lb-adapter.mappings[" + mapping++ + "].";
                arguments.addAll(List.of(prefix + "application=" + pool, prefix + "device=" + device,
                        prefix + "partition=" + (device.equals("f5") ? "Common" : "tenant1"), prefix + "pool=" + pool));
            }
        }
        try (ConfigurableApplicationContext adapter = new SpringApplicationBuilder(LbAdapterApplication.class)
                .run(arguments.toArray(String[]::new))) {
            await("the adapter reached both devices").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> f5.requests() > 0 && nitro.requests() > 0);
            SimpleDiscoveryProperties registry = adapter.getBean(SimpleDiscoveryProperties.class);
            long f5Before = f5.requests();
            long nitroBefore = nitro.requests();
            long started = System.nanoTime();
            registry.getInstances().putAll(instances());
            await("converged").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> members(f5, nitro) >= CHANGES);
            long converged = (System.nanoTime() - started) / 1_000_000;
            return new Result(batched, converged, f5.requests() - f5Before, nitro.requests() - nitroBefore,
                    f5.peakLiveTokens(F5Settings.DEMO_USER), nitro.peakSessions());
        }
        finally {
            f5.close();
            nitro.close();
        }
    }

    private static Map<String, List<InstanceProperties>> instances() {
        Map<String, List<InstanceProperties>> instances = new java.util.HashMap<>();
        int perPool = CHANGES / (2 * POOLS_PER_DEVICE);
        for (String device : List.of("f5", "ns")) {
            for (int p = 0; p < POOLS_PER_DEVICE; p++) {
                String app = device + "-pool-" + p;
                List<InstanceProperties> list = new ArrayList<>();
                for (int i = 1; i <= perPool; i++) {
                    InstanceProperties instance = new InstanceProperties();
                    instance.setServiceId(app);
                    instance.setInstanceId(app + "-" + i);
                    instance.setUri(URI.create("http://10." + (device.equals("f5") ? 1 : 2) + "." + p + "." + i
                            + ":8080"));
                    list.add(instance);
                }
                instances.put(app, list);
            }
        }
        return instances;
    }

    private static int members(F5Emulator f5, NitroEmulator nitro) {
        int count = 0;
        for (int p = 0; p < POOLS_PER_DEVICE; p++) {
            count += f5.members("Common", "f5-pool-" + p).size() + nitro.members("tenant1", "ns-pool-" + p).size();
        }
        return count;
    }

    private static String summary(List<Result> results, int rounds) {
        Result batched = medians(results.stream().filter(Result::batched).toList());
        Result unbatched = medians(results.stream().filter(r -> !r.batched()).toList());
        StringBuilder out = new StringBuilder();
        out.append("| mode | converge (ms) | F5 calls | NetScaler calls | calls per change | peak F5 tokens "
                + "| peak NITRO sessions |\n|---|---|---|---|---|---|---|\n");
        for (Result r : List.of(batched, unbatched)) {
            out.append(String.format("| %s | %d | %d | %d | %.3f | %d | %d |%n", r.batched() ? "batched" : "unbatched",
                    r.convergeMillis(), r.f5Calls(), r.nitroCalls(), r.callsPerChange(), r.peakTokens(),
                    r.peakSessions()));
        }
        out.append(String.format("%nMedians of %d interleaved rounds (1,000 changes each). Batched / unbatched: "
                + "converge time %.2f, calls per change %.3f. Goal: converged within 10 s: %s; within the session "
                + "limits (F5 100 tokens per user, NITRO 20 sessions): %s.%n", rounds,
                (double) batched.convergeMillis() / unbatched.convergeMillis(),
                batched.callsPerChange() / unbatched.callsPerChange(),
                results.stream().allMatch(r -> r.convergeMillis() <= 10_000) ? "yes, every round"
                        : "no, slowest " + results.stream().mapToLong(Result::convergeMillis).max().orElse(0) + " ms",
                results.stream().allMatch(r -> r.peakTokens() <= 100 && r.peakSessions() <= 20) ? "yes, every round"
                        : "NO"));
        out.append("Raw rounds (mode ms f5Calls nitroCalls tokens sessions): ");
        results.forEach(r -> out.append(String.format("[%s %d %d %d %d %d] ", r.batched() ? "B" : "U",
                r.convergeMillis(), r.f5Calls(), r.nitroCalls(), r.peakTokens(), r.peakSessions())));
        return out.append('\n').toString();
    }

    private static Result medians(List<Result> results) {
        return new Result(results.get(0).batched(), median(results.stream().mapToLong(Result::convergeMillis).toArray()),
                median(results.stream().mapToLong(Result::f5Calls).toArray()),
                median(results.stream().mapToLong(Result::nitroCalls).toArray()),
                (int) median(results.stream().mapToLong(Result::peakTokens).toArray()),
                (int) median(results.stream().mapToLong(Result::peakSessions).toArray()));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
