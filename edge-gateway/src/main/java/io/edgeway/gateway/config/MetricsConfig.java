package io.edgeway.gateway.config;

import io.edgeway.gateway.metrics.RefusalExceptionClassifier;
import io.edgeway.gateway.metrics.RequestMeters;
import io.edgeway.gateway.metrics.RequestMetricsFilter;
import io.edgeway.gateway.metrics.RouteOutcomeFilter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Per-route request metrics: requests by route, version and status class, and refusals by reason. */
@Configuration(proxyBeanMethods = false)
class MetricsConfig {

    @Bean
    RequestMeters requestMeters(MeterRegistry meters) {
        return new RequestMeters(meters);
    }

    @Bean
    RequestMetricsFilter requestMetricsFilter(RequestMeters meters) {
        return new RequestMetricsFilter(meters);
    }

    @Bean
    RouteOutcomeFilter routeOutcomeFilter() {
        return new RouteOutcomeFilter();
    }

    @Bean
    RefusalExceptionClassifier refusalExceptionClassifier() {
        return new RefusalExceptionClassifier();
    }
}
