package io.edgeway.backend.config;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/** The demo endpoints, the L7 check, health and info are open; writes need credentials (the L7 switch also an allowed source). */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SampleBackendProperties properties) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/", "/id", "/monitor/l7check").permitAll()
                        .requestMatchers(HttpMethod.POST, "/id").permitAll()
                        // The caller's own session counter: it reads and writes nothing but the caller's session.
                        .requestMatchers(HttpMethod.GET, "/session").permitAll()
                        .requestMatchers(HttpMethod.POST, "/session").permitAll()
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/error").permitAll()
                        // The health probes on the traffic port (the actuator has a port of its own).
                        .requestMatchers(HttpMethod.GET, "/livez", "/readyz").permitAll()
                        .requestMatchers(HttpMethod.PUT, "/monitor/l7check", "/monitor/faults")
                        .access(authenticatedFrom(properties.getL7Switch().allowedSources()))
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // No login page to return to: a refused request must not start a session (in a shared store, a
                // write for every 401).
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                // Called by scripts and deploy tools, never by a browser form.
                .csrf(csrf -> csrf.disable())
                .build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> authenticatedFrom(List<String> cidrs) {
        List<IpAddressMatcher> allowed = cidrs.stream().map(String::trim).map(IpAddressMatcher::new).toList();
        AuthorizationManager<RequestAuthorizationContext> fromAllowedSource = (authentication, context) ->
                new AuthorizationDecision(allowed.stream().anyMatch(m -> m.matches(context.getRequest())));
        return AuthorizationManagers.allOf(AuthenticatedAuthorizationManager.authenticated(), fromAllowedSource);
    }
}
