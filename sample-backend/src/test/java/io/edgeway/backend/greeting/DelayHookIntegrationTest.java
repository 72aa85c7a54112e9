package io.edgeway.backend.greeting;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /id?delayMs=} with the delay hook on, as tests and benchmarks run the backend. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.register-with-eureka=false",
        "eureka.client.fetch-registry=false", "edgeway.backend.delay-hook=true" })
class DelayHookIntegrationTest {

    @Value("${local.server.port}")
    private int port;

    @Test
    void delayMsSlowsTheAnswerDown() {
        long start = System.nanoTime();

        assertThat(status("/id?delayMs=400")).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }

    @Test
    void delayMsOutOfRangeIsABadRequest() {
        assertThat(status("/id?delayMs=60000")).isEqualTo(400);
    }

    private int status(String path) {
        Integer status = RestClient.create("http://127.0.0.1:" + port).get().uri(path)
                .exchange((request, response) -> response.getStatusCode().value());
        return status;
    }
}
