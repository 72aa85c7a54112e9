package io.edgeway.gateway.retry;

import java.util.Map;

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
 * A backend failing every request behind a route that retries 5xx three times: without a budget it would get
 * four times the traffic; within a 20 % budget it gets at most 20 % more.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.retry-budget.ratio=0.2", "edgeway.gateway.retry-budget.min-per-second=0",
        "spring.cloud.gateway.server.webflux.routes[0].id=storm",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://storm",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/storm/**",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].name=Retry",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.retries=3",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.series=SERVER_ERROR",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0].args.methods=GET",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public" })
class RetryBudgetIntegrationTest {

    private static final RecordingBackend failing = RecordingBackend.start("failing");

    static {
        failing.answer(request -> 500);
    }

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("storm", Map.of(failing, Map.of())).forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stopBackend() {
        failing.close();
    }

    @Test
    void retriesOfAFailingServiceStayWithinTheBudget() {
        WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();

        for (int i = 0; i < 100; i++) {
            client.get().uri("/storm/x").exchange().expectStatus().isEqualTo(500);
        }

        assertThat(failing.count()).as("requests plus retries").isBetween(100 + 18, 100 + 20);
    }
}
