package io.edgeway.gateway.canary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Canary route through the real gateway to two real backends (v1, v2), its config in a file that the test
 * rewrites and the gateway re-reads on {@code POST /actuator/refresh}, as with the config server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=optional:file:" + CanaryIntegrationTest.ROUTES,
        // The refreshed environment keeps these, so it re-reads the same routes file.
        "spring.cloud.refresh.additional-property-sources-to-retain=Inlined Test Properties",
        "spring.cloud.config.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false",
        "eureka.client.enabled=false", "spring.cloud.loadbalancer.cache.enabled=false",
        "management.endpoints.web.exposure.include=refresh,canary,metrics",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret" })
class CanaryIntegrationTest {

    static final String ROUTES = "target/canary-it/routes.yml";

    private static final int USERS = 600;

    private static final RecordingBackend v1 = RecordingBackend.start("v1-a");

    private static final RecordingBackend v2 = RecordingBackend.start("v2-a");

    static {
        writeRoutes(10, true);
    }

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    private WebTestClient client;

    private WebTestClient operator;

    @DynamicPropertySource
    static void catalogInstances(DynamicPropertyRegistry registry) {
        Map<RecordingBackend, Map<String, String>> instances = new LinkedHashMap<>();
        instances.put(v1, Map.of("version", "v1"));
        instances.put(v2, Map.of("version", "v2"));
        RecordingBackend.simpleDiscovery("catalog", instances).forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stopBackends() {
        v1.close();
        v2.close();
    }

    @Test
    void splitIsWithinStatisticalBoundsAndStickyPerUser() {
        applyWeight(10);
        Map<String, String> first = versionsOfUsers();

        assertThat(canaryShare(first)).isCloseTo(0.10, fourSigma(0.10));
        Map<String, String> again = versionsOfUsers();
        assertThat(first.keySet().stream().filter(user -> !first.get(user).equals(again.get(user))))
                .as("users whose version changed").isEmpty();
    }

    @Test
    void raisingTheWeightOnRefreshOnlyAddsUsersToTheCanary() {
        applyWeight(10);
        Map<String, String> atTen = versionsOfUsers();

        applyWeight(30);
        Map<String, String> atThirty = versionsOfUsers();

        assertThat(atTen.keySet().stream().filter(user -> atTen.get(user).equals("v2"))
                .filter(user -> !atThirty.get(user).equals("v2"))).as("canary users moved back to stable").isEmpty();
        assertThat(canaryShare(atThirty)).isCloseTo(0.30, fourSigma(0.30));
    }

    @Test
    void actuatorAndMetricsShowConfiguredAndObservedSplit() {
        applyWeight(25);
        versionsOfUsers();

        operator().get().uri("/actuator/canary").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.routes[0].route").isEqualTo("shop")
                .jsonPath("$.routes[0].configuredWeight").isEqualTo(25.0)
                .jsonPath("$.routes[0].observedWeight").value(Double.class,
                        share -> assertThat(share / 100).isCloseTo(0.25, fourSigma(0.25)));
        operator().get().uri("/actuator/metrics/edgeway.canary.weight.configured?tag=route:shop").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value").isEqualTo(25.0);
        operator().get().uri("/actuator/metrics/edgeway.canary.requests?tag=route:shop&tag=served:v2").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value")
                .value(Double.class, count -> assertThat(count).isPositive());
    }

    @Test
    void overrideHeaderOfACallerWithoutTheOverrideScopeIsIgnoredAndRemoved() {
        applyWeight(0);
        v1.reset();

        List<String> versions = IntStream.range(0, 20).mapToObj(i -> client().get().uri("/shop/items")
                .header("X-Session-Id", "tester").header("X-Canary", "v2").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).map(CanaryIntegrationTest::version).toList();

        assertThat(versions).containsOnly("v1");
        assertThat(v1.received()).allSatisfy(r -> assertThat(r.header("X-Canary")).isNull());
    }

    @Test
    void removingTheCanaryRuleLeavesNoGhostWeight() {
        applyWeight(0);
        writeRoutes(0, false);
        refresh();
        await("canary rule gone").atMost(Duration.ofSeconds(10)).untilAsserted(() -> operator().get()
                .uri("/actuator/canary").exchange().expectBody().jsonPath("$.routes").isEmpty());

        Map<String, String> versions = versionsOfUsers();

        // Balanced over both instances again (one request at a time, so a random pick): about half on each.
        assertThat(canaryShare(versions)).isCloseTo(0.5, fourSigma(0.5));
        operator().get().uri("/actuator/metrics/edgeway.canary.weight.configured").exchange().expectStatus()
                .isNotFound();
    }

    /** The version that served each of {@value #USERS} users (one request each). */
    private Map<String, String> versionsOfUsers() {
        Map<String, String> versions = new HashMap<>();
        for (int i = 0; i < USERS; i++) {
            String user = "user-" + i;
            String body = client().get().uri("/shop/items").header("X-Session-Id", user).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            versions.put(user, version(body));
        }
        return versions;
    }

    private static double canaryShare(Map<String, String> versions) {
        return versions.values().stream().filter("v2"::equals).count() / (double) versions.size();
    }

    private static String version(String body) {
        return body.contains("\"instance\":\"v2-a\"") ? "v2" : body.contains("\"instance\":\"v1-a\"") ? "v1" : body;
    }

    private void applyWeight(double weight) {
        writeRoutes(weight, true);
        refresh();
        await("weight " + weight + " applied").atMost(Duration.ofSeconds(10)).untilAsserted(() -> operator().get()
                .uri("/actuator/canary").exchange().expectBody().jsonPath("$.routes[0].configuredWeight")
                .isEqualTo(weight));
    }

    private void refresh() {
        operator().post().uri("/actuator/refresh").exchange().expectStatus().isOk();
    }

    private static void writeRoutes(double weight, boolean canary) {
        String filter = canary ? """
                    filters:
                      - name: Canary
                        args:
                          stable: v1
                          canary: v2
                          weight: %s
                          key: header:X-Session-Id
                          override-header: X-Canary
                """.formatted(weight) : "";
        String yaml = """
                spring.cloud.gateway.server.webflux.routes:
                  - id: shop
                    uri: lb://catalog
                    predicates:
                      - Path=/shop/**
                    metadata:
                      access: public
                """ + filter;
        try {
            Path file = Path.of(ROUTES);
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static org.assertj.core.data.Offset<Double> fourSigma(double p) {
        return org.assertj.core.data.Offset.offset(4 * Math.sqrt(p * (1 - p) / USERS));
    }

    private WebTestClient client() {
        if (client == null) {
            client = WebTestClient.bindToServer().filter(ConsumedBodies.filter())
                    .baseUrl("http://127.0.0.1:" + port).build();
        }
        return client;
    }

    private WebTestClient operator() {
        if (operator == null) {
            operator = WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + managementPort)
                    .defaultHeaders(h -> h.setBasicAuth("operator", "test-secret")).build();
        }
        return operator;
    }
}
