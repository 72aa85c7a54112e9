package io.edgeway.gateway.fallback;

import java.time.Duration;
import java.util.Map;

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
 * CircuitBreaker routes with a StaticResponse fallback, through the real gateway to real backends: one that fails
 * every request, one that never answers in time; and a route that never reaches a backend at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.route-targets.forwards=/fallback/**",
        "edgeway.gateway.circuit-breaker.instances.wobbly.sliding-window=4",
        "edgeway.gateway.circuit-breaker.instances.wobbly.minimum-calls=4",
        "edgeway.gateway.circuit-breaker.instances.wobbly.wait-in-open=1m",
        "edgeway.gateway.circuit-breaker.instances.slow.timeout=500ms",
        "spring.cloud.gateway.server.webflux.routes[0].id=wobbly",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://wobbly",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/wobbly/**",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.name=wobbly",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.fallbackUri=forward:/fallback/catalog",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.statusCodes=500",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[1].id=slow",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://slow",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/slow/**",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].name=CircuitBreaker",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.name=slow",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.fallbackUri=forward:/fallback/catalog",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[2].id=catalog-fallback",
        "spring.cloud.gateway.server.webflux.routes[2].uri=no://op",
        "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/fallback/catalog",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].name=StaticResponse",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].args.status=503",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].args.content-type=application/json",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].args.body={\"items\":[],\"note\":\"catalog unavailable\"}",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].args.retry-after=30s",
        "spring.cloud.gateway.server.webflux.routes[2].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[3].id=robots",
        "spring.cloud.gateway.server.webflux.routes[3].uri=no://op",
        "spring.cloud.gateway.server.webflux.routes[3].predicates[0]=Path=/robots.txt",
        "spring.cloud.gateway.server.webflux.routes[3].filters[0]=StaticResponse=200,User-agent: *",
        "spring.cloud.gateway.server.webflux.routes[3].metadata.access=public" })
class FallbackIntegrationTest {

    private static final RecordingBackend failing = RecordingBackend.start("failing");

    private static final RecordingBackend slow = RecordingBackend.start("slow");

    static {
        failing.answer(request -> 500);
        slow.hold();
    }

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("wobbly", Map.of(failing, Map.of())).forEach((k, v) -> registry.add(k, () -> v));
        RecordingBackend.simpleDiscovery("slow", Map.of(slow, Map.of())).forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stopBackends() {
        failing.close();
        slow.close();
    }

    @Test
    void failingBackendGetsTheFallbackAndAnOpenBreakerStopsCallingIt() {
        for (int i = 0; i < 12; i++) {
            client().get().uri("/wobbly/items").exchange().expectStatus().isEqualTo(503)
                    .expectHeader().valueEquals("Retry-After", "30")
                    .expectBody(String.class).isEqualTo("{\"items\":[],\"note\":\"catalog unavailable\"}");
        }

        assertThat(failing.count()).as("calls before the breaker opened").isEqualTo(4);
    }

    @Test
    void backendPastItsTimeoutGetsTheFallback() {
        long start = System.nanoTime();

        client().get().uri("/slow/items").exchange().expectStatus().isEqualTo(503)
                .expectBody(String.class).value(body -> assertThat(body).contains("catalog unavailable"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(slow.count()).isEqualTo(1);
    }

    @Test
    void staticRouteAnswersWithoutABackend() {
        client().get().uri("/robots.txt").exchange().expectStatus().isOk().expectBody(String.class)
                .isEqualTo("User-agent: *");
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }
}
