package io.edgeway.e2e.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.edgeway.e2e.support.ConfigGitRepo;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bench/canary-bench.sh's driver: the canary autopilot (issue 13) measured end to end. Starts a config server (the
 * rollout controller) over a throw-away copy of config-repo/, a discovery server, two stable ({@code v1}) and one
 * canary ({@code v2}) sample-backends with their fault switches on, and three gateways, all as the e2e tests start
 * them. An open-loop client sends a fixed rate of {@code GET /canary-bench} spread at random over the three gateways
 * and over many users (header {@code X-Session-Id}, the Canary key), and records every answer; a poller asks each
 * gateway's {@code /actuator/canary} for the route's weight in force every ~50 ms. Each run commits the route under a
 * new id (a new rollout) and measures one scenario: a canary made bad by its own switch (5xx, or latency) at a 5 %
 * step, and the time until every gateway runs weight 0; a healthy canary walked to 100 %; traffic too low for a
 * verdict. Every run records the CPU of every process ({@link CpuRounds}). Settings are system properties (see
 * canary-bench.sh); the one argument is a folder for the Markdown summary ({@code summary}) and the services' JVM
 * options ({@code jvm}).
 */
public final class CanaryBench {

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    private static final String PATH = "/canary-bench";

    private static final String STABLE = "v1";

    private static final String CANARY = "v2";

    private static final int GATEWAYS = 3;

    private static final Pattern VERSION = Pattern.compile("\"version\":\"([^\"]+)\"");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The plan a healthy canary walks (and the low-traffic run holds on): small enough for a benchmark. */
    static final Plan WALK = new Plan("[1, 5, 25, 50, 100]", "3s", 50);

    /** The plan of the bad runs: one 5 % step that cannot advance in the time of a run, then 100 %. */
    static final Plan HOLD_AT_5 = new Plan("[5, 100]", "10m", 50);

    /** A rollout plan as the route commits it; the SLO is the issue's example (error rate +0.5 %, p99 ratio 1.3). */
    record Plan(String steps, String stepAfter, long minRequests) {

        double firstStep() {
            return Double.parseDouble(steps.substring(1, steps.indexOf(',')).strip());
        }

        /** The {@code rollout:} argument, indented as an argument of the route's Canary filter. */
        String yaml() {
            String indent = " ".repeat(20);
            return Stream.of("rollout:", "  steps: " + steps, "  step-after: " + stepAfter,
                    "  min-requests: " + minRequests, "  slo:", "    error-rate: { max-increase: 0.5% }",
                    "    p99-latency: { max-ratio: 1.3 }").map(line -> indent + line + "\n")
                    .collect(Collectors.joining());
        }
    }

    record Settings(List<String> scenarios, double rate, double lowRate, int users, int healthyRuns, int badRuns,
            double errorShare, long delayMs, Duration warmup, Duration settle, Duration lowFor, Duration errorsTimeout,
            Duration latencyTimeout, Duration walkTimeout, Duration startTimeout, boolean keep, double budget,
            int repeats) {

        static final List<String> ALL = List.of("bad-errors", "bad-latency", "healthy", "low-traffic");

        /** From {@code bench.*} properties (see canary-bench.sh for their meaning); a blank one is its default. */
        static Settings from(UnaryOperator<String> properties) {
            UnaryOperator<String> prop = name -> {
                String value = properties.apply("bench." + name);
                return value == null || value.isBlank() ? null : value.strip();
            };
            List<String> scenarios = Arrays.stream(or(prop.apply("scenarios"), String.join(" ", ALL))
                    .split("[\\s,]+")).toList();
            for (String scenario : scenarios) {
                if (!ALL.contains(scenario)) {
                    throw new IllegalArgumentException("unknown scenario '" + scenario + "' in BENCH_SCENARIOS ("
                            + String.join(", ", ALL) + ")");
                }
            }
            Settings settings = new Settings(scenarios, Double.parseDouble(or(prop.apply("rate"), "200")),
                    Double.parseDouble(or(prop.apply("low-rate"), "2")),
                    Integer.parseInt(or(prop.apply("users"), "2000")),
                    Integer.parseInt(or(prop.apply("healthy-runs"), "20")),
                    Integer.parseInt(or(prop.apply("bad-runs"), "3")),
                    Double.parseDouble(or(prop.apply("error-share"), "0.05")),
                    Long.parseLong(or(prop.apply("delay-ms"), "50")), seconds(prop.apply("warmup"), 30),
                    seconds(prop.apply("settle"), 5), seconds(prop.apply("low-seconds"), 60),
                    seconds(prop.apply("errors-timeout"), 90), seconds(prop.apply("latency-timeout"), 180),
                    seconds(prop.apply("walk-timeout"), 240), seconds(prop.apply("start-timeout"), 180),
                    prop.apply("keep") != null, Double.parseDouble(or(prop.apply("neighbour-budget"), "50")),
                    Integer.parseInt(or(prop.apply("neighbour-repeats"), "0")));
            if (settings.rate() <= 0 || settings.lowRate() <= 0 || settings.users() < 1) {
                throw new IllegalArgumentException("BENCH_RATE, BENCH_LOW_RATE and BENCH_USERS must be positive");
            }
            return settings;
        }

        private static Duration seconds(String value, long fallback) {
            return Duration.ofSeconds(value == null ? fallback : Long.parseLong(value));
        }

        private static String or(String value, String fallback) {
            return value == null ? fallback : value;
        }
    }

    /** What one bad run measured; times in seconds, NaN when it did not happen. */
    record BadRun(int run, boolean flagged, double firstBadAfterSwitch, double toRollback, double toDecision,
            int usersOnCanary, int usersWithErrors, CanaryAnswers.Stickiness stickiness, String verdict,
            String answers) {
    }

    /** What one healthy walk measured. */
    record Walk(int run, boolean flagged, String outcome, double seconds, CanaryAnswers.Stickiness stickiness,
            long failed, String why, String answers) {
    }

    /** What the low-traffic run saw. */
    record Held(boolean flagged, double seconds, long requests, double maxWeight, String phase, List<String> statuses) {
    }

    private final Settings settings;

    private final Path work;

    private final ConfigGitRepo repo = ConfigGitRepo.seededFromProject();

    private final String original;

    private final CpuRounds cpu;

    private final List<ServiceProcess> services = Collections.synchronizedList(new ArrayList<>());

    private final List<ServiceProcess> gateways = new ArrayList<>();

    private ServiceProcess configServer;

    private ServiceProcess discoveryServer;

    private ServiceProcess canary;

    private final List<BadRun> errorRuns = new ArrayList<>();

    private final List<BadRun> latencyRuns = new ArrayList<>();

    private final List<Walk> walks = new ArrayList<>();

    private Held held;

    private final Map<String, String> verdicts = new LinkedHashMap<>();

    private int routeNumber;

    /** The route the poller asks about. */
    private volatile String route = "none";

    private volatile WeightPolls polls = new WeightPolls(GATEWAYS);

    private volatile List<CanaryAnswers.Answer> answers = Collections.synchronizedList(new ArrayList<>());

    private volatile double rate;

    private volatile boolean running = true;

    private LoopHttp loop;

    private Thread poller;

    /** {@link System#nanoTime()} and the epoch nanoseconds at one instant, to place the controller's times. */
    private final long anchorNanos = System.nanoTime();

    private final Instant anchorInstant = Instant.now();

    private CanaryBench(Settings settings, Path work) {
        this.settings = settings;
        this.work = work;
        this.original = repo.read(GATEWAY_FILE);
        this.rate = settings.rate();
        this.cpu = new CpuRounds(work.resolve("cpu"), settings.budget(), settings.repeats(), this::labels);
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Settings settings = Settings.from(System::getProperty);
        Path work = Files.createTempDirectory("edgeway-canary-bench");
        CanaryBench bench = new CanaryBench(settings, work);
        // Stopped by PID also when the script stops this JVM (stopping twice does nothing).
        Runtime.getRuntime().addShutdownHook(new Thread(bench::stopAll, "bench-stop-services"));
        boolean ok = false;
        try {
            long start = System.nanoTime();
            bench.startStack();
            System.out.printf("stack up after %d s; logs in %s%n", (System.nanoTime() - start) / 1_000_000_000L,
                    Stack.logDir());
            bench.startTraffic();
            bench.warmUp();
            for (String scenario : settings.scenarios()) {
                bench.run(scenario);
            }
            Files.writeString(out.resolve("summary"), bench.summary(work.toString()));
            Files.writeString(out.resolve("jvm"), "gateways `" + String.join(" ", ServiceProcess.jvmOptions(
                    "edge-gateway")) + "`, the rest `" + String.join(" ", ServiceProcess.jvmOptions("config-server"))
                    + "`");
            ok = true;
        }
        finally {
            bench.stopAll();
            if (!ok || settings.keep()) {
                System.out.println("the work folder (CPU tables, answers and polls per run) is " + work
                        + ", the throw-away config repository " + bench.repo.uri() + ", the services' logs in "
                        + Stack.logDir());
            }
        }
        System.exit(0);
    }

    private void startStack() {
        System.out.println("starting config-server (rollout controller) and discovery-server");
        configServer = started(ServiceProcess.start("config-server", "config-server-canary-bench",
                ServiceProcess.freePort(), Stack.configServerEnv(repo),
                List.of("--edgeway.config.rollout.state-file=" + work.resolve("rollouts.json"))));
        discoveryServer = started(ServiceProcess.start("discovery-server", "discovery-server-canary-bench",
                ServiceProcess.freePort(), Stack.discoveryEnv(), List.of()));
        awaitHealthy(configServer);
        awaitHealthy(discoveryServer);
        System.out.println("starting 2 stable (v1) and 1 canary (v2) sample-backends and 3 gateways");
        List<ServiceProcess> backends = new ArrayList<>();
        for (String name : List.of("v1-a", "v1-b", "v2")) {
            Map<String, String> env = new HashMap<>(Stack.clientEnv(configServer, discoveryServer));
            env.put("INSTANCE_VERSION", name.substring(0, 2));
            env.put("BACKEND_FAULT_SWITCH", "true");
            backends.add(started(ServiceProcess.start("sample-backend", "backend-" + name, ServiceProcess.freePort(),
                    env, Stack.clientArgs())));
        }
        canary = backends.get(2);
        // The backends first: seven JVMs starting at once on a small loaded machine take far longer than in turn.
        backends.parallelStream().forEach(this::awaitHealthy);
        for (int i = 0; i < GATEWAYS; i++) {
            int port = ServiceProcess.freePort();
            List<String> args = new ArrayList<>(Stack.clientArgs());
            args.add("--edgeway.gateway.config-push.cache-file=" + work.resolve("gateway-" + i + "-config.json"));
            // All users come from 127.0.0.1: the public routes' per-address limit (20/s) would refuse them.
            args.add("--edgeway.gateway.public-routes.rate-limit.requests=1000000");
            args.add("--edgeway.gateway.public-routes.rate-limit.burst=1000000");
            gateways.add(started(ServiceProcess.start("edge-gateway", "gateway-" + i, port,
                    Stack.clientEnv(configServer, discoveryServer), args)));
        }
        gateways.parallelStream().forEach(this::awaitHealthy);
        for (ServiceProcess gateway : gateways) {
            awaitTrue(gateway.name() + " to route /hello to both versions", settings.startTimeout(), () -> {
                Set<String> seen = new LinkedHashSet<>();
                for (int k = 0; k < 30; k++) {
                    Matcher m = VERSION.matcher(Http.get(gateway.url("/hello/id")).body());
                    if (m.find()) {
                        seen.add(m.group(1));
                    }
                }
                return seen.containsAll(List.of(STABLE, CANARY));
            });
        }
    }

    private ServiceProcess started(ServiceProcess process) {
        services.add(process);
        return process;
    }

    /** A service that does not start in time is an error, never retried. */
    private void awaitHealthy(ServiceProcess service) {
        service.awaitHealthy(settings.startTimeout());
    }

    /** The open-loop users and the weight poller, for the whole benchmark. */
    private void startTraffic() {
        loop = new LoopHttp("canary-bench-users", 64);
        List<InetSocketAddress> addresses = gateways.stream()
                .map(g -> new InetSocketAddress("127.0.0.1", g.port())).toList();
        Random random = new Random(13);
        scheduleNext(System.nanoTime(), addresses, random);
        poller = new Thread(this::poll, "canary-bench-poller");
        poller.setDaemon(true);
        poller.start();
    }

    /** One request at {@code due}, then the next one a period later: the schedule never waits for answers. */
    private void scheduleNext(long due, List<InetSocketAddress> addresses, Random random) {
        loop.schedule(due, () -> {
            if (!running) {
                return;
            }
            int user = random.nextInt(settings.users());
            int gateway = random.nextInt(GATEWAYS);
            InetSocketAddress address = addresses.get(gateway);
            List<CanaryAnswers.Answer> sink = answers;
            loop.send(address, LoopHttp.request("GET", address, PATH, Map.of("X-Session-Id", "user-" + user), null),
                    due, response -> {
                        String version = null;
                        if (response.status() == 200) {
                            Matcher m = VERSION.matcher(response.text());
                            version = m.find() ? m.group(1) : null;
                        }
                        sink.add(new CanaryAnswers.Answer(due, due + response.latencyNanos(), user, gateway,
                                response.status(), version));
                    });
            scheduleNext(due + (long) (1e9 / rate), addresses, random);
        });
    }

    private static final Pattern WEIGHT_IN_FORCE = Pattern.compile("\"weightInForce\":([0-9.]+)");

    /** Every ~50 ms, each gateway's weight in force on the current route (NaN while it does not run it). */
    private void poll() {
        while (running) {
            long round = System.nanoTime();
            for (int g = 0; g < GATEWAYS && running; g++) {
                long sent = System.nanoTime();
                double weight = Double.NaN;
                try {
                    String current = route;
                    String body = Http.send("GET", gateways.get(g).managementUrl("/actuator/canary"), null,
                            Stack.OPERATOR, Stack.OPERATOR_PASSWORD).body();
                    int at = body.indexOf("\"route\":\"" + current + "\"");
                    if (at >= 0) {
                        Matcher m = WEIGHT_IN_FORCE.matcher(body);
                        if (m.find(at)) {
                            weight = Double.parseDouble(m.group(1));
                        }
                    }
                }
                catch (RuntimeException ex) {
                    // no answer: NaN
                }
                polls.add(new WeightPolls.Poll(g, sent, System.nanoTime(), weight));
            }
            long left = TimeUnit.MILLISECONDS.toNanos(50) - (System.nanoTime() - round);
            if (left > 0) {
                LockSupport.parkNanos(left);
            }
        }
    }

    /** The canary route at weight 50 without a plan for a while: every backend and gateway gets JIT-warm. */
    private void warmUp() {
        System.out.printf("warm-up: %d s at %s requests/s, weight 50 without a plan%n", settings.warmup().toSeconds(),
                Stats.plain(rate));
        long start = System.nanoTime();
        String id = commitRoute(50, null);
        awaitTrue("every gateway to run " + id, Duration.ofSeconds(60), () -> polls.allMatched(w -> w == 50, start)
                .isPresent());
        hold(settings.warmup());
    }

    private void run(String scenario) {
        switch (scenario) {
            case "bad-errors" -> {
                for (int k = 1; k <= settings.badRuns(); k++) {
                    int run = k;
                    CpuRounds.Kept<BadRun> kept = cpu.round(scenario, k, () -> badRun(run, false));
                    errorRuns.add(flag(kept));
                }
            }
            case "bad-latency" -> {
                for (int k = 1; k <= settings.badRuns(); k++) {
                    int run = k;
                    CpuRounds.Kept<BadRun> kept = cpu.round(scenario, k, () -> badRun(run, true));
                    latencyRuns.add(flag(kept));
                }
            }
            case "healthy" -> {
                for (int k = 1; k <= settings.healthyRuns(); k++) {
                    int run = k;
                    CpuRounds.Kept<Walk> kept = cpu.round(scenario, k, () -> walk(run));
                    Walk walk = kept.result();
                    walks.add(new Walk(walk.run(), kept.overBudget(), walk.outcome(), walk.seconds(),
                            walk.stickiness(), walk.failed(), walk.why(), walk.answers()));
                }
            }
            case "low-traffic" -> {
                CpuRounds.Kept<Held> kept = cpu.round(scenario, 1, this::lowTraffic);
                Held h = kept.result();
                held = new Held(kept.overBudget(), h.seconds(), h.requests(), h.maxWeight(), h.phase(), h.statuses());
            }
            default -> throw new IllegalArgumentException(scenario);
        }
    }

    private static BadRun flag(CpuRounds.Kept<BadRun> kept) {
        BadRun r = kept.result();
        return new BadRun(r.run(), kept.overBudget(), r.firstBadAfterSwitch(), r.toRollback(), r.toDecision(),
                r.usersOnCanary(), r.usersWithErrors(), r.stickiness(), r.verdict(), r.answers());
    }

    /**
     * A rollout held at 5 %; once every gateway runs it and {@code settle} has passed, the canary's switch makes it
     * bad (5xx on a share of its answers, or every answer later); then until every gateway runs weight 0.
     */
    private BadRun badRun(int run, boolean latency) {
        String kind = latency ? "bad-latency" : "bad-errors";
        long start = newRun();
        String id = commitRoute(0, HOLD_AT_5);
        awaitTrue(id + " at 5 % on every gateway", Duration.ofSeconds(60),
                () -> polls.allMatched(w -> w == 5, start).isPresent());
        long atStep = System.nanoTime();
        List<CanaryAnswers.Answer> recorded = answers = Collections.synchronizedList(new ArrayList<>());
        hold(settings.settle());
        String body = latency ? "{\"delayMs\":" + settings.delayMs() + "}" : "{\"errorShare\":" + settings.errorShare() + "}";
        long switched = System.nanoTime();
        faults(body);
        // The switch took effect somewhere in the PUT; a slow PUT (a loaded machine) shows here, not in the figures,
        // which start at the first bad answer.
        double putSeconds = seconds(System.nanoTime() - switched);
        Duration timeout = latency ? settings.latencyTimeout() : settings.errorsTimeout();
        long deadline = switched + timeout.toNanos();
        while (System.nanoTime() < deadline && polls.allMatched(w -> w == 0, switched).isEmpty()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        OptionalLong allZero = polls.allMatched(w -> w == 0, switched);
        hold(Duration.ofSeconds(1)); // answers to requests split just before the last gateway's rollback come in
        faults("{}");
        JsonNode rollout = rolloutStatus(id);
        JsonNode event = auditEvent(id, "rolled-back");
        String verdict = event == null ? "no rollback (phase " + rollout.path("phase").asString() + ", "
                + rollout.path("status").asString() + ")" : event.path("reason").asString();
        CanaryAnswers seen = new CanaryAnswers(List.copyOf(recorded), STABLE, CANARY);
        OptionalLong firstBad = latency ? seen.firstServedBy(CANARY, switched) : seen.firstWithStatus(500, switched);
        long end = allZero.orElse(System.nanoTime());
        long[] keepUntil = polls.lastBeforeMatching(w -> w == 0, switched);
        long[] zeroFrom = polls.firstMatching(w -> w == 0, switched);
        CanaryAnswers.Stickiness stickiness = seen.stickiness(keepUntil, zeroFrom, false);
        double toRollback = allZero.isPresent() && firstBad.isPresent() ? seconds(allZero.getAsLong() - firstBad.getAsLong())
                : Double.NaN;
        double toDecision = event == null || firstBad.isEmpty() ? Double.NaN
                : seconds(nanosOf(instant(event.path("at"))) - firstBad.getAsLong());
        BadRun result = new BadRun(run, false, firstBad.isPresent() ? seconds(firstBad.getAsLong() - switched)
                : Double.NaN, toRollback, toDecision, seen.usersServedBy(CANARY, latency ? 0 : 500, switched, end),
                seen.usersWithStatus(500, switched, end), stickiness, verdict, answersLine(seen, atStep, end));
        System.out.printf(Locale.ROOT, "%s run %d: fault switch PUT answered in %.2f s%n", kind, run, putSeconds);
        System.out.printf(Locale.ROOT, "%s run %d: first bad answer %.2f s after the switch, every gateway at 0 "
                + "%.2f s after it (controller decided at %.2f s); %d users on the canary, %d with an error; "
                + "stickiness %s; %s; %s%n", kind, run, result.firstBadAfterSwitch(), toRollback, toDecision,
                result.usersOnCanary(), result.usersWithErrors(), stickiness, verdict, result.answers());
        save(kind + "-" + run, recorded, atStep);
        return result;
    }

    /** A healthy canary walked through {@link #WALK} until every gateway runs 100 %, a rollback, or the timeout. */
    private Walk walk(int run) {
        long start = newRun();
        String id = commitRoute(0, WALK);
        long committed = System.nanoTime();
        // Recorded once every gateway runs the new route: until then some still serve the last run's, at 100 %.
        awaitTrue("every gateway to run " + id, Duration.ofSeconds(60),
                () -> polls.allMatched(w -> !Double.isNaN(w), start).isPresent());
        List<CanaryAnswers.Answer> recorded = answers = Collections.synchronizedList(new ArrayList<>());
        long deadline = committed + settings.walkTimeout().toNanos();
        String outcome = "timed out";
        String why = "";
        long nextStatus = 0;
        while (System.nanoTime() < deadline) {
            if (polls.allMatched(w -> w >= 100, start).isPresent()) {
                outcome = "completed";
                break;
            }
            if (System.nanoTime() > nextStatus) {
                nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                JsonNode rollout = rolloutStatus(id);
                String phase = rollout.path("phase").asString();
                why = rollout.path("status").asString();
                if (phase.equals("ROLLED_BACK") || phase.equals("OVERRIDDEN")) {
                    outcome = phase.equals("ROLLED_BACK") ? "rolled back" : "overridden";
                    break;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        OptionalLong all100 = polls.allMatched(w -> w >= 100, start);
        double seconds = all100.isPresent() ? seconds(all100.getAsLong() - committed) : Double.NaN;
        CanaryAnswers seen = new CanaryAnswers(List.copyOf(recorded), STABLE, CANARY);
        long[] never = new long[GATEWAYS];
        Arrays.fill(never, Long.MAX_VALUE);
        long[] keepUntil = never;
        long[] zeroFrom = never;
        if (outcome.equals("rolled back")) {
            // A canary weight was in force before the rollback: from the first poll that saw the canary on.
            long on = polls.allMatched(w -> w > 0, start).orElse(start);
            keepUntil = polls.lastBeforeMatching(w -> w == 0, on);
            zeroFrom = polls.firstMatching(w -> w == 0, on);
        }
        CanaryAnswers.Stickiness stickiness = seen.stickiness(keepUntil, zeroFrom, true);
        long failed = seen.failed(start, Long.MAX_VALUE);
        System.out.printf(Locale.ROOT, "healthy run %d: %s%s; %d answers, %d not 200; stickiness %s%s%n", run, outcome,
                Double.isNaN(seconds) ? "" : String.format(Locale.ROOT, " in %.1f s", seconds), seen.size(), failed,
                stickiness, outcome.equals("completed") ? "" : "; " + why);
        save("healthy-" + run, recorded, start);
        return new Walk(run, false, outcome, seconds, stickiness, failed, outcome.equals("completed") ? "" : why,
                answersLine(seen, start, System.nanoTime()));
    }

    /** {@link #WALK} at the low rate: the rollout must hold at its first step and say why. */
    private Held lowTraffic() {
        rate = settings.lowRate();
        long start = newRun();
        List<CanaryAnswers.Answer> recorded = answers = Collections.synchronizedList(new ArrayList<>());
        try {
            String id = commitRoute(0, WALK);
            awaitTrue("every gateway to run " + id, Duration.ofSeconds(60),
                    () -> polls.allMatched(w -> !Double.isNaN(w), start).isPresent());
            long from = System.nanoTime();
            long end = from + settings.lowFor().toNanos();
            // Each distinct status once (numbers aside), with how many looks said it; the last one as it was.
            Map<String, String> firstText = new LinkedHashMap<>();
            Map<String, Integer> looks = new HashMap<>();
            String phase = "";
            while (System.nanoTime() < end) {
                JsonNode rollout = rolloutStatus(id);
                if (rollout.isMissingNode()) {
                    hold(Duration.ofSeconds(1)); // the controller has not read the commit yet
                    continue;
                }
                phase = rollout.path("phase").asString();
                String said = phase + " at " + rollout.path("weight").asString() + " %: "
                        + rollout.path("status").asString();
                String key = said.replaceAll("[0-9]+(\\.[0-9]+)?", "#");
                firstText.putIfAbsent(key, said);
                looks.merge(key, 1, Integer::sum);
                hold(Duration.ofSeconds(1));
            }
            List<String> statuses = new ArrayList<>();
            firstText.forEach((key, said) -> statuses.add(looks.get(key) + " look(s), the first: " + said));
            JsonNode last = rolloutStatus(id);
            statuses.add("the last: " + last.path("phase").asString() + " at " + last.path("weight").asString()
                    + " %: " + last.path("status").asString());
            double max = polls.maxWeight(from, System.nanoTime());
            long requests = recorded.size();
            System.out.printf(Locale.ROOT, "low-traffic: %d answers at %s requests/s in %d s; highest weight seen on a "
                    + "gateway %s %%; phase %s; %s%n", requests, Stats.plain(settings.lowRate()),
                    settings.lowFor().toSeconds(), Stats.plain(max), phase, String.join(" | ", statuses));
            save("low-traffic", recorded, start);
            return new Held(false, seconds(System.nanoTime() - from), requests, max, phase, List.copyOf(statuses));
        }
        finally {
            rate = settings.rate();
        }
    }

    /** A fresh poll record for a new route. */
    private long newRun() {
        polls = new WeightPolls(GATEWAYS);
        return System.nanoTime();
    }

    /** Commits the bench route under a new id (a new rollout), with {@code plan} or none; returns the id. */
    private String commitRoute(double weight, Plan plan) {
        String id = "canary-bench-" + (++routeNumber);
        String text = String.join("\n", "            - id: " + id, "              uri: lb://sample-backend",
                "              predicates:", "                - Path=" + PATH, "              filters:",
                "                - SetPath=/id", "                - name: Canary", "                  args:",
                "                    stable: " + STABLE, "                    canary: " + CANARY,
                "                    weight: " + Stats.plain(weight), "                    key: header:X-Session-Id")
                + "\n" + (plan == null ? "" : plan.yaml()) + "              metadata:\n                access: public\n";
        route = id;
        repo.commit(GATEWAY_FILE, original.stripTrailing() + "\n" + text, "canary-bench: " + id
                + (plan == null ? "" : " " + plan.steps()));
        return id;
    }

    private void faults(String body) {
        Http.Response response = Http.send("PUT", canary.url("/monitor/faults"), body, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD);
        if (!response.ok()) {
            throw new IllegalStateException("the canary's fault switch answered " + response.status() + " "
                    + response.body());
        }
    }

    /** The controller's view of the route's rollout ({@code GET /rollouts}); a missing node if it has none. */
    private JsonNode rolloutStatus(String id) {
        JsonNode status = status();
        for (JsonNode rollout : status.path("rollouts").values()) {
            if (rollout.path("route").asString().equals(id)) {
                return rollout;
            }
        }
        return status.path("none");
    }

    /** The newest audit event of {@code kind} for the route, or null. */
    private JsonNode auditEvent(String id, String kind) {
        for (JsonNode event : status().path("audit").values()) {
            if (event.path("route").asString().equals(id) && event.path("kind").asString().equals(kind)) {
                return event;
            }
        }
        return null;
    }

    private JsonNode status() {
        Http.Response response = Http.send("GET", configServer.url("/rollouts"), null, "config",
                Stack.CONFIG_PASSWORD);
        return response.ok() ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    private static Instant instant(JsonNode at) {
        if (at.isNumber()) {
            double seconds = at.asDouble();
            return Instant.ofEpochSecond((long) seconds, (long) ((seconds - Math.floor(seconds)) * 1e9));
        }
        return Instant.parse(at.asString());
    }

    /** Where an instant of the controller's clock (the same machine's) falls on this JVM's nanoTime. */
    private long nanosOf(Instant instant) {
        return anchorNanos + Duration.between(anchorInstant, instant).toNanos();
    }

    /** Each run's answers and polls, as TSV in the work folder, times in ms from the run's start. */
    private void save(String name, List<CanaryAnswers.Answer> recorded, long start) {
        try {
            Path dir = Files.createDirectories(work.resolve("runs"));
            List<String> lines = new ArrayList<>(List.of("due_ms\treceived_ms\tuser\tgateway\tstatus\tversion"));
            List<CanaryAnswers.Answer> sorted = new ArrayList<>(List.copyOf(recorded));
            sorted.sort(Comparator.comparingLong(CanaryAnswers.Answer::dueNanos));
            for (CanaryAnswers.Answer a : sorted) {
                lines.add(String.format(Locale.ROOT, "%.1f\t%.1f\t%d\t%d\t%d\t%s", (a.dueNanos() - start) / 1e6,
                        (a.receivedNanos() - start) / 1e6, a.user(), a.gateway(), a.status(), a.version()));
            }
            Files.write(dir.resolve(name + "-answers.tsv"), lines);
            List<String> pollLines = new ArrayList<>(List.of("sent_ms\treceived_ms\tgateway\tweight"));
            for (WeightPolls.Poll p : polls.all()) {
                pollLines.add(String.format(Locale.ROOT, "%.1f\t%.1f\t%d\t%s", (p.sentNanos() - start) / 1e6,
                        (p.receivedNanos() - start) / 1e6, p.gateway(), Stats.plain(p.weight())));
            }
            Files.write(dir.resolve(name + "-polls.tsv"), pollLines);
        }
        catch (IOException ex) {
            System.out.println("could not keep the answers of " + name + ": " + ex);
        }
    }

    /** The processes this benchmark started, by pid, as the CPU tables name them. */
    private Map<Long, String> labels() {
        Map<Long, String> labels = new LinkedHashMap<>();
        List.copyOf(services).forEach(p -> labels.put(p.pid(), p.name()));
        return labels;
    }

    String summary(String workShown) {
        StringBuilder text = new StringBuilder();
        text.append("Three gateways, two stable (`v1`) and one canary (`v2`) sample-backends, config server (the "
                + "rollout controller) and Eureka,\nall on 127.0.0.1. Open-loop users: ").append(Stats.plain(
                        settings.rate()))
                .append(" requests/s fleet-wide on a fixed schedule, each from one of ").append(settings.users())
                .append(" users (header `X-Session-Id`, the Canary key) picked at random, to one of the three "
                        + "gateways at random. Each gateway's weight in force polled every ~50 ms "
                        + "(`/actuator/canary`). SLO of every plan: error rate +0.5 %, p99 ratio 1.3, confidence "
                        + "0.95.\n\n");
        if (!errorRuns.isEmpty() || !latencyRuns.isEmpty()) {
            text.append("### A bad canary at a 5 % step: time until every gateway runs weight 0\n\n")
                    .append("Plan `steps: ").append(HOLD_AT_5.steps()).append(", step-after: ")
                    .append(HOLD_AT_5.stepAfter()).append("` (it holds at 5 %). ").append(settings.settle()
                            .toSeconds())
                    .append(" s after every gateway runs 5 %, the canary's fault switch (`PUT /monitor/faults`) "
                            + "makes it bad. *To rollback*: from the first bad answer a user received (a 5xx; for "
                            + "latency, the first canary answer after the switch, each then " + settings.delayMs()
                            + " ms slower) until the last of the three gateways was seen at weight 0. *Decided*: "
                            + "the controller's rolled-back event, from the same first bad answer. *Users on the "
                            + "canary*: distinct users the canary served (for bad-errors: or who got a 5xx) from the "
                            + "switch until every gateway ran 0.\n\n");
            MarkdownTable table = new MarkdownTable().text("scenario").figure("goal (s)").figure("runs")
                    .figure("to rollback, median (s)").text("range (s)").figure("decided, median (s)")
                    .figure("users on the canary, median").text("range").figure("users with a 5xx, median")
                    .text("stickiness").text("runs over the neighbour budget");
            badRow(table, "bad-errors: " + Stats.plain(100 * settings.errorShare()) + " % 5xx", 15, errorRuns);
            badRow(table, "bad-latency: +" + settings.delayMs() + " ms", 60, latencyRuns);
            text.append(table).append('\n');
            for (BadRun r : concat(errorRuns, latencyRuns)) {
                text.append(String.format(Locale.ROOT, "- %s run %d%s: %s s (first bad answer %s s after the switch); "
                        + "%s; %s%s%n", errorRuns.contains(r) ? "bad-errors" : "bad-latency", r.run(),
                        r.flagged() ? "*" : "", Stats.format(r.toRollback(), "%.2f"),
                        Stats.format(r.firstBadAfterSwitch(), "%.2f"), shorten(r.verdict()), r.answers(),
                        r.stickiness().held() ? "" : "; stickiness: " + r.stickiness()));
            }
            text.append('\n');
        }
        if (!walks.isEmpty()) {
            double[] seconds = walks.stream().mapToDouble(Walk::seconds).filter(s -> !Double.isNaN(s)).toArray();
            long rolledBack = walks.stream().filter(w -> w.outcome().equals("rolled back")).count();
            long completed = walks.stream().filter(w -> w.outcome().equals("completed")).count();
            int violations = walks.stream().mapToInt(w -> w.stickiness().violations()).sum();
            text.append("### A healthy canary walked 1 → 100 %\n\nPlan `steps: ").append(WALK.steps())
                    .append(", step-after: ").append(WALK.stepAfter()).append(", min-requests: ")
                    .append(WALK.minRequests()).append("` (per version per step; the latency check needs 50 timed "
                            + "canary requests and 268 stable ones anyway, so the 1 % step takes about 50 / (1 % of "
                            + "the rate) s). Walk: from the commit until every gateway runs 100 %.\n\n");
            MarkdownTable table = new MarkdownTable().text("runs").figure("false rollbacks (goal 0)")
                    .figure("completed").figure("timed out or overridden").figure("walk, median (s)").text("range (s)")
                    .figure("users moved against stickiness").figure("answers not 200").text("runs over the neighbour budget");
            table.row(walks.size(), rolledBack, completed, walks.size() - rolledBack - completed,
                    Stats.format(Stats.median(seconds), "%.1f"), Stats.range(seconds, "%.1f"), violations,
                    walks.stream().mapToLong(Walk::failed).sum(), flagged(walks.stream().map(Walk::flagged).toList(),
                            walks.stream().map(Walk::run).toList()));
            text.append(table).append('\n');
            walks.forEach(w -> text.append("- run ").append(w.run()).append(w.flagged() ? "*" : "").append(": ")
                    .append(w.outcome()).append(Double.isNaN(w.seconds()) ? ""
                            : String.format(Locale.ROOT, " in %.1f s", w.seconds()))
                    .append(w.why().isEmpty() ? "" : "; " + shorten(w.why())).append("; ").append(w.answers())
                    .append(w.stickiness().held() ? "" : "; stickiness: " + w.stickiness()).append('\n'));
            text.append('\n');
        }
        if (held != null) {
            text.append("### Too little traffic for a verdict\n\n").append("The walk's plan at ")
                    .append(Stats.plain(settings.lowRate())).append(" requests/s for ")
                    .append(Stats.plain(held.seconds())).append(String.format(Locale.ROOT,
                            " s (%d answers): highest weight any gateway ran %s %% (first step %s %%), phase at the "
                                    + "end %s%s. What `GET /rollouts` said, once a second (each distinct status once, numbers aside):%n%n",
                            held.requests(), Stats.plain(held.maxWeight()), Stats.plain(WALK.firstStep()),
                            held.phase(), held.flagged() ? " (run over the neighbour budget)" : ""));
            held.statuses().forEach(s -> text.append("- ").append(s.replace('|', '/')).append('\n'));
            text.append('\n');
        }
        text.append("Per-run answers and weight polls: `").append(workShown).append("/runs/` (kept with "
                + "BENCH_KEEP=1).\n\n");
        text.append(cpu.section(workShown + "/cpu"));
        return text.toString();
    }

    private void badRow(MarkdownTable table, String name, int goal, List<BadRun> runs) {
        if (runs.isEmpty()) {
            return;
        }
        double[] times = runs.stream().mapToDouble(BadRun::toRollback).filter(t -> !Double.isNaN(t)).toArray();
        double[] decided = runs.stream().mapToDouble(BadRun::toDecision).filter(t -> !Double.isNaN(t)).toArray();
        double[] users = runs.stream().mapToDouble(BadRun::usersOnCanary).toArray();
        double[] errors = runs.stream().mapToDouble(BadRun::usersWithErrors).toArray();
        long missed = runs.size() - times.length;
        int violations = runs.stream().mapToInt(r -> r.stickiness().violations()).sum();
        int flips = runs.stream().mapToInt(r -> r.stickiness().flippedWhileRollingBack()).sum();
        table.row(name, goal, runs.size() + (missed > 0 ? " (" + missed + " not rolled back)" : ""),
                Stats.format(Stats.median(times), "%.2f"), Stats.range(times, "%.2f"),
                Stats.format(Stats.median(decided), "%.2f"), Stats.format(Stats.median(users), "%.0f"),
                Stats.range(users, "%.0f"), Stats.format(Stats.median(errors), "%.0f"),
                violations == 0 ? "held" + (flips > 0 ? " (" + flips + " users flipped while the gateways took the "
                        + "rollback one by one)" : "") : violations + " users moved against it",
                flagged(runs.stream().map(BadRun::flagged).toList(), runs.stream().map(BadRun::run).toList()));
    }

    /**
     * The answers to requests due in {@code [from, to)} by status (-1: none within 10 s), and the rate of 200s against
     * the rate offered: far below it, the machine could not carry the load and times are upper bounds.
     */
    private String answersLine(CanaryAnswers seen, long from, long to) {
        Map<Integer, Long> statuses = seen.statuses(from, to);
        double seconds = seconds(to - from);
        return String.format(Locale.ROOT, "%.0f 200s/s of %s offered; answers by status %s", statuses.getOrDefault(200,
                0L) / seconds, Stats.plain(rate), statuses.toString().replace("-1=", "none="));
    }

    private static String flagged(List<Boolean> flags, List<Integer> runs) {
        List<String> over = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            if (flags.get(i)) {
                over.add(Integer.toString(runs.get(i)));
            }
        }
        return over.isEmpty() ? "none" : "runs " + String.join(", ", over);
    }

    private static List<BadRun> concat(List<BadRun> a, List<BadRun> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toList());
    }

    private static String shorten(String text) {
        String oneLine = text == null ? "" : text.replace('\n', ' ').replace('|', '/');
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Once, from the end of main or the shutdown hook, whichever comes first. */
    private synchronized void stopAll() {
        running = false;
        if (loop != null) {
            loop.close();
            loop = null;
        }
        List<ServiceProcess> all = List.copyOf(services);
        // Clients first, so that they do not log errors about the servers going away.
        all.stream().filter(p -> !p.name().startsWith("config-server") && !p.name().startsWith("discovery"))
                .toList().parallelStream().forEach(ServiceProcess::close);
        all.stream().filter(p -> p.name().startsWith("config-server") || p.name().startsWith("discovery"))
                .toList().parallelStream().forEach(ServiceProcess::close);
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

    /** A pause that is part of the benchmark's schedule, not a synchronisation. */
    private static void hold(Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

}
