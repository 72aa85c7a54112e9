package io.edgeway.gateway.ratelimit;

import java.util.Map;

import io.edgeway.gateway.metrics.RequestMeters;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** RateLimit routes through the real gateway to a real backend that counts what reaches it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.cloud.gateway.server.webflux.routes[0].id=by-key",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://quota",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/by-key/**",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=RateLimit",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.requests=3",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.period=1m",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.key=header:X-Api-Key",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[1].id=by-ip",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://quota",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/by-ip/**",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0]=RateLimit=2,1m",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[2].id=by-client",
        "spring.cloud.gateway.server.webflux.routes[2].uri=lb://quota",
        "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/by-client/**",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].name=RateLimit",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].args.requests=1",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].args.period=1m",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0].args.key=ip",
        "spring.cloud.gateway.server.webflux.routes[2].metadata.access=public",
        // The test client plays the hardware VIP that every client's connection comes through.
        "edgeway.gateway.client-requests.trusted-proxies=127.0.0.1/32" })
class RateLimitIntegrationTest {

    private static final RecordingBackend backend = RecordingBackend.start("quota-1");

    @Autowired
    private MeterRegistry meters;

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("quota", Map.of(backend, Map.of())).forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Test
    void clientOverItsRateGets429WithRetryAfterAndTheBackendSeesNothingMore() {
        for (int i = 0; i < 3; i++) {
            client().get().uri("/by-key/x").header("X-Api-Key", "client-a").exchange().expectStatus().isOk()
                    .expectHeader().valueEquals("X-RateLimit-Remaining", Long.toString(2 - i));
        }
        int before = backend.count();

        client().get().uri("/by-key/x").header("X-Api-Key", "client-a").exchange().expectStatus().isEqualTo(429)
                .expectHeader().value(HttpHeaders.RETRY_AFTER, v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L))
                .expectBody(String.class).value(body -> assertThat(body).contains("rate limit"));

        assertThat(backend.count()).isEqualTo(before);
        assertThat(meters.find(RequestMeters.REFUSALS).tag("reason", "rate_limited").counters())
                .as("refusals counted by reason").isNotEmpty();
        client().get().uri("/by-key/x").header("X-Api-Key", "client-b").exchange().expectStatus().isOk();
    }

    @Test
    void withoutAKeyHeaderTheClientIsItsAddress() {
        client().get().uri("/by-ip/x").exchange().expectStatus().isOk();
        client().get().uri("/by-ip/x").header("X-Api-Key", "ignored-here").exchange().expectStatus().isOk();

        client().get().uri("/by-ip/x").exchange().expectStatus().isEqualTo(429);
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() {
        client().get().uri("/by-client/x").header("X-Forwarded-For", "198.51.100.1").exchange().expectStatus().isOk();
        client().get().uri("/by-client/x").header("X-Forwarded-For", "198.51.100.1").exchange().expectStatus()
                .isEqualTo(429);

        client().get().uri("/by-client/x").header("X-Forwarded-For", "198.51.100.2").exchange().expectStatus().isOk();
        client().get().uri("/by-client/x").header("X-Forwarded-For", "127.0.0.1, 198.51.100.3").exchange()
                .expectStatus().isOk();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port).build();
    }
}
