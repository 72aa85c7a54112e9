package io.edgeway.security;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * In a servlet service, {@code spring.security.user} checked by its SHA-256 digest, in place of Boot's in-memory
 * store (which re-encodes the secret with BCrypt after the first login). Backs off when the service declares its
 * own users, authentication or password encoder.
 */
@AutoConfiguration(before = UserDetailsServiceAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(AuthenticationManager.class)
@ConditionalOnMissingBean({ UserDetailsService.class, AuthenticationManager.class, AuthenticationProvider.class,
        AuthenticationManagerResolver.class, PasswordEncoder.class })
@EnableConfigurationProperties(SecurityProperties.class)
public final class SecretUserAutoConfiguration {

    @Bean
    Sha256PasswordEncoder secretUserPasswordEncoder() {
        return new Sha256PasswordEncoder();
    }

    @Bean
    SecretUserDetailsService secretUserDetailsService(SecurityProperties properties, Sha256PasswordEncoder encoder) {
        return new SecretUserDetailsService(SecretUser.from(properties.getUser(), encoder));
    }
}
