package io.edgeway.gateway.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeepAliveCheckTest {

    @Test
    void readsTheTimeoutParameter() {
        assertThat(KeepAliveCheck.timeout("timeout=5")).isEqualTo(Duration.ofSeconds(5));
        assertThat(KeepAliveCheck.timeout("max=1000, Timeout = 20")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void ignoresHeadersWithoutAUsableTimeout() {
        assertThat(KeepAliveCheck.timeout("max=1000")).isNull();
        assertThat(KeepAliveCheck.timeout("timeout=soon")).isNull();
        assertThat(KeepAliveCheck.timeout("timeout=0")).isNull();
        assertThat(KeepAliveCheck.timeout("timeout=-1")).isNull();
    }
}
