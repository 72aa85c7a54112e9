package io.edgeway.config.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Only health and info are open (and the webhook, which checks its own signature); everything else needs credentials. */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/info").permitAll()
                        // The health probes on the traffic port (the actuator has a port of its own).
                        .requestMatchers(HttpMethod.GET, "/livez", "/readyz").permitAll()
                        // Push webhooks authenticate with the shared secret's signature (PushWebhookController).
                        .requestMatchers(HttpMethod.POST, "/monitor").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // An API for config clients, not for browsers.
                .csrf(csrf -> csrf.disable())
                .build();
    }
}
