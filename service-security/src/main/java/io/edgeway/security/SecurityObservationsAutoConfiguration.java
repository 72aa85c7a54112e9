package io.edgeway.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.observation.SecurityObservationSettings;

/**
 * No observations of the security filter chain, authentication and authorization in any service: they wrap each
 * filter of the chain in an observation on every request (a Eureka heartbeat, a proxied call), a large share of a
 * cheap request's CPU. Requests stay observed as {@code http.server.requests}, refusals counted by status there.
 */
@AutoConfiguration
@ConditionalOnClass(SecurityObservationSettings.class)
public final class SecurityObservationsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }
}
