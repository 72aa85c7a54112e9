package io.edgeway.backend.l7;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The switch needs credentials and a source on the allow-list; here the allow-list excludes loopback. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.register-with-eureka=false",
        "eureka.client.fetch-registry=false", "spring.security.user.name=operator",
        "spring.security.user.password=test-secret", "edgeway.backend.l7-switch.allowed-sources=10.0.0.0/8" })
class L7SwitchAllowListIntegrationTest {

    @Value("${local.server.port}")
    private int port;

    @Test
    void checkIsOpenAndUpByDefault() {
        var response = client().get().uri("/monitor/l7check").retrieve().toEntity(String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("\"UP\"");
    }

    @Test
    void switchRefusesAnonymousCallers() {
        assertThat(flip(null)).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void switchRefusesAnOperatorOutsideTheAllowList() {
        assertThat(flip("test-secret")).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(client().get().uri("/monitor/l7check").retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.OK);
    }

    @Test
    void switchRefusesWrongCredentials() {
        assertThat(flip("guess")).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private HttpStatusCode flip(String password) {
        return client().put().uri("/monitor/l7check").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> {
                    if (password != null) {
                        h.setBasicAuth("operator", password);
                    }
                })
                .body("{\"status\":\"DOWN\"}").exchange((request, response) -> response.getStatusCode());
    }

    private RestClient client() {
        return RestClient.create("http://127.0.0.1:" + port);
    }
}
