package io.edgeway.e2e;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo API of config-repo/edge-gateway.yml through the packaged gateway, config server and Eureka: bearer
 * tokens from the demo issuer, and the canary split between the stack's v1 and v2 instances.
 */
class GatewayPolicyIT {

    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"");

    private final Stack stack = Stack.shared();

    @Test
    void demoApiNeedsATokenWithScopeApi() {
        assertThat(get("/api/id", null, null).status()).isEqualTo(401);
        assertThat(get("/api/id", stack.tokens().mint("bob", "read"), null).status()).isEqualTo(403);

        Http.Response ok = get("/api/id", stack.tokens().mint("alice", "api"), null);

        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"instanceId\"");
    }

    /**
     * The api route sends 10 % of users to v2 (config-repo/edge-gateway.yml): by the hash of these 200 subjects, 21
     * of them. A split that sends nobody to v2, or half of them, or a user now here and now there, fails.
     */
    @Test
    void aTenthOfTheUsersGoToTheCanaryAndEachStaysOnItsVersion() {
        int users = 200;
        Map<String, Set<String>> versionsPerUser = new HashMap<>();
        for (int user = 0; user < users; user++) {
            String token = stack.tokens().mint("user-" + user, "api");
            for (int i = 0; i < 2; i++) {
                Http.Response response = get("/api/id", token, null);
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                versionsPerUser.computeIfAbsent("user-" + user, k -> new HashSet<>()).add(version(response));
            }
        }

        assertThat(versionsPerUser.values()).allSatisfy(versions -> assertThat(versions).hasSize(1));
        Map<String, Long> usersPerVersion = versionsPerUser.values().stream()
                .collect(Collectors.groupingBy(versions -> versions.iterator().next(), Collectors.counting()));
        assertThat(usersPerVersion).containsOnlyKeys("v1", "v2");
        assertThat(usersPerVersion.get("v2")).as("users on v2, of %d", users).isBetween(10L, 30L);
        assertThat(usersPerVersion.get("v1")).isEqualTo(users - usersPerVersion.get("v2"));
    }

    @Test
    void testersWithScopeCanaryForceAVersionWithTheOverrideHeader() {
        String token = stack.tokens().mint("tester", "api canary");

        for (int i = 0; i < 5; i++) {
            assertThat(version(get("/api/id", token, "v2"))).isEqualTo("v2");
            assertThat(version(get("/api/id", token, "v1"))).isEqualTo("v1");
        }
    }

    private Http.Response get(String path, String token, String version) {
        var request = Http.request(stack.gateway().url(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (version != null) {
            request.header("X-Canary-Version", version);
        }
        return Http.send(request);
    }

    private static String version(Http.Response response) {
        Matcher matcher = VERSION.matcher(response.body());
        return matcher.find() ? matcher.group(1) : "no version in " + response.status() + " " + response.body();
    }
}
