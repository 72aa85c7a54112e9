package io.edgeway.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.testsupport.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One user's session across scaled-out backends: three sample-backend instances under the redis-session profile,
 * sharing one real redis-server, behind a real gateway whose power-of-two-choices balancer spreads the user's
 * requests over them. The session cookie passes the gateway both ways, every instance continues the same counter,
 * and when an instance is killed mid-session the others carry on with it.
 *
 * <p>The shared stack's own backends keep their sessions in memory, so this fleet has a registry of its own: a
 * Eureka server, the three instances and a gateway registered with it, taking their config from the stack's config
 * server.
 */
class SessionSharingIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Stack stack = Stack.shared();

    private static RedisServer redis;

    private static ServiceProcess discovery;

    private static final List<ServiceProcess> backends = new ArrayList<>();

    private static ServiceProcess gateway;

    private static String token;

    @BeforeAll
    static void fleet() {
        redis = new RedisServer(Stack.logDir());
        discovery = stack.track(ServiceProcess.start("discovery-server", "discovery-server-sessions",
                ServiceProcess.freePort(), Stack.discoveryEnv(), List.of()));
        discovery.awaitHealthy(START_TIMEOUT);
        Map<String, String> ownRegistry = Map.of("EUREKA_URL", Stack.eurekaUrl(discovery));
        Map<String, String> backendEnv = new HashMap<>(ownRegistry);
        backendEnv.put("SPRING_PROFILES_ACTIVE", "redis-session");
        backendEnv.put("REDIS_URL", redis.url());
        for (int i = 1; i <= 3; i++) {
            backends.add(stack.startBackend("v1", backendEnv, List.of()));
        }
        gateway = stack.startGateway("edge-gateway-sessions", stack.configServer(), ownRegistry);
        backends.forEach(b -> b.awaitHealthy(START_TIMEOUT));
        gateway.awaitHealthy(START_TIMEOUT);
        token = stack.tokens().mint("alice", "api");
        // Discovery lags on a loaded machine: wait until the gateway balances over all three (GET starts no session).
        Set<String> seen = new HashSet<>();
        await("the gateway routes /session to all three instances").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    Answer answer = call("GET", "/session", null);
                    if (answer.status() == 200) {
                        seen.add(answer.instanceId());
                    }
                    return seen.size() == 3;
                });
    }

    @AfterAll
    static void stopFleet() {
        if (gateway != null) {
            gateway.close();
        }
        backends.parallelStream().forEach(ServiceProcess::close);
        if (discovery != null) {
            discovery.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void oneSessionFollowsTheUserAcrossInstancesAndSurvivesAKilledInstance() {
        Answer first = call("POST", "/session", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.store()).isEqualTo("redis");
        assertThat(first.count()).isEqualTo(1);
        String cookie = first.cookie();
        assertThat(cookie).as("the backend's session cookie, through the gateway").startsWith("SESSION=");

        long count = 1;
        Set<String> servers = new HashSet<>(Set.of(first.instanceId()));
        for (int i = 0; i < 30; i++) {
            Answer next = call("POST", "/session", cookie);
            assertThat(next.status()).as("POST %d", i).isEqualTo(200);
            assertThat(next.count()).as("the same counter, whoever serves it").isEqualTo(++count);
            assertThat(next.setCookie()).as("the same session: no new cookie").isEmpty();
            servers.add(next.instanceId());
        }
        assertThat(servers).as("instances that served the one session").hasSizeGreaterThanOrEqualTo(2);

        ServiceProcess doomed = backends.stream().filter(b -> servers.stream().anyMatch(id -> servedBy(id, b)))
                .findFirst().orElseThrow();
        doomed.kill();

        // A GET that the balancer sends to the dead instance is retried on another.
        Answer afterKill = call("GET", "/session", cookie);
        assertThat(afterKill.status()).isEqualTo(200);
        assertThat(afterKill.count()).as("the session outlived the instance").isEqualTo(count);
        assertThat(servedBy(afterKill.instanceId(), doomed)).as("served by a survivor").isFalse();

        Set<String> servedAfterKill = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            // A POST is never retried: until the gateway drops the dead instance (seconds), one sent there fails
            // before reaching any backend, so the counter did not move and the user sends it again.
            Answer next = postUntilAnswered(cookie);
            assertThat(next.count()).as("the same counter after the kill").isEqualTo(++count);
            servedAfterKill.add(next.instanceId());
        }
        assertThat(servedAfterKill).as("both surviving instances continued the session").hasSize(2)
                .noneMatch(id -> servedBy(id, doomed));
    }

    private static Answer postUntilAnswered(String cookie) {
        AtomicReference<Answer> answered = new AtomicReference<>();
        await("a POST answered by a surviving instance").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    Answer answer = call("POST", "/session", cookie);
                    answered.set(answer);
                    return answer.status() == 200;
                });
        return answered.get();
    }

    /** Whether {@code instanceId} is this backend's: Spring Cloud's default id ends with the instance's port. */
    private static boolean servedBy(String instanceId, ServiceProcess backend) {
        return instanceId.endsWith(":" + backend.port());
    }

    private record Answer(int status, JsonNode body, Optional<String> setCookie) {

        long count() {
            return body.path("count").asLong();
        }

        String instanceId() {
            return body.path("instanceId").asString();
        }

        String store() {
            return body.path("store").asString();
        }

        String cookie() {
            return setCookie.map(c -> c.split(";", 2)[0]).orElseThrow(() -> new AssertionError("no Set-Cookie"));
        }
    }

    /** One request of the user through the gateway, with the token and, once there is one, the session cookie. */
    private static Answer call(String method, String path, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path)))
                .timeout(Duration.ofSeconds(15)).method(method, HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + token);
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
            return new Answer(response.statusCode(), body, response.headers().firstValue("Set-Cookie"));
        }
        catch (IOException ex) {
            return new Answer(-1, JSON.createObjectNode(), Optional.empty());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
