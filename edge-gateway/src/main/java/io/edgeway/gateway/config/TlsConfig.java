package io.edgeway.gateway.config;

import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.TlsProperties;
import io.edgeway.gateway.tls.HstsHeaderFilter;
import io.edgeway.gateway.tls.HttpsRedirectServer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * HTTPS on the traffic port (README, "HTTPS"): the server side is Boot's own, set up from
 * {@code edgeway.gateway.tls} by {@code TlsServerSettings}; here are the HSTS header and the plain-HTTP redirect.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(TlsProperties.PREFIX + ".enabled")
class TlsConfig {

    /** Not "tlsProperties": the Eureka client has a bean of that name. */
    @Bean
    TlsProperties gatewayTlsProperties(Environment environment) {
        return GatewaySettings.TLS.bind(Binder.get(environment));
    }

    @Bean
    @ConditionalOnBooleanProperty(value = TlsProperties.PREFIX + ".hsts.enabled", matchIfMissing = true)
    HstsHeaderFilter hstsHeaderFilter(TlsProperties tls) {
        return new HstsHeaderFilter(tls.hsts().headerValue());
    }

    @Bean
    @ConditionalOnBooleanProperty(TlsProperties.PREFIX + ".redirect.enabled")
    HttpsRedirectServer httpsRedirectServer(TlsProperties tls, Environment environment) {
        TlsProperties.Redirect redirect = tls.redirect();
        return new HttpsRedirectServer(environment.getProperty("server.address"), redirect.port(),
                () -> redirect.httpsPort() != null ? redirect.httpsPort()
                        : environment.getRequiredProperty("local.server.port", Integer.class));
    }
}
