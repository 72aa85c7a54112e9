package io.edgeway.gateway.config;

import java.time.Duration;

import io.edgeway.gateway.pool.BackendErrorHandler;
import io.edgeway.gateway.pool.KeepAliveCheck;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The connections to backends: the answers when none could be had (pool exhausted, refused, timed out), the check of
 * backends' keep-alive.
 */
@Configuration(proxyBeanMethods = false)
class BackendPoolConfig {

    @Bean
    BackendErrorHandler backendErrorHandler(HttpClientProperties properties) {
        return new BackendErrorHandler(properties);
    }

    @Bean
    KeepAliveCheck keepAliveCheck(HttpClientProperties properties) {
        HttpClientProperties.Pool pool = properties.getPool();
        // Without a pool every request has a connection of its own: none is ever reused after idling.
        boolean pooled = pool.getType() != HttpClientProperties.Pool.PoolType.DISABLED;
        return new KeepAliveCheck(pooled ? pool.getMaxIdleTime() : Duration.ZERO);
    }
}
