package io.edgeway.gateway.config;

import io.edgeway.gateway.support.ConsumedBodies;
import java.time.Duration;

import io.edgeway.testsupport.LoopbackPorts;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The actuator on its own port, behind the same security; the traffic port keeps only the health probes. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret" })
class ActuatorSecurityIntegrationTest {

    /** A port given, as in production: the gateway keeps its routes off the management port only when it knows it. */
    @DynamicPropertySource
    static void managementPort(DynamicPropertyRegistry registry) {
        int port = LoopbackPorts.free();
        registry.add("management.server.port", () -> port);
    }

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void healthIsOpen() {
        management().get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void refreshRefusesAnonymousCallers() {
        management().post().uri("/actuator/refresh").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void refreshWorksForTheOperator() {
        management().post().uri("/actuator/refresh").headers(h -> h.setBasicAuth("operator", "test-secret"))
                .exchange().expectStatus().isOk();
    }

    @Test
    void routesAreReadableByTheOperatorOnly() {
        management().get().uri("/actuator/gateway/routes").exchange().expectStatus().isUnauthorized();
        management().get().uri("/actuator/gateway/routes").headers(h -> h.setBasicAuth("operator", "test-secret"))
                .exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body).contains("hello-id"));
    }

    @Test
    void trafficPortAnswersProbesButServesNoActuator() {
        traffic().get().uri("/livez").exchange().expectStatus().isOk();
        traffic().get().uri("/readyz").exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body).contains("\"UP\""));
        traffic().get().uri("/actuator/gateway/routes").headers(h -> h.setBasicAuth("operator", "test-secret"))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void managementPortRoutesNothing() {
        management().get().uri("/hello/id").exchange().expectStatus().isNotFound();
    }

    private WebTestClient traffic() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port).build();
    }

    private WebTestClient management() {
        // A refresh re-creates beans: 3-4 s on an idle 2-core machine, more under load than the 5 s default.
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter())
                .baseUrl("http://127.0.0.1:" + managementPort).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
