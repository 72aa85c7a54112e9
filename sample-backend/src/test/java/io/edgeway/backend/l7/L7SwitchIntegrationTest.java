package io.edgeway.backend.l7;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input changes nothing; so does a registry that cannot be told (no Eureka server here). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.register-with-eureka=false",
        "eureka.client.fetch-registry=false", "spring.security.user.name=operator",
        "spring.security.user.password=test-secret" })
class L7SwitchIntegrationTest {

    @Value("${local.server.port}")
    private int port;

    @Test
    void unknownStateIsRefusedWithAReason() {
        ResponseEntity<String> response = flip("{\"status\":\"SIDEWAYS\"}");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("UP").contains("DOWN");
        assertThat(checkStatus()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void switchStaysUpWhenTheRegistryCannotBeTold() {
        ResponseEntity<String> response = flip("{\"status\":\"DOWN\"}");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.getBody()).contains("nothing changed");
        assertThat(checkStatus()).isEqualTo(HttpStatus.OK);
    }

    private ResponseEntity<String> flip(String body) {
        return client().put().uri("/monitor/l7check").contentType(MediaType.APPLICATION_JSON)
                .headers(h -> h.setBasicAuth("operator", "test-secret")).body(body)
                .exchange((request, response) -> ResponseEntity.status(response.getStatusCode())
                        .body(new String(response.getBody().readAllBytes())));
    }

    private HttpStatus checkStatus() {
        return client().get().uri("/monitor/l7check")
                .exchange((request, response) -> HttpStatus.valueOf(response.getStatusCode().value()));
    }

    private RestClient client() {
        return RestClient.create("http://127.0.0.1:" + port);
    }
}
