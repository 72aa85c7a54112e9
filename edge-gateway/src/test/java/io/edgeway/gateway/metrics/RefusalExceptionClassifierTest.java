package io.edgeway.gateway.metrics;

import java.io.IOException;
import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.junit.jupiter.api.Test;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.gateway.support.ServiceUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalExceptionClassifierTest {

    @Test
    void namesTheRefusalsThatSurfaceAsErrors() {
        assertThat(RefusalExceptionClassifier.reason(NotFoundException.create(false, "Unable to find instance for x")))
                .isEqualTo(RefusalReason.NO_INSTANCE);
        assertThat(RefusalExceptionClassifier.reason(new ServiceUnavailableException()))
                .isEqualTo(RefusalReason.CIRCUIT_OPEN);
        assertThat(RefusalExceptionClassifier.reason(
                CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("catalog"))))
                .isEqualTo(RefusalReason.CIRCUIT_OPEN);
        assertThat(RefusalExceptionClassifier.reason(
                new IllegalStateException(new PoolAcquireTimeoutException(Duration.ofSeconds(2)))))
                .isEqualTo(RefusalReason.BACKEND_BUSY);
    }

    @Test
    void backendFailuresAreNoRefusals() {
        assertThat(RefusalExceptionClassifier.reason(new IOException("Connection refused"))).isNull();
    }
}
