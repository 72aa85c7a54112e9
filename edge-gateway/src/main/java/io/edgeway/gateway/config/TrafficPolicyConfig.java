package io.edgeway.gateway.config;

import io.edgeway.gateway.publicroutes.PublicRouteDefaultsFilter;
import io.edgeway.gateway.ratelimit.ClientRateLimiters;
import io.edgeway.gateway.ratelimit.RateLimitGatewayFilterFactory;
import io.edgeway.gateway.ratelimit.RedisAvailability;
import io.edgeway.gateway.settings.AuthProperties;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.PublicRouteProperties;
import io.edgeway.gateway.settings.RateLimitProperties;
import io.edgeway.gateway.settings.SheddingProperties;
import io.edgeway.gateway.shedding.ConcurrencyLimiters;
import io.edgeway.gateway.shedding.ShedLoadGatewayFilterFactory;
import io.edgeway.gateway.support.LiveProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The {@code ShedLoad} and {@code RateLimit} route filters, and their defaults for public routes. */
@Configuration(proxyBeanMethods = false)
class TrafficPolicyConfig {

    @Bean
    LiveProperties<SheddingProperties> sheddingProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.SHEDDING);
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
    LiveProperties<RateLimitProperties> rateLimitProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.RATE_LIMIT);
    }

    /** Made for the first route with {@code store: redis}; a gateway with local buckets never has one. */
    @Bean
    @Lazy
    RedisAvailability rateLimitRedisAvailability(ReactiveStringRedisTemplate redis,
            LiveProperties<RateLimitProperties> properties, MeterRegistry meters) {
        return new RedisAvailability(redis, () -> properties.get().redis().probeInterval(), meters);
    }

    @Bean
    ClientRateLimiters clientRateLimiters(LiveProperties<RateLimitProperties> properties,
            ObjectProvider<ReactiveStringRedisTemplate> redis, ObjectProvider<RedisAvailability> availability) {
        return new ClientRateLimiters(properties, redis, availability);
    }

    @Bean
    RateLimitGatewayFilterFactory rateLimitGatewayFilterFactory(ClientRateLimiters limiters, MeterRegistry meters) {
        return new RateLimitGatewayFilterFactory(limiters, meters);
    }

    @Bean
    LiveProperties<PublicRouteProperties> publicRouteProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.PUBLIC_ROUTES);
    }

    @Bean
    PublicRouteDefaultsFilter publicRouteDefaultsFilter(LiveProperties<PublicRouteProperties> properties,
            LiveProperties<AuthProperties> auth, RateLimitGatewayFilterFactory rateLimits,
            ShedLoadGatewayFilterFactory shedLoad) {
        return new PublicRouteDefaultsFilter(properties, auth, rateLimits, shedLoad);
    }
}
