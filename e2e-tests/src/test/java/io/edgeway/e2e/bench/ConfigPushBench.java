package io.edgeway.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.edgeway.e2e.support.ConfigGitRepo;
import io.edgeway.e2e.support.GatewayRoutes;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.testsupport.RedisServer;

/**
 * bench/config-push-bench.sh's driver: how long after {@code git commit} a new route is served by every gateway.
 * Starts a config server over a throw-away copy of config-repo/ (with Redis fan-out on), a discovery server, one
 * sample-backend, three gateways and a redis-server, all as the e2e tests start them ({@link ServiceProcess},
 * {@link Stack}'s settings). For each path (direct SSE stream; the same plus the push webhook; Redis alone, with the
 * gateways restarted on it) it commits a new route {@code bench-<n>} per round while one {@link RoutePoller} per
 * gateway polls it; a sample is the time from the commit to the gateway's first 200 on it. Every measured commit
 * records the CPU of every process ({@link CpuRounds}: this JVM, its pollers and the services it started are
 * measured) and is made again with a new route when neighbours used more than the budget. Settings are system
 * properties (see config-push-bench.sh); the one argument is a folder for the Markdown summary ({@code summary}) and
 * the services' JVM options ({@code jvm}).
 */
public final class ConfigPushBench {

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    private static final int GATEWAYS = 3;

    private static final Pattern APPLIED = Pattern.compile("\"commit\":\"([0-9a-f]+)\"");

    /** Each path, as the summary names it: "name | how a commit reaches the gateways". */
    static final Map<String, String> PATHS = pathLabels();

    record Settings(int rounds, int warmup, Duration roundTimeout, List<String> paths, boolean keep, double budget,
            int repeats, Duration startTimeout, boolean trace) {

        /** From {@code bench.*} properties (see config-push-bench.sh for their meaning); a blank one is its default. */
        static Settings from(UnaryOperator<String> properties) {
            UnaryOperator<String> prop = name -> {
                String value = properties.apply("bench." + name);
                return value == null || value.isBlank() ? null : value.strip();
            };
            List<String> paths = Arrays.stream(orDefault(prop.apply("paths"), "direct webhook redis").split("[\\s,]+"))
                    .toList();
            for (String path : paths) {
                if (!PATHS.containsKey(path)) {
                    throw new IllegalArgumentException("unknown path '" + path + "' in PATHS (direct, webhook, redis)");
                }
            }
            return new Settings(Integer.parseInt(orDefault(prop.apply("rounds"), "10")),
                    Integer.parseInt(orDefault(prop.apply("warmup"), "1")),
                    Duration.ofSeconds(Long.parseLong(orDefault(prop.apply("round-timeout"), "20"))), paths,
                    prop.apply("keep") != null, Double.parseDouble(orDefault(prop.apply("neighbour-budget"), "50")),
                    Integer.parseInt(orDefault(prop.apply("neighbour-repeats"), "2")),
                    Duration.ofSeconds(Long.parseLong(orDefault(prop.apply("start-timeout"), "180"))),
                    prop.apply("trace") != null);
        }

        private static String orDefault(String value, String fallback) {
            return value == null ? fallback : value;
        }
    }

    /** One commit and what each gateway answered on its route. */
    record Round(String sha, long commitEpochNanos, long commitNanos, List<FirstAnswers> answers) {
    }

    private final Settings settings;

    private final Path work;

    private final ConfigGitRepo repo = ConfigGitRepo.seededFromProject();

    private final int[] gatewayPorts = { ServiceProcess.freePort(), ServiceProcess.freePort(),
            ServiceProcess.freePort() };

    /** Also read by the shutdown hook, which may run while the redis path restarts the gateways. */
    private final List<ServiceProcess> gateways = new CopyOnWriteArrayList<>();

    private final List<HttpClient> clients = new ArrayList<>();

    private final List<PushSamples.Sample> samples = new ArrayList<>();

    private final List<PushSamples.Commit> commits = new ArrayList<>();

    private final CpuRounds cpu;

    private RedisServer redis;

    private ServiceProcess configServer;

    private ServiceProcess discoveryServer;

    private ServiceProcess backend;

    private String config;

    private int next;

    private ConfigPushBench(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
        this.config = repo.read(GATEWAY_FILE);
        this.cpu = new CpuRounds(work.resolve("cpu"), settings.budget(), settings.repeats(), this::labels);
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Settings settings = Settings.from(System::getProperty);
        Path work = Files.createTempDirectory("edgeway-bench");
        ConfigPushBench bench = new ConfigPushBench(settings, work);
        // Stopped by PID also when the script stops this JVM (stopping twice does nothing).
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll, "bench-stop-services"));
        boolean ok = false;
        try {
            long start = System.nanoTime();
            bench.startStack();
            System.out.printf("stack up after %d s; logs in %s%n", (System.nanoTime() - start) / 1_000_000_000L,
                    Stack.logDir());
            for (String path : settings.paths()) {
                bench.run(path);
            }
            Files.writeString(out.resolve("summary"), bench.summary(work.toString()));
            Files.writeString(out.resolve("jvm"), "gateways `" + String.join(" ", ServiceProcess.jvmOptions(
                    "edge-gateway")) + "`, the rest `" + String.join(" ", ServiceProcess.jvmOptions("config-server"))
                    + "`");
            ok = true;
        }
        finally {
            bench.stopAll();
            if (ok && !settings.keep()) {
                delete(work);
                delete(Path.of(bench.repo.uri()));
            }
            else {
                System.out.println("the work folder (CPU tables per round) is " + work + ", the throw-away config "
                        + "repository " + bench.repo.uri() + ", the services' logs in " + Stack.logDir());
            }
        }
        System.exit(0);
    }

    private void startStack() {
        redis = new RedisServer(Stack.logDir());
        Map<String, String> serverEnv = new HashMap<>(Stack.configServerEnv(repo));
        serverEnv.putAll(Map.of("REDIS_FANOUT", "true", "REDIS_URL", redis.url()));
        System.out.println("starting config-server, discovery-server, redis");
        configServer = ServiceProcess.start("config-server", "config-server", ServiceProcess.freePort(), serverEnv,
                List.of());
        discoveryServer = ServiceProcess.start("discovery-server", "discovery-server", ServiceProcess.freePort(),
                Stack.discoveryEnv(), List.of());
        awaitHealthy(configServer);
        awaitHealthy(discoveryServer);
        System.out.println("starting sample-backend and 3 gateways (direct path)");
        backend = ServiceProcess.start("sample-backend", "backend", ServiceProcess.freePort(),
                Stack.clientEnv(configServer, discoveryServer), Stack.clientArgs());
        awaitHealthy(backend);
        startGateways(false);
        System.out.println("stack up; Redis subscribers: " + redisSubscribers() + " (expected 0 on the direct path)");
    }

    /** Three gateways on the config server's stream, or on Redis alone (stream off, check interval 5 min). */
    private void startGateways(boolean redisAlone) {
        for (int i = 0; i < GATEWAYS; i++) {
            Map<String, String> env = new HashMap<>(Stack.clientEnv(configServer, discoveryServer));
            env.put("REDIS_URL", redis.url());
            List<String> args = new ArrayList<>(Stack.clientArgs());
            args.add("--edgeway.gateway.config-push.cache-file=" + work.resolve("gateway-" + i + "-config.json"));
            if (redisAlone) {
                env.put("REDIS_FANOUT", "true");
                args.addAll(List.of("--edgeway.gateway.config-push.stream=false",
                        "--edgeway.gateway.config-push.check-interval=5m"));
            }
            gateways.add(ServiceProcess.start("edge-gateway", "gateway-" + i, gatewayPorts[i], env, args));
            clients.add(RoutePoller.client());
        }
        gateways.parallelStream().forEach(this::awaitHealthy);
        // Routes to the backend: the gateway has fetched the Eureka registry.
        for (ServiceProcess gateway : gateways) {
            awaitTrue(gateway.name() + " to route /hello to the backend", settings.startTimeout(),
                    () -> Http.get(gateway.url("/hello")).ok());
        }
    }

    /** A service that does not start in time is an error, never retried: its thread dump goes beside its log. */
    private void awaitHealthy(ServiceProcess service) {
        try {
            service.awaitHealthy(settings.startTimeout());
        }
        catch (RuntimeException ex) {
            Path dump = Stack.logDir().resolve(service.name() + "-" + service.port() + ".threads.txt");
            try {
                new ProcessBuilder("jcmd", Long.toString(service.pid()), "Thread.print").redirectErrorStream(true)
                        .redirectOutput(dump.toFile()).start().waitFor(30, TimeUnit.SECONDS);
                System.out.println(service + " did not start; thread dump: " + dump);
            }
            catch (IOException dumpFailed) {
                ex.addSuppressed(dumpFailed);
            }
            catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            throw ex;
        }
    }

    private void run(String path) {
        if (path.equals("redis")) {
            System.out.println("restarting the 3 gateways on the broker path alone (stream=false, REDIS_FANOUT=true, "
                    + "check-interval=5m)");
            gateways.parallelStream().forEach(ServiceProcess::close);
            gateways.clear();
            clients.clear();
            startGateways(true);
            awaitTrue("the gateways to subscribe to Redis", Duration.ofSeconds(30),
                    () -> redisSubscribers().equals(Integer.toString(GATEWAYS)));
            System.out.println("Redis subscribers: " + redisSubscribers());
        }
        for (int k = 0; k < settings.warmup(); k++) {
            round(path, ++next, false);
            hold(Duration.ofSeconds(1));
        }
        for (int k = 1; k <= settings.rounds(); k++) {
            CpuRounds.Kept<Round> kept = cpu.round(path, k, () -> round(path, ++next, true));
            Round round = kept.result();
            String number = Integer.toString(next);
            commits.add(new PushSamples.Commit(path, round.sha(), round.commitEpochNanos()));
            for (FirstAnswers answers : round.answers()) {
                samples.add(answers.sample(path, number, round.commitNanos(), kept.overBudget()));
            }
            // 0.5-1.5 s between commits, random, so commits fall at random points of the server's 1 s poll.
            hold(Duration.ofMillis(500 + ThreadLocalRandom.current().nextInt(1000)));
        }
    }

    /** Adds route bench-N in one commit and waits until every gateway serves it (or the round timeout). */
    private Round round(String path, int n, boolean measured) {
        String route = "/bench-" + n;
        List<RoutePoller> pollers = new ArrayList<>();
        String sha;
        long commitNanos;
        long commitEpochNanos;
        try {
            for (int i = 0; i < gateways.size(); i++) {
                pollers.add(new RoutePoller(clients.get(i), gateways.get(i).url(route),
                        settings.trace() ? work.resolve("live-" + n + "-" + i + ".trace") : null));
            }
            awaitTrue("pollers for " + route + " to start", Duration.ofSeconds(10),
                    () -> pollers.stream().allMatch(p -> p.answers().polling()));
            for (int i = 0; i < pollers.size(); i++) {
                if (pollers.get(i).answers().live()) {
                    throw new IllegalStateException(route + " is live on gateway " + i + " before its commit");
                }
            }
            config = GatewayRoutes.withRoute(config, "bench-" + n, route);
            sha = repo.commit(GATEWAY_FILE, config, "bench: route bench-" + n + " (" + path + ")");
            commitNanos = System.nanoTime();
            Instant now = Instant.now();
            commitEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
            if (path.equals("webhook")) {
                Http.Response webhook = Http.send(Http.request(configServer.url("/monitor"))
                        .header("X-Gitlab-Token", Stack.WEBHOOK_SECRET).POST(HttpRequest.BodyPublishers.noBody()));
                if (!webhook.ok()) {
                    System.out.println("webhook call failed (round " + n + "): " + webhook.status());
                }
            }
            long deadline = commitNanos + settings.roundTimeout().toNanos();
            while (System.nanoTime() < deadline && !pollers.stream().allMatch(p -> p.answers().live())) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
        finally {
            pollers.forEach(RoutePoller::close);
        }
        List<FirstAnswers> answers = pollers.stream().map(RoutePoller::answers).toList();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i).live()) {
                // The route is live, so the gateway must run this commit (or a later one: there is none yet).
                String applied = appliedCommit(gateways.get(i));
                if (!sha.equals(applied)) {
                    System.out.printf("gateway %d serves %s but /actuator/configrevision says '%s', not %s%n", i,
                            route, applied, sha);
                }
            }
        }
        System.out.printf("%s bench-%d: %s ms (gateways 0 1 2)%s%n", path, n,
                answers.stream().map(a -> a.describe(commitNanos)).collect(Collectors.joining(" ")),
                measured ? "" : " [warm-up]");
        return new Round(sha, commitEpochNanos, commitNanos, answers);
    }

    private static String appliedCommit(ServiceProcess gateway) {
        Http.Response revision = Http.send("GET", gateway.managementUrl("/actuator/configrevision"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD);
        Matcher commit = APPLIED.matcher(revision.body());
        return commit.find() ? commit.group(1) : "(no answer: " + revision.status() + ")";
    }

    /** PUBSUB NUMSUB of the config channel, by redis-cli (part of the redis-server package). */
    private String redisSubscribers() {
        try {
            Process cli = new ProcessBuilder("redis-cli", "-u", redis.url(), "pubsub", "numsub",
                    "edgeway:config-revisions").redirectErrorStream(true).start();
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            cli.waitFor(10, TimeUnit.SECONDS);
            List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The processes this benchmark started, by pid, as the CPU tables name them. */
    private Map<Long, String> labels() {
        Map<Long, String> labels = new LinkedHashMap<>();
        Stream.concat(Stream.of(configServer, discoveryServer, backend), gateways.stream())
                .filter(p -> p != null).forEach(p -> labels.put(p.pid(), p.name()));
        // RedisServer keeps its process to itself; it is this JVM's one redis child (Debian's redis-server is a
        // link to redis-check-rdb, which the process's executable names).
        ProcessHandle.current().children().filter(c -> c.info().command().orElse("").contains("/redis-"))
                .forEach(c -> labels.put(c.pid(), "redis"));
        return labels;
    }

    String summary(String workShown) {
        Map<String, String> labels = new LinkedHashMap<>();
        settings.paths().forEach(p -> labels.put(p, PATHS.get(p)));
        List<String> configServerLog = Arrays.asList(configServer.logText().split("\n"));
        String budget = Stats.plain(settings.budget());
        return "Time from `git commit` (on the branch the config server serves) until a new route answers 200 on each "
                + "of three\ngateways; one sample per gateway and commit, " + settings.rounds() + " measured commits "
                + "per path after " + settings.warmup() + " warm-up commit(s).\nGoal: p95 ≤ 1 s on every path (issue "
                + "9; Istio reports about 1.5 s for a config push, Spring Cloud Bus refreshes 30–50 s).\n\n"
                + new PushSamples(samples, commits, settings.roundTimeout().toSeconds()).table(labels, configServerLog)
                + "\np50/p95/max: over all gateway × commit samples (nearest rank). *Missed*: no 200 within "
                + settings.roundTimeout().toSeconds() + " s (counted as\nslower than any other sample). *5xx before "
                + "200*: samples whose new route was already applied but first answered 5xx\n(no sample-backend "
                + "instance in the gateway's Eureka registry, e.g. a lease expired on a loaded machine); they count\n"
                + "with their first 200. *Route matched*: the same samples, up to the first answer other than 404 "
                + "(the gateway\nruns the new route, whether or not an instance was there to serve it). *Commit → "
                + "published*: from the commit until the config server logs `Published config\ncommit` (it noticed, "
                + "fetched and validated it); the rest of each sample is delivery, apply and route rebuild.\n"
                + "*Commits over the neighbour budget*: measured commits kept although processes this benchmark did "
                + "not start used more\nthan " + budget + " ms/s of CPU in them (each was first made again, up to "
                + settings.repeats() + " times, with a new route).\n\n" + cpu.section(workShown + "/cpu");
    }

    private void stopAll() {
        // Clients first, so that they do not log errors about the servers going away.
        Stream.concat(gateways.stream(), Stream.of(backend)).filter(p -> p != null).toList().parallelStream()
                .forEach(ServiceProcess::close);
        Stream.of(configServer, discoveryServer).filter(p -> p != null).toList().parallelStream()
                .forEach(ServiceProcess::close);
        if (redis != null) {
            redis.close();
        }
    }

    private static Map<String, String> pathLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("direct", "(1) direct | SSE stream; server watches the repository's refs; no webhook");
        labels.put("webhook", "(2) direct + webhook | SSE stream; POST /monitor right after the commit");
        labels.put("redis", "(3) broker alone | Redis pub/sub; stream off, check interval 5 m; server watches the refs");
        return labels;
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** A pause between commits: part of the benchmark's schedule, not a synchronisation. */
    private static void hold(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
