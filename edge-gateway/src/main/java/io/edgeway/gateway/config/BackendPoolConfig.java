package io.edgeway.gateway.config;

import io.edgeway.gateway.pool.BackendBusyHandler;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The pooled connections to backends: what the gateway answers when a pool is exhausted. */
@Configuration(proxyBeanMethods = false)
class BackendPoolConfig {

    @Bean
    BackendBusyHandler backendBusyHandler(HttpClientProperties properties) {
        return new BackendBusyHandler(properties);
    }
}
