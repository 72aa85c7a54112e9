package io.edgeway.gateway.config;

import io.edgeway.gateway.ratelimit.RateLimitGatewayFilterFactory;
import io.edgeway.gateway.shedding.ConcurrencyLimiters;
import io.edgeway.gateway.shedding.ShedLoadGatewayFilterFactory;
import io.edgeway.gateway.shedding.SheddingProperties;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The {@code ShedLoad} and {@code RateLimit} route filters. */
@Configuration(proxyBeanMethods = false)
class TrafficPolicyConfig {

    @Bean
    LiveProperties<SheddingProperties> sheddingProperties(Environment environment) {
        return new LiveProperties<>(environment, SheddingProperties.PREFIX, SheddingProperties.class);
    }

    @Bean
    ConcurrencyLimiters concurrencyLimiters(LiveProperties<SheddingProperties> properties, MeterRegistry meters) {
        return new ConcurrencyLimiters(properties, meters);
    }

    @Bean
    ShedLoadGatewayFilterFactory shedLoadGatewayFilterFactory(ConcurrencyLimiters limiters, MeterRegistry meters) {
        return new ShedLoadGatewayFilterFactory(limiters, meters);
    }

    @Bean
    RateLimitGatewayFilterFactory rateLimitGatewayFilterFactory(MeterRegistry meters) {
        return new RateLimitGatewayFilterFactory(meters);
    }
}
