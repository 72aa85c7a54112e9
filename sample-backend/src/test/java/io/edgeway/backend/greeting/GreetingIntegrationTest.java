package io.edgeway.backend.greeting;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.register-with-eureka=false",
        "eureka.client.fetch-registry=false", "edgeway.backend.message=Hello from the test",
        "eureka.instance.metadata-map.version=v2", "eureka.instance.metadata-map.zone=zone-b" })
class GreetingIntegrationTest {

    @Value("${local.server.port}")
    private int port;

    @Test
    void rootAnswersWithTheConfiguredMessage() {
        assertThat(client().get().uri("/").retrieve().body(String.class)).isEqualTo("Hello from the test");
    }

    @Test
    void idNamesTheInstanceAndItsMetadata() {
        String body = client().get().uri("/id").retrieve().body(String.class);

        assertThat(body).contains("\"instanceId\"").contains("\"version\":\"v2\"").contains("\"zone\":\"zone-b\"");
    }

    @Test
    void idIgnoresDelayMsWithoutTheDelayHook() {
        long start = System.nanoTime();
        HttpStatus status = client().get().uri("/id?delayMs=10000")
                .exchange((request, response) -> HttpStatus.valueOf(response.getStatusCode().value()));

        assertThat(status).isEqualTo(HttpStatus.OK);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        HttpStatus outOfRange = client().get().uri("/id?delayMs=60000")
                .exchange((request, response) -> HttpStatus.valueOf(response.getStatusCode().value()));
        assertThat(outOfRange).as("ignored, not judged").isEqualTo(HttpStatus.OK);
    }

    private RestClient client() {
        return RestClient.create("http://127.0.0.1:" + port);
    }
}
