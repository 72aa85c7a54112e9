package io.edgeway.gateway.config;

import io.edgeway.gateway.settings.EdgeGatewayProperties;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Retry and config-push settings, re-bound on every config change. */
@Configuration(proxyBeanMethods = false)
class EdgeGatewaySettingsConfig {

    @Bean
    LiveProperties<EdgeGatewayProperties> edgeGatewaySettings(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.GATEWAY);
    }
}
