package io.edgeway.gateway.config;

import io.edgeway.gateway.fallback.CircuitBreakerSettings;
import io.edgeway.gateway.fallback.StaticResponseGatewayFilterFactory;
import io.edgeway.gateway.settings.CircuitBreakerProperties;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Circuit breaker settings and the {@code StaticResponse} filter that serves fallbacks. */
@Configuration(proxyBeanMethods = false)
class FallbackConfig {

    @Bean
    LiveProperties<CircuitBreakerProperties> circuitBreakerProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.CIRCUIT_BREAKER);
    }

    @Bean
    CircuitBreakerSettings circuitBreakerSettings(LiveProperties<CircuitBreakerProperties> properties) {
        return new CircuitBreakerSettings(properties);
    }

    @Bean
    StaticResponseGatewayFilterFactory staticResponseGatewayFilterFactory() {
        return new StaticResponseGatewayFilterFactory();
    }
}
