package io.edgeway.e2e;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.edgeway.e2e.support.DeviceEmulators;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling deploy of three sample-backend instances through the adapter's deploy waits (docs/rolling-deploy.md),
 * as a pipeline runs it: drain, stop by PID, start the new build, wait until it is ready; under GET and POST load
 * through the gateway, with the emulated F5 pool and the adapter's audit log watched.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollingDeployIT {

    private static final Duration START = Duration.ofMinutes(3);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String F5_USER = "edgeway";

    private static final String F5_PASSWORD = "demo-f5-secret";

    /** An enabled member's session; the pool is monitored, so the emulator shows it as F5 does. */
    private static final List<String> ENABLED = List.of("user-enabled", "monitor-enabled");

    private static final Stack stack = Stack.shared();

    private static DeviceEmulators devices;

    private static ServiceProcess adapter;

    private static final List<ServiceProcess> rolled = new ArrayList<>();

    @BeforeAll
    static void startAdapterAndThreeInstances() {
        devices = new DeviceEmulators();
        Map<String, String> adapterEnv = new HashMap<>(stack.clientEnv());
        // The emulators accept only their demo logins, which the adapter takes under the demo profile alone.
        adapterEnv.put("SPRING_PROFILES_INCLUDE", "demo");
        adapterEnv.put("LB_F5_URL", devices.f5Url());
        adapterEnv.put("LB_NETSCALER_URL", devices.nitroUrl());
        adapterEnv.put("LB_ADAPTER_DB_URL", "jdbc:h2:mem:rolling-deploy;DB_CLOSE_DELAY=-1");
        adapter = stack.track(ServiceProcess.start("lb-adapter-service", "lb-adapter-service",
                ServiceProcess.freePort(), adapterEnv, Stack.clientArgs()));
        for (int i = 0; i < 3; i++) {
            rolled.add(stack.startBackend("v1", List.of()));
        }
        adapter.awaitHealthy(START);
        rolled.forEach(b -> b.awaitHealthy(START));
        for (ServiceProcess backend : rolled) {
            await("member " + backend.port() + " enabled in the F5 pool").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> enabled(f5Session(backend.port())));
            await("the gateway sends to " + backend.port()).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> Http.get(stack.gateway().url("/hello/id")).body().contains(":" + backend.port() + "\""));
        }
    }

    @AfterAll
    static void stop() {
        rolled.forEach(ServiceProcess::close);
        if (adapter != null) {
            adapter.close();
        }
        if (devices != null) {
            devices.close();
        }
    }

    @Test
    @Order(1)
    void rollsThreeInstancesUnderGetAndPostLoadWithoutAFailedRequest() throws Exception {
        List<Long> oldPids = rolled.stream().map(ServiceProcess::pid).toList();
        Map<Integer, Instant> stoppedAt = new HashMap<>();
        Map<Integer, Instant> startedAt = new HashMap<>();
        Map<Integer, Instant> readyAt = new HashMap<>();
        try (Traffic gets = Traffic.start(2, "GET", stack.gateway().url("/hello/id"));
                Traffic posts = Traffic.start(2, "POST", stack.gateway().url("/hello/id"))) {
            for (int i = 0; i < rolled.size(); i++) {
                ServiceProcess old = rolled.get(i);
                int port = old.port();

                Http.Response drain = deploy("drain", "{\"application\":\"sample-backend\",\"host\":\"127.0.0.1\","
                        + "\"port\":" + port + ",\"timeoutSeconds\":120}");
                assertThat(drain.status()).as(drain.body()).isEqualTo(200);
                assertThat(JSON.readTree(drain.body()).path("outcome").asString()).isEqualTo("DRAINED");
                assertThat(f5Session(port)).as("the F5 member of %d before its instance stops", port)
                        .isEqualTo("user-disabled");

                stoppedAt.put(port, Instant.now());
                old.stopGracefully(Duration.ofSeconds(60));
                startedAt.put(port, Instant.now());
                ServiceProcess replacement = stack.track(old.restart());
                rolled.set(i, replacement);

                Http.Response ready = deploy("ready", "{\"application\":\"sample-backend\",\"host\":\"127.0.0.1\","
                        + "\"port\":" + port + ",\"timeoutSeconds\":240,\"probePath\":\"/hello/id\"}");
                assertThat(ready.status()).as(ready.body()).isEqualTo(200);
                readyAt.put(port, Instant.now());
                assertThat(f5Session(port)).as("the F5 member of %d once its replacement is ready", port)
                        .isIn(ENABLED);
            }
            long answeredBefore = gets.answered() + posts.answered();
            await("traffic goes on after the deploy").atMost(Duration.ofSeconds(30))
                    .until(() -> gets.answered() + posts.answered() > answeredBefore + 20);
            for (ServiceProcess replacement : rolled) {
                long before = gets.answeredBy(replacement.port()) + posts.answeredBy(replacement.port());
                await("the load reaches " + replacement).atMost(Duration.ofSeconds(30)).until(
                        () -> gets.answeredBy(replacement.port()) + posts.answeredBy(replacement.port()) > before);
            }
            gets.close();
            posts.close();
            assertThat(gets.failures()).as("failed GETs").isEmpty();
            assertThat(posts.failures()).as("failed POSTs").isEmpty();
            assertThat(gets.answered()).isPositive();
            assertThat(posts.answered()).isPositive();
        }

        List<Long> newPids = rolled.stream().map(ServiceProcess::pid).toList();
        assertThat(newPids).doesNotContainAnyElementsOf(oldPids);
        assertThat(oldPids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));

        JsonNode audit = JSON.readTree(Http.send("GET", adapter.url("/api/audit?limit=500"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD).body()).path("entries");
        for (ServiceProcess replacement : rolled) {
            int port = replacement.port();
            String member = "127.0.0.1:" + port;
            Optional<Instant> drained = auditTime(audit, member, "DRAIN", true);
            Optional<Instant> back = auditTime(audit, member, "ADD", false)
                    .or(() -> auditTime(audit, member, "ENABLE", false));
            assertThat(drained).as("the audit's drain of %s", member).isPresent();
            assertThat(drained.get()).as("drained before the instance stopped").isBefore(stoppedAt.get(port));
            assertThat(back).as("the audit's re-add of %s", member).isPresent();
            assertThat(back.get()).as("re-added after the replacement started").isAfter(startedAt.get(port))
                    .isBefore(readyAt.get(port));
        }
    }

    @Test
    @Order(2)
    void readyWaitTimesOutWhenTheNewBuildDoesNotComeUpAndTheOthersStayInService() throws Exception {
        ServiceProcess old = rolled.get(0);
        int port = old.port();
        Http.Response drain = deploy("drain", "{\"application\":\"sample-backend\",\"host\":\"127.0.0.1\",\"port\":"
                + port + ",\"timeoutSeconds\":120}");
        assertThat(drain.status()).as(drain.body()).isEqualTo(200);
        old.stopGracefully(Duration.ofSeconds(60));

        // The new build never starts (a jar that fails at once): nothing listens on the port.
        Http.Response ready = deploy("ready", "{\"application\":\"sample-backend\",\"host\":\"127.0.0.1\",\"port\":"
                + port + ",\"timeoutSeconds\":5,\"probePath\":\"/hello/id\"}");

        assertThat(ready.status()).isEqualTo(504);
        assertThat(JSON.readTree(ready.body()).path("error").asString()).contains("127.0.0.1:" + port + " is not UP");
        for (ServiceProcess other : rolled.subList(1, rolled.size())) {
            assertThat(other.isAlive()).isTrue();
            assertThat(f5Session(other.port())).isIn(ENABLED);
            assertThat(stack.eureka().instanceOnPort("sample-backend", other.port()).map(i -> i.status()))
                    .contains("UP");
        }
        rolled.set(0, stack.track(old.restart()).awaitHealthy(START));
    }

    @Test
    @Order(3)
    void deployCallsNeedTheOperatorAndAWellFormedBody() {
        String body = "{\"application\":\"sample-backend\",\"host\":\"127.0.0.1\",\"port\":1}";
        assertThat(Http.send("POST", adapter.url("/api/deploy/drain"), body, null, null).status()).isEqualTo(401);
        assertThat(Http.send("POST", adapter.url("/api/deploy/drain"), "{\"application\":\"sample backend!\"}",
                Stack.OPERATOR, Stack.OPERATOR_PASSWORD).status()).isEqualTo(400);
        Http.Response unknown = Http.send("POST", adapter.url("/api/deploy/drain"), body, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("no UP instance");
    }

    private static Http.Response deploy(String step, String body) {
        HttpRequest.Builder request = Http.request(adapter.url("/api/deploy/" + step)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .header("Authorization", Http.basic(Stack.OPERATOR, Stack.OPERATOR_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return Http.send(request);
    }

    /** The F5 pool member's session ({@code monitor-enabled}, {@code user-disabled}), or null when it is no member. */
    private static String f5Session(int port) throws Exception {
        Http.Response members = Http.send("GET", devices.f5Url() + "/mgmt/tm/ltm/pool/~Common~sample-backend/members",
                null, F5_USER, F5_PASSWORD);
        for (JsonNode member : JSON.readTree(members.body()).path("items")) {
            if (member.path("name").asString().equals("127.0.0.1:" + port)) {
                return member.path("session").asString();
            }
        }
        return null;
    }

    private static boolean enabled(String session) {
        return session != null && ENABLED.contains(session);
    }

    /** The newest (or oldest) successful audit entry of this action on this member, when it was written. */
    private static Optional<Instant> auditTime(JsonNode entries, String member, String action, boolean oldest) {
        Optional<Instant> found = Optional.empty();
        for (JsonNode entry : entries) {
            if (entry.path("member").asString().equals(member) && entry.path("action").asString().equals(action)
                    && entry.path("outcome").asString().equals("OK")) {
                Instant at = Instant.parse(entry.path("at").asString());
                if (found.isEmpty() || (oldest ? at.isBefore(found.get()) : at.isAfter(found.get()))) {
                    found = Optional.of(at);
                }
            }
        }
        return found;
    }
}
