package io.edgeway.gateway.config;

import io.edgeway.gateway.support.ConsumedBodies;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret" })
class ActuatorSecurityIntegrationTest {

    @Value("${local.server.port}")
    private int port;

    @Test
    void healthIsOpen() {
        client().get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void refreshRefusesAnonymousCallers() {
        client().post().uri("/actuator/refresh").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void refreshWorksForTheOperator() {
        client().post().uri("/actuator/refresh").headers(h -> h.setBasicAuth("operator", "test-secret")).exchange()
                .expectStatus().isOk();
    }

    @Test
    void routesAreReadableByTheOperatorOnly() {
        client().get().uri("/actuator/gateway/routes").exchange().expectStatus().isUnauthorized();
        client().get().uri("/actuator/gateway/routes").headers(h -> h.setBasicAuth("operator", "test-secret"))
                .exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> org.assertj.core.api.Assertions.assertThat(body).contains("hello-id"));
    }

    private WebTestClient client() {
        // A refresh re-creates beans: 3-4 s on an idle 2-core machine, more under load than the 5 s default.
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter())
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
