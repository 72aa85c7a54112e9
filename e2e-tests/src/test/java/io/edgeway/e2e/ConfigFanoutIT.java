package io.edgeway.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static io.edgeway.e2e.support.GatewayRoutes.withRoute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fleet path: a config server fans validated commits out over a real Redis to three gateways that listen to
 * nothing else; and when Redis is down, a gateway that also holds the direct stream still gets every commit. A hash
 * anyone else publishes on the channel (a rejected commit, an unmerged branch) changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigFanoutIT {

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    private static final Stack stack = Stack.shared();

    private static final RedisServer redis = new RedisServer(Stack.logDir());

    private static ServiceProcess configServer;

    private static final List<ServiceProcess> redisOnly = new ArrayList<>();

    private static ServiceProcess bothPaths;

    private static String original;

    @BeforeAll
    static void fleet() {
        original = stack.configRepo().read(GATEWAY_FILE);
        Map<String, String> env = new HashMap<>(Map.of("CONFIG_GIT_URI", stack.configRepo().uri(),
                "CONFIG_GIT_SEARCH_PATHS", "", "CONFIG_SERVER_PASSWORD", Stack.CONFIG_PASSWORD, "REDIS_FANOUT", "true",
                "REDIS_URL", redis.url()));
        configServer = stack.track(ServiceProcess.start("config-server", "config-server-fanout",
                ServiceProcess.freePort(), env, List.of())).awaitHealthy(Duration.ofMinutes(3));
        for (int i = 0; i < 3; i++) {
            redisOnly.add(startGateway(List.of("--edgeway.gateway.config-push.stream=false",
                    "--edgeway.gateway.config-push.check-interval=10m")));
        }
        bothPaths = startGateway(List.of("--edgeway.gateway.config-push.check-interval=10m"));
        redisOnly.parallelStream().forEach(g -> g.awaitHealthy(Duration.ofMinutes(3)));
        bothPaths.awaitHealthy(Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopFleet() {
        stack.configRepo().commit(GATEWAY_FILE, original, "Restore the gateway config");
        redisOnly.parallelStream().forEach(ServiceProcess::close);
        bothPaths.close();
        configServer.close();
        redis.close();
    }

    @Test
    @Order(1)
    void commitReachesThreeGatewaysOverRedisAlone() {
        String commit = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "over-redis", "/over-redis"),
                "Fan out over Redis");

        await("three Redis-only gateways run it").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> redisOnly.stream().allMatch(g -> runs(g, commit)));
        // The route is there; the instances behind it come from Eureka, which may lag on a loaded machine.
        await("the new route answers").atMost(Duration.ofSeconds(30))
                .until(() -> redisOnly.stream().allMatch(g -> Http.get(g.url("/over-redis")).status() == 200));
    }

    @Test
    @Order(2)
    void directPathStillWorksWhenRedisIsDownAndTheFleetCatchesUpAfter() {
        redis.stop();
        String missed;
        try {
            missed = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "no-redis", "/no-redis"),
                    "Committed while Redis is down");

            await("the gateway holding the direct stream runs it").atMost(Duration.ofSeconds(30))
                    .until(() -> runs(bothPaths, missed));
            await("the new route answers").atMost(Duration.ofSeconds(30))
                    .until(() -> Http.get(bothPaths.url("/no-redis")).status() == 200);
            assertThat(redisOnly).noneMatch(g -> runs(g, missed));
            assertThat(Http.send("GET", configServer.managementUrl("/actuator/health"), null, null, null).body()).contains("UP");
        }
        finally {
            redis.start();
        }
        // Pub/sub kept nothing for them; the config server resends the published commit every 5 s.
        await("Redis-only gateways catch up on the commit they missed").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> redisOnly.stream().allMatch(g -> runs(g, missed)));

        String afterRecovery = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "redis-back", "/redis-back"),
                "Redis is back");
        await("a new commit reaches them over Redis again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> redisOnly.stream().allMatch(g -> runs(g, afterRecovery)));
    }

    /** Anyone who can PUBLISH on Redis names commits: the gateways only ever ask the config server what it publishes. */
    @Test
    @Order(3)
    void aPublishedHashOfARejectedCommitOrOfAnUnmergedBranchChangesNothing() throws IOException {
        String published = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "published", "/published"),
                "Published");
        await("every gateway runs it").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> allGateways().allMatch(g -> runs(g, published)));
        String unmerged = stack.configRepo().commitOnBranch("unmerged", GATEWAY_FILE,
                withRoute(original, "unmerged", "/unmerged"), "Never merged");
        String rejected = stack.configRepo().commit(GATEWAY_FILE, original + "\nbroken: [unclosed\n", "Rejected");
        await("the config server rejected it").atMost(Duration.ofSeconds(30)).until(() -> Http.send("GET",
                configServer.managementUrl("/actuator/configrevision"), null, "config", Stack.CONFIG_PASSWORD).body()
                .contains("\"latest\":{\"commit\":\"" + rejected));

        assertThat(publish(rejected)).as("subscribers").isEqualTo(4);
        assertThat(publish(unmerged)).as("subscribers").isEqualTo(4);

        // The next published commit comes over the same channel after them: once every gateway runs it, each has
        // heard both hints first.
        String next = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "after-hints", "/after-hints"),
                "Published after the hints");
        await("every gateway runs the next published commit").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> allGateways().allMatch(g -> runs(g, next)));
        allGateways().forEach(gateway -> {
            assertThat(gateway.logText()).as("%s never fetched, applied or refused them", gateway.name())
                    .doesNotContain(rejected).doesNotContain(unmerged);
            assertThat(Http.get(gateway.url("/unmerged")).status()).as("%s /unmerged", gateway.name()).isEqualTo(404);
        });
    }

    /** {@code PUBLISH} on the fan-out channel, as any Redis client may; returns how many subscribers got it. */
    private static long publish(String message) throws IOException {
        String channel = "edgeway:config-revisions";
        try (Socket socket = new Socket("127.0.0.1", URI.create(redis.url()).getPort())) {
            String command = "*3\r\n$7\r\nPUBLISH\r\n$" + channel.length() + "\r\n" + channel + "\r\n$"
                    + message.length() + "\r\n" + message + "\r\n";
            socket.getOutputStream().write(command.getBytes(StandardCharsets.US_ASCII));
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(reply).startsWith(":");
            return Long.parseLong(reply.substring(1));
        }
    }

    private static Stream<ServiceProcess> allGateways() {
        return Stream.concat(redisOnly.stream(), Stream.of(bothPaths));
    }

    private static ServiceProcess startGateway(List<String> extraArgs) {
        int port = ServiceProcess.freePort();
        Map<String, String> env = new HashMap<>(stack.clientEnv());
        env.put("CONFIG_SERVER_URL", configServer.url(""));
        env.put("REDIS_FANOUT", "true");
        env.put("REDIS_URL", redis.url());
        List<String> args = new ArrayList<>(Stack.clientArgs());
        args.add("--edgeway.gateway.config-push.cache-file=" + Stack.logDir().resolve("fanout-gateway-" + port + ".json"));
        args.addAll(extraArgs);
        return stack.track(ServiceProcess.start("edge-gateway", "edge-gateway-fanout", port, env, args));
    }

    private static boolean runs(ServiceProcess gateway, String commit) {
        return Http.send("GET", gateway.managementUrl("/actuator/configrevision"), null, Stack.OPERATOR, Stack.OPERATOR_PASSWORD)
                .body().contains("\"commit\":\"" + commit);
    }
}
