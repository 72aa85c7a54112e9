package io.edgeway.gateway.settings;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerPropertiesTest {

    private final CircuitBreakerProperties.Breaker defaults = new CircuitBreakerProperties.Breaker(50, 20, 10,
            Duration.ofSeconds(10), 3, Duration.ofSeconds(30));

    @Test
    void aBreakerInheritsWhatItDoesNotSetFromTheDefaults() {
        CircuitBreakerProperties properties = new CircuitBreakerProperties(defaults, Map.of("pay",
                new CircuitBreakerProperties.Instance(80f, null, null, null, null, Duration.ofSeconds(2))));

        CircuitBreakerProperties.Breaker pay = properties.forName("pay");

        assertThat(pay.failureRate()).isEqualTo(80);
        assertThat(pay.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(pay.slidingWindow()).isEqualTo(20);
        assertThat(pay.waitInOpen()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.forName("other")).isEqualTo(defaults);
    }
}
