package io.edgeway.gateway.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.edgeway.gateway.support.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control of {@link IdleConnectionIntegrationTest}: the same backend and traffic, with the pool's idle time above
 * the backend's keep-alive (the gateway's settings before pooling was configured kept idle connections forever).
 * POSTs sent on connections the backend closes fail: the test backend reproduces the race it guards against.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false", "edgeway.gateway.outlier.enabled=false",
        "spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time=10s" })
@ExtendWith(OutputCaptureExtension.class)
class IdleLongerThanKeepAliveIntegrationTest {

    static final Duration KEEP_ALIVE = Duration.ofSeconds(1);

    private static final KeepAliveBackend backend = new KeepAliveBackend(KEEP_ALIVE, Duration.ZERO);

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void sampleBackend(DynamicPropertyRegistry registry) {
        TestBackends.register(registry, 0, "keep-alive", backend.port());
    }

    @AfterAll
    static void stopBackend() throws IOException {
        backend.close();
    }

    @Test
    void postsOnConnectionsTheBackendClosedFail(CapturedOutput output) {
        List<PostBursts.Answer> answers = new PostBursts(port, "/hello/id").send(5, 8, KEEP_ALIVE.plusMillis(300));

        assertThat(backend.closedOnArrival()).isPositive();
        assertThat(answers.stream().filter(answer -> answer.status() != 200).count())
                .isEqualTo(backend.closedOnArrival());
        // The backend announced its keep-alive (Keep-Alive: timeout=1): the gateway names the misconfiguration.
        assertThat(output).containsOnlyOnce("closes idle connections after 1 s");
    }
}
