package io.edgeway.discovery.config;

import com.netflix.eureka.registry.PeerAwareInstanceRegistry;
import io.edgeway.discovery.metrics.RegistryMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The registry's meters, its instance counts refreshed every second (docs/observability.md). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RegistryMetricsConfig {

    @Bean
    RegistryMetrics registryMetrics(PeerAwareInstanceRegistry registry, MeterRegistry meters) {
        return new RegistryMetrics(registry, meters);
    }
}
