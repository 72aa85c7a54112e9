package io.edgeway.discovery.config;

import io.edgeway.discovery.operator.OperatorPageController;
import io.edgeway.security.SecretUserDetailsService;
import io.edgeway.security.Sha256PasswordEncoder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import static io.edgeway.discovery.config.RegistryRoles.DASHBOARD;
import static io.edgeway.discovery.config.RegistryRoles.OPERATOR;
import static io.edgeway.discovery.config.RegistryRoles.PEER;
import static io.edgeway.discovery.config.RegistryRoles.READER;

/**
 * Who may do what on the registry (README, "Registry roles"): health and info are open; a registrant writes only its
 * own application; reading needs the reader role; status changes of any instance the operator (also from the
 * operator view); replication a peer; the dashboard its own login. Everything else is refused.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DiscoveryProperties.class)
class SecurityConfig {

    /** Sent by a node with what it replicates; such a request is applied without being passed on to other nodes. */
    private static final String REPLICATION_HEADER = "x-netflix-discovery-replication";

    @Bean
    Sha256PasswordEncoder registryPasswordEncoder() {
        return new Sha256PasswordEncoder();
    }

    @Bean
    SecretUserDetailsService registryUsers(DiscoveryProperties properties, Sha256PasswordEncoder encoder) {
        return new SecretUserDetailsService(RegistryRoles.users(properties, encoder));
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        var statusChange = AuthorizationManagers.anyOf(AuthorityAuthorizationManager.hasRole(OPERATOR),
                RegistryRoles.ownApplication());
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/error").permitAll()
                        // The health probes on the traffic port (the actuator has a port of its own).
                        .requestMatchers(HttpMethod.GET, "/livez", "/readyz").permitAll()
                        .requestMatchers("/eureka/peerreplication/**").hasRole(PEER)
                        .requestMatchers(request -> request.getHeader(REPLICATION_HEADER) != null).hasRole(PEER)
                        .requestMatchers(HttpMethod.PUT, "/eureka/apps/{app}/{id}/status").access(statusChange)
                        .requestMatchers(HttpMethod.DELETE, "/eureka/apps/{app}/{id}/status").access(statusChange)
                        // The dashboard's own styles, scripts and images.
                        .requestMatchers(HttpMethod.GET, "/eureka/css/**", "/eureka/js/**", "/eureka/fonts/**",
                                "/eureka/images/**").hasRole(DASHBOARD)
                        .requestMatchers(HttpMethod.GET, "/eureka/**").hasRole(READER)
                        // The operator view: seen with the dashboard login, acted on with the operator's only.
                        .requestMatchers(HttpMethod.GET, OperatorPageController.PATH).hasAnyRole(DASHBOARD, OPERATOR)
                        .requestMatchers(HttpMethod.POST, OperatorPageController.PATH + "/instances/**")
                        .hasRole(OPERATOR)
                        // Register, renew, cancel, metadata: the application's own registrant.
                        .requestMatchers("/eureka/apps/{app}/**").access(RegistryRoles.ownApplication())
                        .requestMatchers("/eureka/**").hasRole(PEER)
                        .requestMatchers(HttpMethod.GET, "/**").hasRole(DASHBOARD)
                        .anyRequest().denyAll())
                .httpBasic(Customizer.withDefaults())
                // Eureka clients and peers are not browsers: they send no CSRF token.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/eureka/**"))
                .build();
    }
}
