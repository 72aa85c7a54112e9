package io.edgeway.gateway.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import io.edgeway.demotokens.DemoKeys;
import io.edgeway.demotokens.DemoTokenIssuer;
import io.edgeway.gateway.canary.CanarySplit;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code ./run.sh} does: the demo issuer's key directory handed to the gateway through
 * {@code EDGEWAY_JWT_PUBLIC_KEYS}, every other setting as config-repo/edge-gateway.yml has it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false" })
class DemoTokenIntegrationTest {

    private static final RecordingBackend backend = RecordingBackend.start("backend-v1");

    private static final RecordingBackend canary = RecordingBackend.start("backend-v2");

    private static final Path keyDir = tempDir();

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("sample-backend",
                Map.of(backend, Map.of("version", "v1"), canary, Map.of("version", "v2")))
                .forEach((k, v) -> registry.add(k, () -> v));
        registry.add("EDGEWAY_JWT_PUBLIC_KEYS", () -> "file:" + keyDir.resolve(DemoKeys.PUBLIC_KEY));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
        canary.close();
    }

    @Test
    void demoTokenWithScopeApiOpensTheDemoApi() throws Exception {
        String token = mint("--sub", "alice", "--scope", "api");

        client().get().uri("/api/id").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();

        List<RecordingBackend.Received> received = new ArrayList<>(backend.received());
        received.addAll(canary.received());
        assertThat(received).anySatisfy(r -> assertThat(r.header("X-Auth-Subject")).isEqualTo("alice"));
    }

    @Test
    void demoApiKeepsEachTokenSubjectOnOneVersion() throws Exception {
        Map<String, Set<String>> instancesPerUser = new HashMap<>();
        for (int user = 0; user < 40; user++) {
            String token = mint("--sub", "user-" + user, "--scope", "api");
            for (int i = 0; i < 3; i++) {
                String body = client().get().uri("/api/id").headers(h -> h.setBearerAuth(token)).exchange()
                        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
                instancesPerUser.computeIfAbsent("user-" + user, k -> new HashSet<>()).add(body);
            }
        }

        assertThat(instancesPerUser.values()).allSatisfy(instances -> assertThat(instances).hasSize(1));
    }

    @Test
    void demoApiLetsTestersWithScopeCanaryForceTheCanary() throws Exception {
        String token = mint("--sub", "tester", "--scope", "api canary");

        client().get().uri("/api/id").headers(h -> h.setBearerAuth(token)).header("X-Canary-Version", "v2").exchange()
                .expectStatus().isOk().expectBody(String.class).value(body -> assertThat(body).contains("backend-v2"));
    }

    @Test
    void demoApiIgnoresTheCanaryOverrideOfCallersWithoutScopeCanary() throws Exception {
        // Users the 10 % split keeps on v1, each asking for v2.
        List<String> stableUsers = IntStream.range(0, 200).mapToObj(i -> "user-" + i)
                .filter(user -> new CanarySplit("v1", "v2", 10, "api").versionFor(user).equals("v1")).limit(10).toList();
        backend.reset();
        for (String user : stableUsers) {
            String token = mint("--sub", user, "--scope", "api");
            client().get().uri("/api/id").headers(h -> h.setBearerAuth(token)).header("X-Canary-Version", "v2")
                    .exchange().expectStatus().isOk().expectBody(String.class)
                    .value(body -> assertThat(body).contains("backend-v1"));
        }
        assertThat(backend.received()).hasSize(stableUsers.size())
                .allSatisfy(r -> assertThat(r.header("X-Canary-Version")).isNull());
    }

    @Test
    void demoTokenWithoutScopeApiIsForbidden() throws Exception {
        String token = mint("--sub", "bob", "--scope", "read");

        client().get().uri("/api/id").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isForbidden();
    }

    private static String mint(String... options) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        String[] args = new String[options.length + 1];
        args[0] = keyDir.toString();
        System.arraycopy(options, 0, args, 1, options.length);
        DemoTokenIssuer.run(args, new java.io.PrintStream(out, true), System.err);
        return out.toString().trim();
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("edgeway-demo-jwt");
            DemoKeys.in(dir);
            return dir;
        }
        catch (IOException | java.security.GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port).build();
    }
}
