package io.edgeway.lbadapter.mirror;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Lists the registered instances of the mirrored applications only, to authenticated operators. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.lb-adapter.mirrored-applications=sample-backend",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].uri=http://127.0.0.1:9001",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].instance-id=backend-1",
        "spring.cloud.discovery.client.simple.instances.other-app[0].uri=http://127.0.0.1:9002" })
class MirrorControllerIntegrationTest {

    @Value("${local.server.port}")
    private int port;

    @Test
    void listsTheInstancesOfMirroredApplications() {
        String body = client().get().uri("/api/instances").headers(h -> h.setBasicAuth("operator", "test-secret"))
                .retrieve().body(String.class);

        assertThat(body).contains("\"instanceId\":\"backend-1\"").contains("\"port\":9001").doesNotContain("9002");
    }

    @Test
    void refusesAnonymousCallers() {
        HttpStatus status = client().get().uri("/api/instances")
                .exchange((request, response) -> HttpStatus.valueOf(response.getStatusCode().value()));

        assertThat(status).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private RestClient client() {
        return RestClient.create("http://127.0.0.1:" + port);
    }
}
