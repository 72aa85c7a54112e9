package io.edgeway.gateway.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.edgeway.gateway.outlier.OutlierDetector;
import io.edgeway.gateway.support.TestBackends;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Six concurrent requests to one backend instance that takes a second to answer, through a pool of two connections
 * with a 300 ms acquire timeout: the backend never holds more than two connections from the gateway, two requests
 * are answered and four get 503 {@code backend_busy} with the reason after the timeout. Outlier ejection is on, at two
 * failures in a row and no cap, yet the instance stays in: the busy answers are the gateway's limit, not its fault.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false",
        "edgeway.gateway.outlier.consecutive-failures=2", "edgeway.gateway.outlier.max-ejected-percent=100",
        "spring.cloud.gateway.server.webflux.httpclient.pool.max-connections=2",
        "spring.cloud.gateway.server.webflux.httpclient.pool.acquire-timeout=300" })
class BackendPoolLimitIntegrationTest {

    private static final KeepAliveBackend backend = new KeepAliveBackend(Duration.ofMinutes(1), Duration.ofSeconds(1));

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private OutlierDetector outliers;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void sampleBackend(DynamicPropertyRegistry registry) {
        TestBackends.register(registry, 0, "slow", backend.port());
    }

    @AfterAll
    static void stopBackend() throws IOException {
        backend.close();
    }

    @Test
    void requestsBeyondThePoolWaitThenGet503WithTheReason() {
        List<PostBursts.Answer> answers = new PostBursts(port, "/hello/id").burst(6);

        assertThat(backend.maxOpen()).isEqualTo(2);
        assertThat(backend.accepted()).isEqualTo(2);
        assertThat(answers).filteredOn(answer -> answer.status() == 200).hasSize(2);
        assertThat(answers).filteredOn(answer -> answer.status() == 503).hasSize(4)
                .allSatisfy(answer -> assertThat(answer.body()).contains("\"error\":\"backend_busy\"")
                        .contains("was free within 300 ms (at most 2 per backend instance)"));
        assertThat(outliers.isEjected("sample-backend", "slow")).as("ejected for busy answers").isFalse();
        assertThat(meters.find("edgeway.outlier.ejections").counters()).isEmpty();
    }
}
