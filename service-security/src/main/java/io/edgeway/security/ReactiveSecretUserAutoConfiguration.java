package io.edgeway.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * In a reactive service, {@code spring.security.user} checked by its SHA-256 digest, in place of Boot's map store
 * (which re-encodes the secret with BCrypt after the first login). Unlike Boot's, it stays when a JWT decoder
 * exists: the gateway checks tokens on its routes and this password on its actuator. Backs off when the service
 * declares its own users, authentication or password encoder.
 */
@AutoConfiguration(before = ReactiveUserDetailsServiceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass({ ReactiveAuthenticationManager.class, reactor.core.publisher.Mono.class })
@ConditionalOnMissingBean({ ReactiveUserDetailsService.class, ReactiveAuthenticationManager.class,
        ReactiveAuthenticationManagerResolver.class, PasswordEncoder.class })
@EnableConfigurationProperties(SecurityProperties.class)
public final class ReactiveSecretUserAutoConfiguration {

    @Bean
    Sha256PasswordEncoder secretUserPasswordEncoder() {
        return new Sha256PasswordEncoder();
    }

    @Bean
    ReactiveSecretUserDetailsService reactiveSecretUserDetailsService(SecurityProperties properties,
            Sha256PasswordEncoder encoder) {
        return new ReactiveSecretUserDetailsService(SecretUser.from(properties.getUser(), encoder));
    }
}
