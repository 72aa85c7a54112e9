package io.edgeway.gateway.outlier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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

/**
 * Real backends behind the real gateway: an instance that answers 500 to everything, a dead port and an instance
 * that never answers are each ejected after three failures in a row, and the traffic goes on to the healthy ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "management.endpoints.web.exposure.include=metrics",
        "edgeway.gateway.outlier.consecutive-failures=3", "edgeway.gateway.outlier.base-ejection=1m",
        "spring.cloud.gateway.server.webflux.httpclient.connect-timeout=1000",
        "spring.cloud.gateway.server.webflux.routes[0].id=flaky",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://flaky",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/flaky/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[1].id=gone",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://gone",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/gone/**",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public",
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=500ms",
        "spring.cloud.gateway.server.webflux.routes[2].id=stuck",
        "spring.cloud.gateway.server.webflux.routes[2].uri=lb://stuck",
        "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/stuck/**",
        "spring.cloud.gateway.server.webflux.routes[2].metadata.access=public" })
class OutlierIntegrationTest {

    private static final RecordingBackend healthy = RecordingBackend.start("healthy");

    private static final RecordingBackend broken = RecordingBackend.start("broken");

    private static final RecordingBackend survivor = RecordingBackend.start("survivor");

    private static final RecordingBackend hanging = RecordingBackend.start("hanging");

    private static final RecordingBackend responsive = RecordingBackend.start("responsive");

    private static final int deadPort = freePort();

    static {
        broken.answer(request -> 500);
        hanging.hold();
    }

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Map<RecordingBackend, Map<String, String>> flaky = new LinkedHashMap<>();
        flaky.put(healthy, Map.of());
        flaky.put(broken, Map.of());
        RecordingBackend.simpleDiscovery("flaky", flaky).forEach((k, v) -> registry.add(k, () -> v));
        String gone = "spring.cloud.discovery.client.simple.instances.gone";
        registry.add(gone + "[0].uri", () -> "http://127.0.0.1:" + deadPort);
        registry.add(gone + "[0].instance-id", () -> "dead");
        registry.add(gone + "[1].uri", survivor::uri);
        registry.add(gone + "[1].instance-id", () -> "survivor");
        Map<RecordingBackend, Map<String, String>> stuck = new LinkedHashMap<>();
        stuck.put(responsive, Map.of());
        stuck.put(hanging, Map.of());
        RecordingBackend.simpleDiscovery("stuck", stuck).forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stopBackends() {
        healthy.close();
        broken.close();
        survivor.close();
        hanging.close();
        responsive.close();
    }

    @Test
    void instanceAnswering500IsEjectedAndTrafficGoesOnToTheHealthyOne() {
        List<Integer> statuses = IntStream.range(0, 40).mapToObj(i -> client().get().uri("/flaky/x").exchange()
                .returnResult(String.class).getStatus().value()).toList();

        assertThat(broken.count()).as("requests the broken instance got before its ejection").isEqualTo(3);
        assertThat(statuses.stream().filter(s -> s == 500)).hasSize(3);
        assertThat(afterThird(500, statuses)).containsOnly(200);
        operator().get().uri("/actuator/metrics/edgeway.outlier.ejected?tag=service:flaky").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value").isEqualTo(1.0);
    }

    @Test
    void deadPortIsEjectedSoRetriesStopPayingForIt() {
        List<Integer> statuses = IntStream.range(0, 30).mapToObj(i -> client().get().uri("/gone/x").exchange()
                .returnResult(String.class).getStatus().value()).toList();

        assertThat(statuses).containsOnly(200);
        assertThat(survivor.count()).isEqualTo(30);
        operator().get().uri("/actuator/metrics/edgeway.outlier.ejections?tag=service:gone").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.measurements[0].value").isEqualTo(1.0);
    }

    @Test
    void instanceThatNeverAnswersIsEjectedAfterThreeTimeouts() {
        List<Integer> statuses = IntStream.range(0, 30).mapToObj(i -> client().get().uri("/stuck/x").exchange()
                .returnResult(String.class).getStatus().value()).toList();

        assertThat(hanging.count()).isEqualTo(3);
        assertThat(statuses.stream().filter(s -> s == 504)).hasSize(3);
        assertThat(afterThird(504, statuses)).containsOnly(200);
    }

    /** The statuses after the third {@code failure}: the balancer picks at random, so its place varies. */
    private static List<Integer> afterThird(int failure, List<Integer> statuses) {
        int seen = 0;
        for (int i = 0; i < statuses.size(); i++) {
            if (statuses.get(i) == failure && ++seen == 3) {
                assertThat(i).as("third failure within the first 20 requests").isLessThan(20);
                return statuses.subList(i + 1, statuses.size());
            }
        }
        throw new AssertionError("fewer than three " + failure + " in " + statuses);
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port).build();
    }

    private WebTestClient operator() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + managementPort)
                .defaultHeaders(h -> h.setBasicAuth("operator", "test-secret")).build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
