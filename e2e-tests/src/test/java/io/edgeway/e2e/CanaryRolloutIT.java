package io.edgeway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.edgeway.e2e.support.ConfigGitRepo;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The canary autopilot with real processes: a config server of this test's own (the rollout controller), two gateways
 * that take their config from it, and two backends of versions of their own ({@code r1} stable, {@code r2} canary,
 * with fault switches), in the shared stack's Eureka. Users (header {@code X-Session-Id}) call both gateways. Not
 * {@code X-User}: the gateway strips that one from every request as a client-supplied identity header
 * ({@code edgeway.gateway.auth.headers.strip}), so a Canary keyed by it splits every request at random.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryRolloutIT {

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private static final Pattern VERSION = Pattern.compile("\"version\":\"([^\"]+)\"");

    private static final Stack stack = Stack.shared();

    private static final ConfigGitRepo repo = ConfigGitRepo.seededFromProject();

    private static final String ORIGINAL = repo.read(GATEWAY_FILE);

    private static ServiceProcess configServer;

    private static final List<ServiceProcess> gateways = new ArrayList<>();

    private static ServiceProcess stable;

    private static ServiceProcess canary;

    @BeforeAll
    static void ownControllerGatewaysAndVersions() {
        configServer = stack.track(ServiceProcess.start("config-server", "config-server-rollout",
                ServiceProcess.freePort(), Stack.configServerEnv(repo), List.of(
                        "--edgeway.config.rollout.state-file=" + Stack.logDir().resolve("rollout-state-"
                                + System.nanoTime() + ".json"))));
        stable = stack.startBackend("r1", Map.of("BACKEND_FAULT_SWITCH", "true"), List.of());
        canary = stack.startBackend("r2", Map.of("BACKEND_FAULT_SWITCH", "true"), List.of());
        configServer.awaitHealthy(START_TIMEOUT);
        gateways.add(stack.startGateway("edge-gateway-rollout-1", configServer));
        gateways.add(stack.startGateway("edge-gateway-rollout-2", configServer));
        stable.awaitHealthy(START_TIMEOUT);
        canary.awaitHealthy(START_TIMEOUT);
        gateways.forEach(gateway -> gateway.awaitHealthy(START_TIMEOUT));
    }

    @AfterAll
    static void stopThem() {
        gateways.forEach(ServiceProcess::close);
        for (ServiceProcess process : new ServiceProcess[] { configServer, stable, canary }) {
            if (process != null) {
                process.close();
            }
        }
    }

    @Test
    @Order(1)
    void aHealthyRolloutWalksEveryStepKeepingUsersOnTheCanaryAndSaysWhatToCommit() throws Exception {
        commitRoute(0, "[20, 50, 100]");
        try (Users users = Users.start(gateways)) {
            await("rollout completed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> status().contains("\"phase\":\"COMPLETED\""));
            users.awaitMore(50);

            String status = status();
            assertThat(status).contains("\"kind\":\"advanced\",\"fromWeight\":20.0,\"toWeight\":50.0")
                    .contains("\"kind\":\"completed\",\"fromWeight\":50.0,\"toWeight\":100.0")
                    .contains("set stable: r2").doesNotContain("rolled-back");
            assertThat(users.movedBackToStable()).as("users moved from the canary back to stable; what they were "
                    + "served: %s", users.historyOfMoved()).isEmpty();
            assertThat(users.failures()).isEmpty();
            // The step onto 100 % is scheduled a moment ahead, so that both gateways move at once.
            await("100 % on every gateway").atMost(Duration.ofSeconds(20))
                    .until(() -> gateways.stream().allMatch(gateway -> weightInForce(gateway) == 100.0));
        }
    }

    @Test
    @Order(2)
    void aCanaryMadeBadByItsOwnSwitchIsRolledBackOnEveryGatewayAndStaysSoAcrossAControllerRestart()
            throws Exception {
        commitRoute(0, "[10, 50, 100]");
        await("new rollout at 10 %").atMost(Duration.ofSeconds(20))
                .until(() -> gateways.stream().allMatch(gateway -> weightInForce(gateway) == 10.0));
        try (Users users = Users.start(gateways)) {
            users.awaitMore(100);
            assertThat(faults(canary, 0.3)).isEqualTo(200);

            await("rolled back").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status().contains("\"phase\":\"ROLLED_BACK\""));
            assertThat(status()).contains("\"kind\":\"rolled-back\"").contains("error-rate failed");
            await("weight 0 on every gateway").atMost(Duration.ofSeconds(5))
                    .until(() -> gateways.stream().allMatch(gateway -> weightInForce(gateway) == 0.0));
            users.awaitMore(20); // requests split before the rollback have finished
            long canaryAnswers = users.answeredBy("r2");
            users.awaitMore(200);
            assertThat(users.answeredBy("r2")).as("canary answers after the rollback").isEqualTo(canaryAnswers);

            faults(canary, 0);
            configServer.stopGracefully(Duration.ofSeconds(60));
            configServer = stack.track(configServer.restart()).awaitHealthy(START_TIMEOUT);
            users.awaitMore(200);

            assertThat(status()).contains("\"phase\":\"ROLLED_BACK\"");
            gateways.forEach(gateway -> assertThat(weightInForce(gateway)).isEqualTo(0.0));
            assertThat(users.answeredBy("r2")).as("canary answers after the restart").isEqualTo(canaryAnswers);
        }
    }

    @Test
    @Order(3)
    void aWeightCommittedByHandOverridesARunningRollout() throws Exception {
        commitRoute(0, "[5, 10, 100]");
        await("new rollout at 5 %").atMost(Duration.ofSeconds(20))
                .until(() -> gateways.stream().allMatch(gateway -> weightInForce(gateway) == 5.0));

        commitRoute(30, "[5, 10, 100]");

        await("the committed weight wins").atMost(Duration.ofSeconds(20))
                .until(() -> gateways.stream().allMatch(gateway -> weightInForce(gateway) == 30.0));
        await("rollout overridden").atMost(Duration.ofSeconds(5))
                .until(() -> status().contains("\"phase\":\"OVERRIDDEN\""));
    }

    @Test
    @Order(4)
    void aGatewayRestartedWhileTheControllerIsDownRunsTheRolloutsWeightAndTheRolloutGoesOnWhenItIsBack()
            throws Exception {
        // No traffic yet: the rollout holds at its first step (too few requests) above the committed 0 %.
        commitRoute(0, "[40, 100]");
        await("rollout at 40 % on every gateway").atMost(Duration.ofSeconds(30))
                .until(() -> gateways.stream().allMatch(gateway -> weightInForce(gateway) == 40.0));
        ServiceProcess restarted = gateways.get(0);
        await("the weights kept on disk").atMost(Duration.ofSeconds(10)).until(() -> {
            Path file = Stack.rolloutWeightsFile(restarted);
            return Files.isRegularFile(file) && Files.readString(file).contains("\"weight\":40.0");
        });
        List<String> onTheCanary = usersServedBy(restarted, "r2");
        assertThat(onTheCanary).as("users the gateway sends to the canary at 40 %").hasSizeGreaterThan(10);

        configServer.stopGracefully(Duration.ofSeconds(60));
        restarted.stopGracefully(Duration.ofSeconds(60));
        ServiceProcess again = stack.track(restarted.restart()).awaitHealthy(START_TIMEOUT);
        gateways.set(0, again);

        assertThat(weightInForce(again)).as("weight in force after a restart without the controller").isEqualTo(40.0);
        assertThat(usersServedBy(again, "r2")).as("the canary's users, while the controller is down")
                .containsExactlyInAnyOrderElementsOf(onTheCanary);
        assertThat(configServer.isAlive()).isFalse();

        configServer = stack.track(configServer.restart()).awaitHealthy(START_TIMEOUT);
        try (Users users = Users.start(gateways)) {
            await("rollout completed").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> status().contains("\"phase\":\"COMPLETED\""));
            assertThat(status()).contains("\"kind\":\"completed\",\"fromWeight\":40.0,\"toWeight\":100.0");
            assertThat(users.movedBackToStable()).as("users moved from the canary back to stable; what they were "
                    + "served: %s", users.historyOfMoved()).isEmpty();
            await("100 % on every gateway").atMost(Duration.ofSeconds(20))
                    .until(() -> gateways.stream().allMatch(gateway -> weightInForce(gateway) == 100.0));
        }
    }

    /** Which of 100 users the gateway sends to {@code version}: one request each. */
    private static List<String> usersServedBy(ServiceProcess gateway, String version) {
        List<String> served = new ArrayList<>();
        for (int n = 0; n < 100; n++) {
            String user = "restart-user-" + n;
            Http.Response response = Http.send(Http.request(gateway.url("/rollout")).header("X-Session-Id", user)
                    .GET());
            assertThat(response.status()).as("answer to %s: %s", user, response.body()).isEqualTo(200);
            Matcher m = VERSION.matcher(response.body());
            if (m.find() && m.group(1).equals(version)) {
                served.add(user);
            }
        }
        return served;
    }

    private static void commitRoute(double weight, String steps) {
        String route = """
                            - id: rollout
                              uri: lb://sample-backend
                              predicates:
                                - Path=/rollout
                              filters:
                                - SetPath=/id
                                - name: Canary
                                  args:
                                    stable: r1
                                    canary: r2
                                    weight: %s
                                    key: header:X-Session-Id
                                    rollout:
                                      steps: %s
                                      step-after: 3s
                                      min-requests: 60
                                      slo:
                                        error-rate: { max-increase: 1%% }
                                        p99-latency: { max-ratio: 2 }
                              metadata:
                                access: public
                """.formatted(weight, steps);
        String commit = repo.commit(GATEWAY_FILE, ORIGINAL.stripTrailing() + "\n" + route, "Rollout " + steps);
        await("gateways run " + commit).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> gateways.stream().allMatch(gateway -> Http.send("GET",
                        gateway.managementUrl("/actuator/configrevision"), null, Stack.OPERATOR,
                        Stack.OPERATOR_PASSWORD).body().contains("\"commit\":\"" + commit)));
    }

    private static String status() {
        return Http.send("GET", configServer.url("/rollouts"), null, "config", Stack.CONFIG_PASSWORD).body();
    }

    private static double weightInForce(ServiceProcess gateway) {
        String body = Http.send("GET", gateway.managementUrl("/actuator/canary"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD).body();
        Matcher m = Pattern.compile("\"route\":\"rollout\"[^}]*?\"weightInForce\":([0-9.]+)").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static int faults(ServiceProcess backend, double errorShare) {
        return Http.send("PUT", backend.url("/monitor/faults"), "{\"errorShare\":" + errorShare + "}",
                Stack.OPERATOR, Stack.OPERATOR_PASSWORD).status();
    }

    /** 200 users calling both gateways round-robin, each remembering the versions that served it, in order. */
    private static final class Users implements AutoCloseable {

        private static final int USERS = 200;

        private final AtomicBoolean running = new AtomicBoolean(true);

        private final AtomicLong answered = new AtomicLong();

        private final Map<String, List<String>> served = new ConcurrentHashMap<>();

        /** Every answer of every user: gateway, version, time since the start; to tell what moved a user. */
        private final Map<String, List<String>> history = new ConcurrentHashMap<>();

        private final long started = System.nanoTime();

        private final Map<String, AtomicLong> byVersion = new ConcurrentHashMap<>();

        private final List<String> failures = new CopyOnWriteArrayList<>();

        private final ExecutorService threads = Executors.newFixedThreadPool(4);

        static Users start(List<ServiceProcess> gateways) {
            Users users = new Users();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                users.threads.submit(() -> {
                    long n = thread;
                    while (users.running.get()) {
                        String user = "user-" + (n % USERS);
                        ServiceProcess gateway = gateways.get((int) ((n / USERS) % gateways.size()));
                        users.call(gateway, user);
                        n += 4;
                    }
                });
            }
            return users;
        }

        private void call(ServiceProcess gateway, String user) {
            Http.Response response = Http.send(Http.request(gateway.url("/rollout")).header("X-Session-Id", user)
                    .GET());
            Matcher m = VERSION.matcher(response.body());
            if (response.status() == 200 && m.find()) {
                String version = m.group(1);
                List<String> versions = served.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>());
                if (versions.isEmpty() || !versions.get(versions.size() - 1).equals(version)) {
                    versions.add(version);
                }
                history.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>()).add(gateway.name() + " "
                        + version + " +" + (System.nanoTime() - started) / 1_000_000 + " ms");
                byVersion.computeIfAbsent(version, v -> new AtomicLong()).incrementAndGet();
            }
            else if (response.status() != 500) { // 500s are the fault switch's, on purpose
                failures.add(gateway.name() + " " + user + " -> " + response.status() + " " + response.body());
            }
            answered.incrementAndGet();
        }

        /** Waits for {@code requests} more answers, so what follows has seen traffic. */
        void awaitMore(long requests) {
            long target = answered.get() + requests;
            await(requests + " more requests").atMost(Duration.ofSeconds(60)).until(() -> answered.get() >= target);
        }

        long answeredBy(String version) {
            AtomicLong count = byVersion.get(version);
            return count == null ? 0 : count.get();
        }

        /** Users served by the canary and later by stable (a rollback aside, never while a rollout advances). */
        List<String> movedBackToStable() {
            return served.entrySet().stream().filter(e -> String.join(",", e.getValue()).contains("r2,r1"))
                    .map(Map.Entry::getKey).toList();
        }

        /** What the first users moved back to stable were served, answer by answer. */
        Map<String, List<String>> historyOfMoved() {
            Map<String, List<String>> moved = new java.util.TreeMap<>();
            movedBackToStable().stream().limit(5).forEach(user -> moved.put(user, history.get(user)));
            return moved;
        }

        List<String> failures() {
            return failures;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
