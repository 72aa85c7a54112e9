package io.edgeway.gateway.config;

import java.time.Duration;

import io.edgeway.gateway.client.ClientAddressFilter;
import io.edgeway.gateway.client.HeaderDeadline;
import io.edgeway.gateway.client.RequestHeaderLimitsFilter;
import io.edgeway.gateway.settings.ClientRequestProperties;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** What the gateway takes from clients: their address behind trusted proxies, header limits, header deadline. */
@Configuration(proxyBeanMethods = false)
class ClientRequestConfig {

    @Bean
    LiveProperties<ClientRequestProperties> clientRequestProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.CLIENT_REQUESTS);
    }

    @Bean
    ClientAddressFilter clientAddressFilter(LiveProperties<ClientRequestProperties> properties) {
        return new ClientAddressFilter(properties);
    }

    @Bean
    RequestHeaderLimitsFilter requestHeaderLimitsFilter(LiveProperties<ClientRequestProperties> properties) {
        return new RequestHeaderLimitsFilter(properties);
    }

    @Bean
    NettyServerCustomizer headerDeadline(LiveProperties<ClientRequestProperties> properties) {
        Duration timeout = properties.get().headerTimeout();
        return server -> HeaderDeadline.on(server, timeout);
    }
}
