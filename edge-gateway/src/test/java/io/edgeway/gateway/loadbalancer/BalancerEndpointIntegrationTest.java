package io.edgeway.gateway.loadbalancer;

import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.support.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** {@code /actuator/balancer/{service}} on the real gateway: what it balances, and what each instance served. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.public-routes.enabled=false",
        "spring.cloud.gateway.server.webflux.routes[0].id=pair",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://sample-backend",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/pair/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "management.endpoints.web.exposure.include=balancer",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret" })
class BalancerEndpointIntegrationTest {

    private static final HttpServer backend = TestBackends.answering(exchange -> "ok");

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestBackends.register(registry, 0, "one", backend.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        backend.stop(0);
    }

    @Test
    void listsTheBalancedInstancesAndCountsWhatEachServed() {
        operator().get().uri("/actuator/balancer/sample-backend?instance=one").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.instances[0].instanceId").isEqualTo("one")
                .jsonPath("$.instance.balanced").isEqualTo(true).jsonPath("$.instance.served").isEqualTo(0);

        WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).baseUrl("http://127.0.0.1:" + port).build().get().uri("/pair/x").exchange()
                .expectStatus().isOk();

        operator().get().uri("/actuator/balancer/sample-backend?instance=one").exchange().expectBody()
                .jsonPath("$.instance.served").isEqualTo(1).jsonPath("$.instance.inFlight").isEqualTo(0);
        operator().get().uri("/actuator/balancer/sample-backend?instance=gone").exchange().expectBody()
                .jsonPath("$.instance.balanced").isEqualTo(false);
    }

    @Test
    void refusesAnUnknownServiceAndAnAnonymousCaller() {
        operator().get().uri("/actuator/balancer/nothing-here").exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.error").value(error -> error.toString().contains("nothing-here"));
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build().get()
                .uri("/actuator/balancer/sample-backend").exchange().expectStatus().isUnauthorized();
    }

    private WebTestClient operator() {
        // The first look-up of a service creates its balancer context: seconds on a busy 2-core machine.
        return WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30))
                .baseUrl("http://127.0.0.1:" + managementPort).defaultHeaders(h -> h.setBasicAuth("operator", "test-secret")).build();
    }
}
