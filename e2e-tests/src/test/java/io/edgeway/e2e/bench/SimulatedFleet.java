package io.edgeway.e2e.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * N simulated Eureka clients in one JVM, doing over HTTP what the real client does: register, renew at the lease
 * renewal interval (re-registering on a 404), and, for the first {@code fetchers} of them, fetch the registry: in
 * full first, then a delta every fetch interval applied to a local {@link RegistryView}, with the apps hash-code
 * check and a full fetch on a mismatch. Each client talks to one node (instance i to node i mod nodes, as a real
 * client sticks to one node of its randomised list). It counts what it does and sees, records renew and fetch
 * latencies, and times how long a status change takes to reach each fetching client.
 */
public final class SimulatedFleet implements AutoCloseable {

    /** What the fleet simulates; intervals as the clients' {@code eureka.client}/{@code eureka.instance} settings. */
    public record Settings(List<InetSocketAddress> nodes, String user, String password, String prefix, int instances,
            int instancesPerApp, int fetchers, Duration renewInterval, Duration leaseDuration, Duration fetchInterval) {

        public Settings withFetchers(int count) {
            return new Settings(nodes, user, password, prefix, instances, instancesPerApp, count, renewInterval,
                    leaseDuration, fetchInterval);
        }
    }

    /** A status change set by an operator and the delay until each fetching client saw it. */
    public static final class Change {

        final String app;

        final String instanceId;

        final String status;

        final long startNanos;

        final Map<Integer, Long> seenAfter = new ConcurrentHashMap<>();

        Change(String app, String instanceId, String status, long startNanos) {
            this.app = app;
            this.instanceId = instanceId;
            this.status = status;
            this.startNanos = startNanos;
        }

        public int seenBy() {
            return seenAfter.size();
        }

        /** Nanoseconds until {@code share} of {@code clients} had seen it, or -1 if not that many have yet. */
        public long nanosUntilSeenBy(double share, int clients) {
            int needed = (int) Math.ceil(share * clients);
            if (seenAfter.size() < needed || needed == 0) {
                return -1;
            }
            long[] sorted = seenAfter.values().stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted[needed - 1];
        }
    }

    private final class Instance {

        final int index;

        final String app;

        final String id;

        final InetSocketAddress node;

        final long dirtyTimestamp = System.currentTimeMillis();

        volatile boolean stopped;

        volatile boolean registered;

        RegistryView view;

        Instance(int index) {
            this.index = index;
            this.app = (settings.prefix() + "-app-" + index / settings.instancesPerApp()).toUpperCase();
            this.id = settings.prefix() + "-" + index;
            this.node = settings.nodes().get(index % settings.nodes().size());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;

    private final LoopHttp http;

    private final ExecutorService parsers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "fleet-parser");
        t.setDaemon(true);
        return t;
    });

    private final List<Instance> instances = new ArrayList<>();

    private final String authorization;

    private final Latencies renewLatencies = new Latencies();

    private final Latencies deltaLatencies = new Latencies();

    private final Latencies fullLatencies = new Latencies();

    private volatile Change watched;

    final AtomicLong registrations = new AtomicLong();

    final AtomicLong renews = new AtomicLong();

    final AtomicLong renewsNotFound = new AtomicLong();

    final AtomicLong deltaFetches = new AtomicLong();

    final AtomicLong fullFetches = new AtomicLong();

    final AtomicLong hashMismatches = new AtomicLong();

    final AtomicLong deltaBytes = new AtomicLong();

    final AtomicLong errors = new AtomicLong();

    public SimulatedFleet(Settings settings) {
        this.settings = settings;
        this.http = new LoopHttp("fleet-http-" + settings.prefix(), 128);
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((settings.user() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < settings.instances(); i++) {
            instances.add(new Instance(i));
        }
    }

    public Settings settings() {
        return settings;
    }

    /** Registers every instance, spread over {@code spread}; each then renews, and fetchers fetch, on their own. */
    public void start(Duration spread) {
        long now = System.nanoTime();
        for (Instance instance : instances) {
            long due = now + (long) (ThreadLocalRandom.current().nextDouble() * spread.toNanos());
            register(instance, due);
        }
    }

    public String appOf(int index) {
        return instances.get(index).app;
    }

    public String idOf(int index) {
        return instances.get(index).id;
    }

    public int registered() {
        return (int) instances.stream().filter(i -> i.registered).count();
    }

    /** Fetching clients whose view lists at least {@code count} instances. */
    public int fetchersSeeing(int count) {
        return (int) instances.stream().limit(settings.fetchers())
                .filter(i -> i.view != null && i.view.instanceCount() >= count).count();
    }

    /** The status a fetching client's view holds for an instance (null: not listed, or no view yet). */
    public String statusSeenBy(int fetcher, String app, String instanceId) {
        RegistryView view = instances.get(fetcher).view;
        return view == null ? null : view.status(app, instanceId);
    }

    /** Counters so far, for progress lines. */
    public String progress() {
        return String.format("registered %d/%d, fetchers seeing all %d/%d, registrations %d, renews %d (404: %d), "
                + "fetches %d delta + %d full, hash mismatches %d, errors %d", registered(), settings.instances(),
                fetchersSeeing(settings.instances()), settings.fetchers(), registrations.get(), renews.get(),
                renewsNotFound.get(), deltaFetches.get(), fullFetches.get(), hashMismatches.get(), errors.get());
    }

    /** Stops one instance: no more renews or fetches; with {@code cancel}, deregisters it as a graceful stop does. */
    public void stop(int index, boolean cancel) {
        Instance instance = instances.get(index);
        instance.stopped = true;
        if (cancel) {
            request(instance.node, "DELETE", "/eureka/apps/" + instance.app + "/" + instance.id, null).join();
        }
    }

    /** Stops every instance and cancels their leases. */
    @Override
    public void close() {
        instances.forEach(i -> i.stopped = true);
        List<CompletableFuture<LoopHttp.Response>> cancels = new ArrayList<>();
        for (Instance i : instances) {
            if (i.registered) {
                cancels.add(request(i.node, "DELETE", "/eureka/apps/" + i.app + "/" + i.id, null));
            }
        }
        try {
            CompletableFuture.allOf(cancels.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        catch (Exception ex) {
            System.err.println("fleet: cancels did not all finish: " + ex);
        }
        http.close();
        parsers.shutdownNow();
    }

    /**
     * Sets an instance's status as an operator does ({@code PUT .../status?value=}, or {@code DELETE} of the
     * override for UP) on the first node, and starts timing until each fetching client sees it.
     */
    public Change changeStatus(int index, String status) {
        Instance target = instances.get(index);
        long start = System.nanoTime();
        Change change = new Change(target.app, target.id, status, start);
        watched = change;
        String path = "/eureka/apps/" + target.app + "/" + target.id + "/status?value=" + status;
        LoopHttp.Response response = request(settings.nodes().get(0), status.equals("UP") ? "DELETE" : "PUT", path,
                null).join();
        if (response.status() != 200) {
            throw new IllegalStateException("status change answered " + response.status() + ": " + response.text());
        }
        return change;
    }

    /** Latencies (ns, sorted) since the last call: renews, delta fetches, full fetches. */
    public long[][] drainLatencies() {
        return new long[][] { renewLatencies.drainSorted(), deltaLatencies.drainSorted(), fullLatencies.drainSorted() };
    }

    private void register(Instance instance, long due) {
        if (instance.stopped) {
            return;
        }
        send(instance.node, "POST", "/eureka/apps/" + instance.app, registration(instance), due, response -> {
            if (response.status() == 204 || response.status() == 200) {
                registrations.incrementAndGet();
                instance.registered = true;
                scheduleRenew(instance, System.nanoTime() + settings.renewInterval().toNanos());
                if (instance.view == null && instance.index < settings.fetchers()) {
                    instance.view = new RegistryView();
                    fetch(instance, true, System.nanoTime());
                }
            }
            else {
                errors.incrementAndGet();
                register(instance, System.nanoTime() + settings.renewInterval().toNanos());
            }
        });
    }

    private void scheduleRenew(Instance instance, long due) {
        if (instance.stopped) {
            return;
        }
        String path = "/eureka/apps/" + instance.app + "/" + instance.id + "?status=UP&lastDirtyTimestamp="
                + instance.dirtyTimestamp;
        send(instance.node, "PUT", path, null, due, response -> {
            long next = System.nanoTime() + settings.renewInterval().toNanos();
            if (response.status() == 200) {
                renews.incrementAndGet();
                renewLatencies.record(response.latencyNanos());
                scheduleRenew(instance, next);
            }
            else if (response.status() == 404) {
                // Expired or unknown: the real client registers again at once.
                renewsNotFound.incrementAndGet();
                renewLatencies.record(response.latencyNanos());
                register(instance, System.nanoTime());
            }
            else {
                errors.incrementAndGet();
                scheduleRenew(instance, next);
            }
        });
    }

    private void fetch(Instance instance, boolean full, long due) {
        if (instance.stopped) {
            return;
        }
        send(instance.node, "GET", full ? "/eureka/apps/" : "/eureka/apps/delta", null, due, response -> {
            if (response.status() != 200) {
                errors.incrementAndGet();
                fetch(instance, full, System.nanoTime() + settings.fetchInterval().toNanos());
                return;
            }
            (full ? fullLatencies : deltaLatencies).record(response.latencyNanos());
            (full ? fullFetches : deltaFetches).incrementAndGet();
            if (!full) {
                deltaBytes.addAndGet(response.body().length);
            }
            parsers.execute(() -> apply(instance, full, response.body()));
        });
    }

    /** On a parser thread: the client's view is only touched by one fetch at a time (the next one waits for this). */
    private void apply(Instance instance, boolean full, byte[] body) {
        boolean consistent = true;
        try {
            JsonNode root = JSON.readTree(body);
            if (full) {
                instance.view.replace(root);
            }
            else {
                consistent = instance.view.applyDelta(root);
            }
        }
        catch (RuntimeException ex) {
            errors.incrementAndGet();
        }
        Change change = watched;
        if (change != null && !change.seenAfter.containsKey(instance.index)
                && change.status.equals(instance.view.status(change.app, change.instanceId))) {
            change.seenAfter.put(instance.index, System.nanoTime() - change.startNanos);
        }
        if (!consistent) {
            hashMismatches.incrementAndGet();
            fetch(instance, true, System.nanoTime());
        }
        else {
            fetch(instance, false, System.nanoTime() + settings.fetchInterval().toNanos());
        }
    }

    private CompletableFuture<LoopHttp.Response> request(InetSocketAddress node, String method, String path,
            byte[] body) {
        CompletableFuture<LoopHttp.Response> done = new CompletableFuture<>();
        send(node, method, path, body, System.nanoTime(), done::complete);
        return done;
    }

    private void send(InetSocketAddress node, String method, String path, byte[] body, long due,
            java.util.function.Consumer<LoopHttp.Response> callback) {
        Map<String, String> headers = body == null
                ? Map.of("Accept", "application/json", "Authorization", authorization)
                : Map.of("Accept", "application/json", "Authorization", authorization, "Content-Type",
                        "application/json");
        http.send(node, LoopHttp.request(method, node, path, headers, body), due, callback);
    }

    private byte[] registration(Instance i) {
        int port = 20000 + i.index;
        String base = "http://127.0.0.1:" + port;
        String json = """
                {"instance":{"instanceId":"%s","hostName":"127.0.0.1","app":"%s","ipAddr":"127.0.0.1",\
                "status":"UP","overriddenStatus":"UNKNOWN","port":{"$":%d,"@enabled":"true"},\
                "securePort":{"$":443,"@enabled":"false"},"countryId":1,\
                "dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"},\
                "leaseInfo":{"renewalIntervalInSecs":%d,"durationInSecs":%d},\
                "metadata":{"version":"v1","zone":"zone-a","management.port":"%d"},\
                "homePageUrl":"%s/","statusPageUrl":"%s/actuator/info","healthCheckUrl":"%s/actuator/health",\
                "vipAddress":"%s","secureVipAddress":"%s","isCoordinatingDiscoveryServer":"false",\
                "lastUpdatedTimestamp":"%d","lastDirtyTimestamp":"%d"}}"""
                .formatted(i.id, i.app, port, settings.renewInterval().toSeconds(),
                        settings.leaseDuration().toSeconds(), port, base, base, base, i.app.toLowerCase(),
                        i.app.toLowerCase(), i.dirtyTimestamp, i.dirtyTimestamp);
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
