package io.edgeway.gateway.retry;

import java.io.IOException;

import io.edgeway.gateway.metrics.RequestMeters;
import io.edgeway.gateway.retry.RetryIdempotentRequestsIntegrationTest.DyingBackend;
import io.edgeway.gateway.support.ConsumedBodies;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service whose only instance fails every response, behind the retrying gateway (2 retries per GET): without a
 * budget it would get three times the requests; within a 20 % budget it gets at most 20 % more.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false",
        "eureka.client.enabled=false", "edgeway.gateway.outlier.enabled=false",
        "edgeway.gateway.retry.retries=2", "edgeway.gateway.retry.budget.ratio=0.2",
        "edgeway.gateway.retry.budget.min-per-second=0",
        "spring.cloud.gateway.server.webflux.routes[0].id=storm",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://storm",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/storm/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public" })
class RetryBudgetIntegrationTest {

    private static final DyingBackend failing = new DyingBackend();

    @Autowired
    private MeterRegistry meters;

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.storm[0].uri",
                () -> "http://127.0.0.1:" + failing.port());
    }

    @AfterAll
    static void stopBackend() throws IOException {
        failing.close();
    }

    @Test
    void retriesOfAFailingServiceStayWithinTheBudget() {
        WebTestClient client = WebTestClient.bindToServer().filter(ConsumedBodies.filter())
                .baseUrl("http://127.0.0.1:" + port).build();

        for (int i = 0; i < 100; i++) {
            client.get().uri("/storm/x").exchange().expectStatus().is5xxServerError();
        }

        assertThat(failing.responsesStarted()).as("requests plus retries").isBetween(100 + 15, 100 + 20);
        assertThat(meters.get("edgeway.retry.budget.exhausted").tag("service", "storm").counter().count())
                .as("requests whose retry the budget refused").isGreaterThanOrEqualTo(100 - 20);
        assertThat(meters.get(RequestMeters.REQUESTS).tags("route", "storm", "status", "5xx").timer().count())
                .isEqualTo(100);
    }
}
