package io.edgeway.gateway.fallback;

import io.edgeway.gateway.settings.CircuitBreakerProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;

import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;

import io.edgeway.gateway.support.LiveProperties;

/**
 * Gives each circuit breaker its settings from {@link CircuitBreakerProperties}, and after a refresh that changes
 * them rebuilds the breakers that exist (their state starts afresh) so that no breaker keeps old settings.
 */
public final class CircuitBreakerSettings implements Customizer<ReactiveResilience4JCircuitBreakerFactory> {

    private final LiveProperties<CircuitBreakerProperties> properties;

    public CircuitBreakerSettings(LiveProperties<CircuitBreakerProperties> properties) {
        this.properties = properties;
    }

    @Override
    public void customize(ReactiveResilience4JCircuitBreakerFactory factory) {
        factory.configureDefault(name -> {
            CircuitBreakerProperties.Breaker settings = properties.get().forName(name);
            return new Resilience4JConfigBuilder(name).circuitBreakerConfig(circuitBreaker(settings))
                    .timeLimiterConfig(timeLimiter(settings)).build();
        });
        properties.onChange(changed -> {
            // The factory caches each name's first configuration; the registries' named configurations win over
            // it, so the new settings go there, and the breakers are made again from them.
            for (CircuitBreaker breaker : factory.getCircuitBreakerRegistry().getAllCircuitBreakers()) {
                String name = breaker.getName();
                CircuitBreakerProperties.Breaker settings = changed.forName(name);
                factory.getCircuitBreakerRegistry().addConfiguration(name, circuitBreaker(settings));
                factory.getTimeLimiterRegistry().addConfiguration(name, timeLimiter(settings));
                factory.getCircuitBreakerRegistry().remove(name);
                factory.getTimeLimiterRegistry().remove(name);
            }
        });
    }

    static CircuitBreakerConfig circuitBreaker(CircuitBreakerProperties.Breaker settings) {
        return CircuitBreakerConfig.custom().failureRateThreshold(settings.failureRate())
                .slidingWindowSize(settings.slidingWindow()).minimumNumberOfCalls(settings.minimumCalls())
                .waitDurationInOpenState(settings.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls()).build();
    }

    static TimeLimiterConfig timeLimiter(CircuitBreakerProperties.Breaker settings) {
        return TimeLimiterConfig.custom().timeoutDuration(settings.timeout()).build();
    }
}
