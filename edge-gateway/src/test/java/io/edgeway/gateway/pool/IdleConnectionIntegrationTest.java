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
 * POSTs through the real gateway to a backend with a 1 s keep-alive that closes every connection idle for that long
 * when the next request arrives on it: with the pool's idle time below the keep-alive, no POST ever meets a closed
 * connection, however long the pauses. ({@link IdleLongerThanKeepAliveIntegrationTest}: the same traffic fails
 * with an idle time above the keep-alive.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false", "edgeway.gateway.outlier.enabled=false",
        // The shipped pool, with the idle time scaled to this backend's 1 s keep-alive by the README's rule
        // (keep-alive minus a margin): the shipped 15 s would need pauses of 20 s.
        "spring.cloud.gateway.server.webflux.httpclient.pool.max-idle-time=500ms" })
@ExtendWith(OutputCaptureExtension.class)
class IdleConnectionIntegrationTest {

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
    void postsAfterPausesLongerThanTheKeepAliveNeverFail(CapturedOutput output) {
        List<PostBursts.Answer> answers = new PostBursts(port, "/hello/id").send(5, 8, KEEP_ALIVE.plusMillis(300));

        assertThat(answers).hasSize(40).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        assertThat(backend.closedOnArrival()).isZero();
        // Each burst after a pause opened fresh connections: the idle ones had been dropped by the gateway.
        assertThat(backend.accepted()).isGreaterThanOrEqualTo(5);
        assertThat(output).doesNotContain("closes idle connections after");
    }
}
