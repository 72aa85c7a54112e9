package io.edgeway.backend.config;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The actuator on its own port keeps the security of the traffic port; health and info stay open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.register-with-eureka=false",
        "eureka.client.fetch-registry=false", "management.endpoints.web.exposure.include=health,info,refresh,prometheus",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret" })
class ActuatorSecurityIntegrationTest {

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void healthAndInfoAreOpenOnTheManagementPort() {
        assertThat(status(managementPort, "GET", "/actuator/health", false)).isEqualTo(200);
        assertThat(status(managementPort, "GET", "/actuator/info", false)).isEqualTo(200);
    }

    @Test
    void refreshNeedsTheOperatorOnTheManagementPort() {
        assertThat(status(managementPort, "POST", "/actuator/refresh", false)).isEqualTo(401);
        assertThat(status(managementPort, "POST", "/actuator/refresh", true)).isEqualTo(200);
    }

    @Test
    void prometheusScrapeNeedsTheOperatorOnTheManagementPort() {
        assertThat(status(managementPort, "GET", "/actuator/prometheus", false)).isEqualTo(401);
        String scrape = RestClient.create("http://127.0.0.1:" + managementPort).get().uri("/actuator/prometheus")
                .headers(h -> h.setBasicAuth("operator", "test-secret")).retrieve().body(String.class);
        assertThat(scrape).contains("# TYPE jvm_memory_used_bytes gauge");
        assertThat(status(port, "GET", "/actuator/prometheus", true)).isEqualTo(404);
    }

    @Test
    void trafficPortAnswersProbesButServesNoActuator() {
        assertThat(status(port, "GET", "/livez", false)).isEqualTo(200);
        assertThat(status(port, "GET", "/readyz", false)).isEqualTo(200);
        assertThat(status(port, "GET", "/actuator/health", true)).isEqualTo(404);
    }

    private static int status(int port, String method, String path, boolean operator) {
        return RestClient.create("http://127.0.0.1:" + port).method(HttpMethod.valueOf(method))
                .uri(path).headers(h -> {
                    if (operator) {
                        h.setBasicAuth("operator", "test-secret");
                    }
                }).exchange((request, response) -> response.getStatusCode().value());
    }
}
