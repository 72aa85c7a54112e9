package io.edgeway.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.yaml.snakeyaml.Yaml;

import static org.awaitility.Awaitility.await;

/**
 * bench/registry-bench.sh's driver: starts the real discovery-server jar (one node, or three peers on 127.0.0.1-3)
 * and, for each fleet size N, a {@link SimulatedFleet} of N instances that register, renew and fetch at the given
 * intervals; after a warm-up (so that the registrations have left the delta queue: steady state), it measures for a
 * window: every process's CPU ({@link ProcessCpu}), the servers' CPU each second, renew and delta-fetch latencies,
 * and, for status changes made during the window, the time until 99 % of the fetching clients saw each one.
 * Settings are system properties (see registry-bench.sh); the one argument is the file for the Markdown summary.
 */
public final class RegistryBench {

    private static final String USER = "eureka";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** How long one status change may take to reach every fetching client before the next one starts. */
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(8);

    record Settings(List<Integer> sizes, List<String> topologies, int rounds, Duration warmup, Duration window,
            Duration renew, Duration lease, Duration fetch, String fetchers, List<String> serverArgs) {

        static Settings fromSystemProperties() {
            return new Settings(ints(prop("bench.n", "10,100,1000")), List.of(prop("bench.topologies", "single,cluster")
                    .split(",")), Integer.parseInt(prop("bench.rounds", "1")),
                    Duration.ofSeconds(Long.parseLong(prop("bench.warmup", "40"))),
                    Duration.ofSeconds(Long.parseLong(prop("bench.seconds", "30"))),
                    Duration.ofSeconds(Long.parseLong(prop("bench.renew",
                            shipped("instance", "lease-renewal-interval-in-seconds")))),
                    Duration.ofSeconds(Long.parseLong(prop("bench.expiry",
                            shipped("instance", "lease-expiration-duration-in-seconds")))),
                    Duration.ofSeconds(Long.parseLong(prop("bench.fetch",
                            shipped("client", "registry-fetch-interval-seconds")))), prop("bench.fetchers", "all"),
                    Arrays.stream(prop("bench.server-args", "").split(" ")).filter(s -> !s.isBlank()).toList());
        }

        /** {@code eureka.<group>.<key>} as every client gets it from config-repo/application.yml. */
        @SuppressWarnings("unchecked")
        private static String shipped(String group, String key) {
            try {
                Map<String, Object> config = new Yaml().load(Files.readString(
                        Stack.root().resolve("config-repo/application.yml")));
                Map<String, Object> eureka = (Map<String, Object>) config.get("eureka");
                return String.valueOf(((Map<String, Object>) eureka.get(group)).get(key));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        int fetchersOf(int n) {
            if (fetchers.equals("all")) {
                return n;
            }
            if (fetchers.endsWith("%")) {
                return Math.max(1, n * Integer.parseInt(fetchers.substring(0, fetchers.length() - 1)) / 100);
            }
            return Math.min(n, Integer.parseInt(fetchers));
        }
    }

    /** One measured window. */
    record Result(String topology, int n, int round, int fetchers, double seconds, List<Double> nodeCpu,
            List<Double> perSecondCpu, double benchCpu, double neighbours, String others, long renews,
            long renewsNotFound, long[] renewLatencies, long deltaFetches, long[] deltaLatencies, long fullFetches,
            long hashMismatches, long errors, long deltaBytes, List<Long> changeNanos, int changes) {

        double serverCpuTotal() {
            return nodeCpu.stream().mapToDouble(Double::doubleValue).sum();
        }

        double maxNodeCpu() {
            return nodeCpu.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    private RegistryBench() {
    }

    public static void main(String[] args) throws IOException {
        Settings settings = Settings.fromSystemProperties();
        List<Result> results = new ArrayList<>();
        for (String topology : settings.topologies()) {
            List<ServiceProcess> nodes = startNodes(topology, settings.serverArgs());
            // Stopped by PID also when the script stops this JVM.
            Thread stopper = new Thread(() -> nodes.forEach(ServiceProcess::close), "bench-stop-servers");
            Runtime.getRuntime().addShutdownHook(stopper);
            try {
                for (int round = 1; round <= settings.rounds(); round++) {
                    for (int n : settings.sizes()) {
                        Result result = measure(topology, nodes, n, round, settings);
                        results.add(result);
                        System.out.println(row(result));
                    }
                }
            }
            finally {
                nodes.parallelStream().forEach(ServiceProcess::close);
            }
        }
        Files.writeString(Path.of(args[0]), summary(settings, results));
        System.exit(0);
    }

    private static List<ServiceProcess> startNodes(String topology, List<String> serverArgs) {
        Map<String, String> env = new LinkedHashMap<>(Stack.discoveryServerEnv());
        if (topology.equals("single")) {
            ServiceProcess node = ServiceProcess.start("discovery-server", "bench-discovery", ServiceProcess.freePort(),
                    env, serverArgs);
            try {
                return List.of(node.awaitHealthy(START_TIMEOUT));
            }
            catch (RuntimeException ex) {
                node.close();
                throw ex;
            }
        }
        int[] ports = { ServiceProcess.freePort(), ServiceProcess.freePort(), ServiceProcess.freePort() };
        String peers = Stream.of(0, 1, 2).map(i -> "http://" + USER + ":" + Stack.EUREKA_PASSWORD + "@127.0.0."
                + (i + 1) + ":" + ports[i] + "/eureka/").collect(Collectors.joining(","));
        List<ServiceProcess> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, String> nodeEnv = new LinkedHashMap<>(env);
            nodeEnv.putAll(Map.of("SPRING_PROFILES_ACTIVE", "peer", "EUREKA_HOSTNAME", "127.0.0." + (i + 1),
                    "EUREKA_PEERS", peers));
            List<String> args = new ArrayList<>(serverArgs);
            args.add("--server.address=127.0.0." + (i + 1));
            nodes.add(ServiceProcess.start("discovery-server", "bench-discovery-peer" + (i + 1), ports[i], nodeEnv,
                    args));
        }
        try {
            nodes.parallelStream().forEach(n -> n.awaitHealthy(START_TIMEOUT));
        }
        catch (RuntimeException ex) {
            nodes.forEach(ServiceProcess::close);
            throw ex;
        }
        return nodes;
    }

    private static Result measure(String topology, List<ServiceProcess> nodes, int n, int round, Settings s) {
        List<InetSocketAddress> addresses = nodes.stream()
                .map(p -> new InetSocketAddress(p.url("").replaceAll("http://|:\\d+$", ""), p.port())).toList();
        int fetchers = s.fetchersOf(n);
        SimulatedFleet.Settings fleetSettings = new SimulatedFleet.Settings(addresses, USER, Stack.EUREKA_PASSWORD,
                topology.charAt(0) + "r" + round + "n" + n, n, 20, fetchers, s.renew(), s.lease(), s.fetch());
        System.out.printf("%s N=%d round %d: registering, %d fetchers%n", topology, n, round, fetchers);
        try (SimulatedFleet fleet = new SimulatedFleet(fleetSettings)) {
            // A fleet does not start in one instant: registrations are spread over N / 50 seconds (at least the
            // renewal interval), as in a rolling start, so the first full fetches do not all come at once.
            Duration spread = Duration.ofMillis(Math.max(s.renew().toMillis(), n * 20L));
            fleet.start(spread);
            boolean settled = true;
            try {
                await(n + " registered and seen by every fetcher").atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(200)).conditionEvaluationListener(c -> {
                            if (c.getElapsedTimeInMS() / 200 % 25 == 0) {
                                System.out.println("  " + fleet.progress());
                            }
                        }).until(() -> fleet.registered() == n && fleet.fetchersSeeing(n) == fetchers);
            }
            catch (org.awaitility.core.ConditionTimeoutException ex) {
                // Measured anyway: a registry that cannot settle is a result too.
                settled = false;
                System.out.println("  not settled: " + fleet.progress());
            }
            hold(s.warmup());

            Set<Long> serverPids = nodes.stream().map(ServiceProcess::pid).collect(Collectors.toSet());
            long self = ProcessHandle.current().pid();
            fleet.drainLatencies();
            long renews0 = fleet.renews.get(), notFound0 = fleet.renewsNotFound.get();
            long deltas0 = fleet.deltaFetches.get(), fulls0 = fleet.fullFetches.get();
            long mismatches0 = fleet.hashMismatches.get(), errors0 = fleet.errors.get();
            long bytes0 = fleet.deltaBytes.get();
            List<Double> perSecond = new ArrayList<>();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            long[] last = { cpuOf(serverPids) };
            sampler.scheduleAtFixedRate(() -> {
                long now = cpuOf(serverPids);
                synchronized (perSecond) {
                    perSecond.add((double) (now - last[0]));
                }
                last[0] = now;
            }, 1, 1, TimeUnit.SECONDS);
            Map<Long, ProcessCpu.Sample> before = ProcessCpu.snapshot();
            long start = System.nanoTime();
            long end = start + s.window().toNanos();

            List<Long> changeNanos = new ArrayList<>();
            int changes = 0;
            int target = ThreadLocalRandom.current().nextInt(n);
            String status = "OUT_OF_SERVICE";
            while (System.nanoTime() + CHANGE_TIMEOUT.toNanos() < end) {
                SimulatedFleet.Change change = fleet.changeStatus(target, status);
                changes++;
                await().atMost(CHANGE_TIMEOUT).pollInterval(Duration.ofMillis(50))
                        .until(() -> change.seenBy() == fetchers || System.nanoTime() - change.startNanos
                                > CHANGE_TIMEOUT.toNanos() - 100_000_000L);
                changeNanos.add(change.nanosUntilSeenBy(0.99, fetchers));
                status = status.equals("UP") ? "OUT_OF_SERVICE" : "UP";
                // A pause between changes, so the deltas are not all about the change.
                hold(Duration.ofSeconds(2));
            }
            hold(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
            Map<Long, ProcessCpu.Sample> after = ProcessCpu.snapshot();
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.shutdownNow();
            long[][] latencies = fleet.drainLatencies();

            List<ProcessCpu.Usage> usages = ProcessCpu.between(before, after, Duration.ofNanos((long) (seconds * 1e9)));
            List<Double> nodeCpu = nodes.stream().map(p -> usages.stream().filter(u -> u.pid() == p.pid())
                    .mapToDouble(ProcessCpu.Usage::millisPerSecond).sum()).toList();
            double benchCpu = usages.stream().filter(u -> u.pid() == self).mapToDouble(ProcessCpu.Usage::millisPerSecond)
                    .sum();
            Set<Long> measured = new HashSet<>(serverPids);
            measured.add(self);
            String others = usages.stream().filter(u -> !measured.contains(u.pid()) && u.millisPerSecond() >= 5)
                    .limit(6).map(u -> String.format(Locale.ROOT, "%s %.0f", u.name(), u.millisPerSecond()))
                    .collect(Collectors.joining(", "));
            List<Double> samples;
            synchronized (perSecond) {
                samples = new ArrayList<>(perSecond);
            }
            return new Result(settled ? topology : topology + " (not settled)", n, round, fetchers, seconds, nodeCpu, samples, benchCpu,
                    ProcessCpu.neighbours(usages, measured), others, fleet.renews.get() - renews0,
                    fleet.renewsNotFound.get() - notFound0, latencies[0], fleet.deltaFetches.get() - deltas0,
                    latencies[1], fleet.fullFetches.get() - fulls0, fleet.hashMismatches.get() - mismatches0,
                    fleet.errors.get() - errors0, fleet.deltaBytes.get() - bytes0, changeNanos, changes);
        }
    }

    /** The summed CPU milliseconds of some processes now. */
    private static long cpuOf(Set<Long> pids) {
        long total = 0;
        for (long pid : pids) {
            try {
                total += ProcessCpu.cpuMillis(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            }
            catch (IOException ex) {
                // exited
            }
        }
        return total;
    }

    /** Lets the fleet run for a while: a measurement window, not a synchronisation. */
    private static void hold(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    static String summary(Settings s, List<Result> results) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Simulated clients renew every %d s (lease %d s) and fetch every %d s "
                + "(fetching clients: %s); %d s warm-up after every instance is registered and seen (steady state: "
                + "the registrations have left the delta queue), then a %d s window per round. Each client talks to "
                + "one node (instance i to node i mod nodes); status changes (OUT_OF_SERVICE, back UP) are made on "
                + "node 1 every ~2 s once the previous one reached every fetcher. Latencies are from each request's "
                + "due time to its last byte. Server JVMs as run.sh starts them (C1 only, SerialGC).%n%n",
                s.renew().toSeconds(), s.lease().toSeconds(), s.fetch().toSeconds(), s.fetchers(),
                s.warmup().toSeconds(), s.window().toSeconds()));
        md.append("| topology | N | fetchers | server CPU ms/s (per node) | per-second range | CPU µs per request "
                + "| renews/s | renew p50 / p99 (ms) | delta fetches/s | fetch p50 / p99 (ms) | 99 % saw a change "
                + "(ms): median [range] of k | full fetches, hash mismatches, errors, 404 renews | delta bytes (mean) "
                + "| bench CPU ms/s | other processes ms/s |\n");
        md.append("|---|---:|---:|---|---|---:|---:|---|---:|---|---|---|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(row(r)).append('\n');
        }
        md.append("\nOther processes above 5 ms/s in each window:\n\n");
        for (Result r : results) {
            md.append(String.format("- %s N=%d round %d: %s%n", r.topology(), r.n(), r.round(),
                    r.others().isEmpty() ? "none" : r.others()));
        }
        md.append("\nGoal at N=1,000: server CPU <= 1,000 ms/s (one core; per node in the cluster), renew and fetch "
                + "p99 <= 50 ms, 99 % of clients see a change <= 2,000 ms.\n");
        for (Result r : results) {
            if (r.n() == 1000) {
                long renewP99 = Latencies.percentile(r.renewLatencies(), 0.99);
                long fetchP99 = Latencies.percentile(r.deltaLatencies(), 0.99);
                long changeMedian = median(r.changeNanos());
                long changeMax = r.changeNanos().stream().anyMatch(c -> c < 0) ? -1
                        : r.changeNanos().stream().mapToLong(Long::longValue).max().orElse(-1);
                boolean ok = r.maxNodeCpu() <= 1000 && renewP99 >= 0 && renewP99 <= 50_000_000L
                        && (fetchP99 <= 50_000_000L) && changeMax >= 0 && changeMax <= 2_000_000_000L;
                md.append(String.format(Locale.ROOT, "- %s round %d: busiest node %.0f ms/s, renew p99 %s ms, fetch "
                        + "p99 %s ms, change seen by 99 %%: median %s ms, worst %s ms: **%s**%n", r.topology(),
                        r.round(), r.maxNodeCpu(), Latencies.millis(renewP99), Latencies.millis(fetchP99),
                        Latencies.millis(changeMedian), changeMax < 0 ? "not reached" : Latencies.millis(changeMax),
                        ok ? "meets the goal" : "misses the goal"));
            }
        }
        return md.toString();
    }

    static String row(Result r) {
        double requests = (r.renews() + r.renewsNotFound() + r.deltaFetches() + r.fullFetches()) / r.seconds();
        double cpuPerRequest = requests == 0 ? 0 : r.serverCpuTotal() * 1000 / requests;
        List<Double> sorted = r.perSecondCpu().stream().sorted().toList();
        String perSecond = sorted.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f-%.0f (median %.0f)",
                sorted.get(0), sorted.get(sorted.size() - 1), sorted.get(sorted.size() / 2));
        List<Long> seen = r.changeNanos().stream().filter(c -> c >= 0).sorted().toList();
        String change = seen.isEmpty() ? "not reached"
                : String.format(Locale.ROOT, "%s [%s-%s] of %d%s", Latencies.millis(median(r.changeNanos())),
                        Latencies.millis(seen.get(0)), Latencies.millis(seen.get(seen.size() - 1)), r.changes(),
                        seen.size() < r.changeNanos().size()
                                ? ", " + (r.changeNanos().size() - seen.size()) + " not reached" : "");
        return String.format(Locale.ROOT, "| %s | %d | %d | %s | %s | %.0f | %.0f | %s / %s | %.0f | %s / %s | %s "
                + "| %d, %d, %d, %d | %.0f | %.0f | %.0f |", r.topology(), r.n(), r.fetchers(),
                r.nodeCpu().size() == 1 ? String.format(Locale.ROOT, "%.0f", r.serverCpuTotal())
                        : String.format(Locale.ROOT, "%.0f (%s)", r.serverCpuTotal(), r.nodeCpu().stream()
                                .map(c -> String.format(Locale.ROOT, "%.0f", c)).collect(Collectors.joining(" + "))),
                perSecond, cpuPerRequest, r.renews() / r.seconds(),
                Latencies.millis(Latencies.percentile(r.renewLatencies(), 0.5)),
                Latencies.millis(Latencies.percentile(r.renewLatencies(), 0.99)), r.deltaFetches() / r.seconds(),
                Latencies.millis(Latencies.percentile(r.deltaLatencies(), 0.5)),
                Latencies.millis(Latencies.percentile(r.deltaLatencies(), 0.99)), change, r.fullFetches(),
                r.hashMismatches(), r.errors(), r.renewsNotFound(),
                r.deltaFetches() == 0 ? 0.0 : (double) r.deltaBytes() / r.deltaFetches(), r.benchCpu(), r.neighbours());
    }

    /** The median of the values, a value that was never reached (-1) counting as the largest. */
    static long median(List<Long> values) {
        if (values.isEmpty()) {
            return -1;
        }
        long[] sorted = values.stream().mapToLong(v -> v < 0 ? Long.MAX_VALUE : v).sorted().toArray();
        long median = Latencies.percentile(sorted, 0.5);
        return median == Long.MAX_VALUE ? -1 : median;
    }

    private static String prop(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(v -> !v.isEmpty()).map(Integer::valueOf).toList();
    }
}
