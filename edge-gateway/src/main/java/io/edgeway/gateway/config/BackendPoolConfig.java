package io.edgeway.gateway.config;

import java.time.Duration;

import io.edgeway.gateway.pool.BackendBusyHandler;
import io.edgeway.gateway.pool.KeepAliveCheck;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pooled connections to backends: the answer when a pool is exhausted, the check of backends' keep-alive. */
@Configuration(proxyBeanMethods = false)
class BackendPoolConfig {

    @Bean
    BackendBusyHandler backendBusyHandler(HttpClientProperties properties) {
        return new BackendBusyHandler(properties);
    }

    @Bean
    KeepAliveCheck keepAliveCheck(HttpClientProperties properties) {
        HttpClientProperties.Pool pool = properties.getPool();
        // Without a pool every request has a connection of its own: none is ever reused after idling.
        boolean pooled = pool.getType() != HttpClientProperties.Pool.PoolType.DISABLED;
        return new KeepAliveCheck(pooled ? pool.getMaxIdleTime() : Duration.ZERO);
    }
}
