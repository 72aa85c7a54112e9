package io.edgeway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.edgeway.e2e.support.DeviceEmulators;
import io.edgeway.e2e.support.Eureka;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A three-node Eureka cluster (127.0.0.1, .2 and .3) under load: a node killed with SIGKILL while one instance
 * registers and another leaves costs no request, both changes reach the gateway and the F5 pool, and the node catches
 * up when it comes back. Prints how long each change took to propagate (measured, never asserted beyond a deadline).
 */
class EurekaClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Duration START = Duration.ofMinutes(3);

    /** Longest a change may take to reach the gateway, the F5 pool or a restarted node (2 loaded cores). */
    private static final Duration PROPAGATION = Duration.ofSeconds(30);

    /** How long the leaving instance keeps serving after it marked itself DOWN: a window to see the gateway stop. */
    private static final Duration DEREGISTRATION_DELAY = Duration.ofSeconds(20);

    /** No answer from the leaving instance for this long, while it still serves, means the gateway stopped using it. */
    private static final Duration QUIET = Duration.ofSeconds(3);

    private static final String F5_POOL = "/mgmt/tm/ltm/pool/~Common~sample-backend/members";

    private static final Pattern CLIENT_RENEWALS = Pattern
            .compile("^edgeway_eureka_renewals_total\\{[^}]*origin=\"client\"[^}]*} (\\S+)$", Pattern.MULTILINE);

    private final Stack stack = Stack.shared();

    private final List<ServiceProcess> started = new CopyOnWriteArrayList<>();

    private DeviceEmulators devices;

    @AfterEach
    void stopWhatTheTestStarted() {
        List<ServiceProcess> reversed = new ArrayList<>(started);
        Collections.reverse(reversed);
        reversed.parallelStream().forEach(ServiceProcess::close);
        if (devices != null) {
            devices.close();
        }
    }

    @Test
    void losingANodeUnderLoadCostsNoRequestAndTheNodeCatchesUpWhenItReturns() throws Exception {
        List<String> hosts = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");
        List<Integer> ports = hosts.stream().map(h -> ServiceProcess.freePort()).toList();
        // Nodes and clients list the same three URLs, without credentials (each sends its own).
        String everyNode = IntStream.range(0, hosts.size()).mapToObj(i -> Stack.peerUrl(hosts.get(i), ports.get(i)))
                .collect(Collectors.joining(","));
        Map<String, String> clientOfEveryNode = Map.of("EUREKA_URL", everyNode);
        List<ServiceProcess> nodes = IntStream.range(0, hosts.size())
                .mapToObj(i -> started(startNode(hosts.get(i), ports.get(i), everyNode))).toList();
        nodes.parallelStream().forEach(n -> n.awaitHealthy(START));
        devices = new DeviceEmulators();
        ServiceProcess staying = started(stack.startBackend("v1", clientOfEveryNode, List.of()));
        ServiceProcess leaving = started(stack.startBackend("v1", clientOfEveryNode,
                List.of("--edgeway.backend.shutdown.deregistration-delay=" + DEREGISTRATION_DELAY.toSeconds() + "s")));
        ServiceProcess gateway = started(stack.startGateway("edge-gateway-cluster", stack.configServer(),
                clientOfEveryNode));
        ServiceProcess adapter = started(startAdapter(everyNode));
        Stream.of(staying, leaving, gateway, adapter).parallel().forEach(p -> p.awaitHealthy(START));

        try (Traffic traffic = Traffic.start(4, "GET", gateway.url("/hello/id"))) {
            await("the gateway routes to both instances").atMost(Duration.ofSeconds(60))
                    .until(() -> traffic.answeredBy(staying.port()) > 20 && traffic.answeredBy(leaving.port()) > 20);
            await("both instances in the F5 pool").atMost(Duration.ofSeconds(60))
                    .until(() -> poolMembers().keySet().containsAll(List.of(member(staying), member(leaving))));
            // The node most clients renew with: its loss makes them all move to another one.
            ServiceProcess victim = nodes.stream().max(Comparator.comparingDouble(EurekaClusterIT::clientRenewals))
                    .orElseThrow();
            List<Eureka> survivors = nodes.stream().filter(n -> n != victim).map(Eureka::reader).toList();

            Instant change = Instant.now();
            victim.kill();
            ServiceProcess joining = started(stack.startBackend("v2", clientOfEveryNode, List.of()));
            CompletableFuture<Integer> exit = CompletableFuture
                    .supplyAsync(() -> leaving.stopGracefully(DEREGISTRATION_DELAY.plusSeconds(60)));

            Map<String, BooleanSupplier> events = new LinkedHashMap<>();
            events.put("joining UP on a surviving node",
                    () -> survivors.stream().anyMatch(e -> isUp(e, joining)));
            events.put("joining answers through the gateway", () -> traffic.firstAnswerAt(joining.port()).isPresent());
            events.put("joining in the F5 pool", () -> poolMembers().containsKey(member(joining)));
            events.put("leaving not UP on every surviving node",
                    () -> survivors.stream().noneMatch(e -> isUp(e, leaving)));
            events.put("gateway stopped sending to leaving (still serving)", () -> {
                if (exit.isDone()) {
                    throw new AssertionError("the leaving instance stopped before the gateway stopped sending to it");
                }
                return traffic.lastAnswerAt(leaving.port())
                        .filter(last -> last.plus(QUIET).isBefore(Instant.now())).isPresent();
            });
            events.put("leaving disabled or gone in the F5 pool",
                    () -> !poolMembers().containsKey(member(leaving))
                            || "user-disabled".equals(poolMembers().get(member(leaving))));
            events.put("leaving gone from the F5 pool", () -> !poolMembers().containsKey(member(leaving)));
            events.put("leaving gone from every surviving node",
                    () -> survivors.stream().allMatch(e -> e.instanceOnPort("sample-backend", leaving.port()).isEmpty()));
            Map<String, Instant> seen = awaitEvents("the changes propagate", events, START.plus(DEREGISTRATION_DELAY));
            exit.get(90, TimeUnit.SECONDS);

            Instant joinedRegistry = seen.get("joining UP on a surviving node");
            Instant leftRegistry = seen.get("leaving not UP on every surviving node");
            Instant lastFromLeaving = traffic.lastAnswerAt(leaving.port()).orElseThrow();
            Map<String, Duration> figures = new LinkedHashMap<>();
            figures.put("registry: leaving DOWN on both surviving nodes, after SIGTERM", between(change, leftRegistry));
            figures.put("gateway: last answer from leaving, after SIGTERM", between(change, lastFromLeaving));
            figures.put("F5: leaving drained (disabled), after DOWN in registry",
                    between(leftRegistry, seen.get("leaving disabled or gone in the F5 pool")));
            figures.put("F5: leaving deleted, after DOWN in registry",
                    between(leftRegistry, seen.get("leaving gone from the F5 pool")));
            figures.put("registry: joining UP on a surviving node, after its start", between(change, joinedRegistry));
            figures.put("gateway: first answer from joining, after UP in registry",
                    between(joinedRegistry, traffic.firstAnswerAt(joining.port()).orElseThrow()));
            figures.put("F5: joining added, after UP in registry",
                    between(joinedRegistry, seen.get("joining in the F5 pool")));
            assertThat(between(change, lastFromLeaving)).as("the gateway stopped sending to the leaving instance")
                    .isLessThan(PROPAGATION);
            assertThat(figures.get("F5: leaving drained (disabled), after DOWN in registry"))
                    .as("the F5 drained the leaving instance").isLessThan(PROPAGATION);
            assertThat(figures.get("gateway: first answer from joining, after UP in registry"))
                    .as("the gateway routes to the joining instance").isLessThan(PROPAGATION);
            assertThat(figures.get("F5: joining added, after UP in registry"))
                    .as("the F5 pool has the joining instance").isLessThan(PROPAGATION);
            long fromLeavingAtStop = traffic.answeredBy(leaving.port());

            Instant restart = Instant.now();
            ServiceProcess back = started(victim.restart());
            Eureka rejoined = Eureka.reader(back);
            // Read from the moment it answers: a client that fetched an incomplete registry would lose instances.
            List<String> incomplete = new CopyOnWriteArrayList<>();
            Map<String, Instant> firstRead = new ConcurrentHashMap<>();
            await("the restarted node answers reads with the current instances").atMost(START)
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        if (!back.isAlive()) {
                            throw new IllegalStateException(back + " exited; last log lines:\n" + back.tail(40));
                        }
                        List<Integer> backends;
                        boolean gatewayListed;
                        try {
                            backends = rejoined.instances("sample-backend").stream().map(Eureka.Instance::port)
                                    .toList();
                            gatewayListed = rejoined.instanceOnPort("edge-gateway", gateway.port()).isPresent();
                        }
                        catch (IllegalStateException notServingReads) {
                            return false;
                        }
                        firstRead.putIfAbsent("first", Instant.now());
                        boolean complete = backends.contains(staying.port()) && backends.contains(joining.port())
                                && !backends.contains(leaving.port()) && gatewayListed;
                        if (!complete) {
                            incomplete.add(Instant.now() + ": sample-backend " + backends + ", gateway listed "
                                    + gatewayListed);
                        }
                        return complete;
                    });
            figures.put("restarted node: first read answered, after start", between(restart, firstRead.get("first")));
            figures.put("restarted node: lists every current instance, after start", between(restart, Instant.now()));
            assertThat(incomplete).as("reads the restarted node answered without a current instance").isEmpty();

            long answeredAfterRestart = traffic.answered();
            await("traffic goes on after the node returned").atMost(Duration.ofSeconds(20))
                    .until(() -> traffic.answered() > answeredAfterRestart + 100);
            report(victim, traffic, figures);
            assertThat(traffic.answeredBy(leaving.port())).as("answers from the stopped instance")
                    .isEqualTo(fromLeavingAtStop);
            assertThat(traffic.failures()).as("failed requests").isEmpty();
        }
    }

    /** Polls every event until all happened, keeping when each was first seen; fails naming those that did not. */
    private static Map<String, Instant> awaitEvents(String alias, Map<String, BooleanSupplier> events,
            Duration deadline) {
        Map<String, Instant> seen = new ConcurrentHashMap<>();
        try {
            await(alias).atMost(deadline).pollInterval(Duration.ofMillis(100)).until(() -> {
                events.forEach((name, event) -> {
                    if (!seen.containsKey(name) && event.getAsBoolean()) {
                        seen.put(name, Instant.now());
                    }
                });
                return seen.size() == events.size();
            });
        }
        catch (ConditionTimeoutException ex) {
            throw new AssertionError(alias + ": not seen within " + deadline + ": "
                    + events.keySet().stream().filter(e -> !seen.containsKey(e)).toList() + "; seen: " + seen, ex);
        }
        return seen;
    }

    private ServiceProcess started(ServiceProcess process) {
        started.add(process);
        return process;
    }

    private static ServiceProcess startNode(String host, int port, String peers) {
        Map<String, String> env = new HashMap<>(Stack.discoveryEnv());
        env.putAll(Map.of("SPRING_PROFILES_ACTIVE", "peer", "EUREKA_HOSTNAME", host, "EUREKA_PEERS", peers));
        return ServiceProcess.start("discovery-server", "discovery-cluster-" + host, port, env,
                List.of("--server.address=" + host));
    }

    private ServiceProcess startAdapter(String eurekaUrls) {
        Map<String, String> env = new HashMap<>(stack.clientEnv());
        env.put("EUREKA_URL", eurekaUrls);
        // The emulators accept only their demo logins, which the adapter takes under the demo profile alone.
        env.put("SPRING_PROFILES_INCLUDE", "demo");
        env.put("LB_F5_URL", devices.f5Url());
        env.put("LB_NETSCALER_URL", devices.nitroUrl());
        env.put("LB_ADAPTER_VIEWER_PASSWORD", "e2e-viewer-secret");
        env.put("LB_ADAPTER_DB_URL", "jdbc:h2:mem:eureka-cluster;DB_CLOSE_DELAY=-1");
        return ServiceProcess.start("lb-adapter-service", "lb-adapter-service-cluster", ServiceProcess.freePort(), env,
                Stack.clientArgs());
    }

    /** The emulated F5's sample-backend pool: member name ({@code ip:port}) to session. */
    private Map<String, String> poolMembers() {
        Http.Response response = Http.send("GET", devices.f5Url() + F5_POOL, null, "edgeway", "demo-f5-secret");
        if (response.status() != 200) {
            throw new IllegalStateException("F5 answered " + response.status() + ": " + response.body());
        }
        Map<String, String> members = new HashMap<>();
        JSON.readTree(response.body()).path("items").valueStream()
                .forEach(m -> members.put(m.path("name").asString(), m.path("session").asString()));
        return members;
    }

    private static String member(ServiceProcess backend) {
        return "127.0.0.1:" + backend.port();
    }

    /** Renewals a node received from clients (not replicated by a peer), from its Prometheus endpoint. */
    private static double clientRenewals(ServiceProcess node) {
        Http.Response response = Http.send("GET", node.managementUrl("/actuator/prometheus"), null, "dashboard",
                Stack.EUREKA_DASHBOARD_PASSWORD);
        if (response.status() != 200) {
            throw new IllegalStateException(node + " answered " + response.status() + ": " + response.body());
        }
        Matcher m = CLIENT_RENEWALS.matcher(response.body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static boolean isUp(Eureka eureka, ServiceProcess backend) {
        return eureka.instanceOnPort("sample-backend", backend.port()).filter(i -> i.status().equals("UP")).isPresent();
    }

    private static Duration between(Instant from, Instant to) {
        return Duration.between(from, to);
    }

    /** The figures on standard output and in e2e-logs/eureka-cluster-figures.txt (appended, one run per block). */
    private static void report(ServiceProcess victim, Traffic traffic, Map<String, Duration> figures) {
        StringBuilder text = new StringBuilder("EurekaClusterIT at " + Instant.now() + ": killed " + victim.name()
                + "; " + traffic.answered() + " answers, " + traffic.failures().size() + " failed\n");
        figures.forEach((what, took) -> text.append(String.format("  %-70s %6d ms%n", what, took.toMillis())));
        System.out.print(text);
        try {
            Files.writeString(Stack.logDir().resolve("eureka-cluster-figures.txt"), text, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
