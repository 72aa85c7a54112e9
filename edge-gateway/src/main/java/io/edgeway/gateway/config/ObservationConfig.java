package io.edgeway.gateway.config;

import io.edgeway.gateway.support.CachedMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;

import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Observations become meters through {@link CachedMeterObservationHandler}: ahead of Boot's
 * {@code DefaultMeterObservationHandler} in the meter handlers' group, where the first handler that takes an
 * observation is the only one, so the same meters are recorded once, without a registry look-up per request.
 */
@Configuration(proxyBeanMethods = false)
class ObservationConfig {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    CachedMeterObservationHandler cachedMeterObservationHandler(MeterRegistry registry, MetricsProperties metrics) {
        boolean longTaskTimers = !metrics.getObservations().getIgnoredMeters()
                .contains(DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER);
        return new CachedMeterObservationHandler(registry, longTaskTimers);
    }
}
