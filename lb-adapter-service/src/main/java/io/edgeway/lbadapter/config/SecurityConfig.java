package io.edgeway.lbadapter.config;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import io.edgeway.security.Sha256PasswordEncoder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * Only health and info are open. A viewer reads the VIP page and every {@code GET /api/**}; everything else needs the
 * operator (HTTP basic). The two member actions let a viewer through to be refused there, with 403 and a row in the
 * audit log, since an attempt to steer traffic without the role is worth recording. State-changing requests from a
 * browser also need the CSRF token ({@code GET /api/operator} hands it to the page): a browser replays basic
 * credentials on its own, so another site's form or script could otherwise drain a member. Tools that are not
 * browsers (curl, scripts) send neither {@code Origin} nor cookies and need no token.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfig {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private static final String[] VIEWER_READS = { "/", "/index.html", "/vips.js", "/vips.css", "/api/**" };

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/info").permitAll()
                        // The health probes on the traffic port (the actuator has a port of its own).
                        .requestMatchers(HttpMethod.GET, "/livez", "/readyz").permitAll()
                        // Error dispatches of refused requests: their status (403, 404) and not a 401.
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.GET, VIEWER_READS).hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                        // Prometheus scrapes with the read-only login (docs/observability.md).
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                        .requestMatchers(HttpMethod.HEAD, VIEWER_READS).hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                        // The role is checked, and a refusal audited, by MemberActionController.
                        .requestMatchers(HttpMethod.POST, "/api/members/drain", "/api/members/enable")
                        .hasAnyRole(Roles.VIEWER, Roles.OPERATOR)
                        .anyRequest().hasRole(Roles.OPERATOR))
                .httpBasic(Customizer.withDefaults())
                // The token lives in a cookie, not a session: basic auth keeps the adapter stateless.
                .csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository())
                        .requireCsrfProtectionMatcher(SecurityConfig::stateChangingFromABrowser))
                .build();
    }

    @Bean
    Sha256PasswordEncoder adapterPasswordEncoder() {
        return new Sha256PasswordEncoder();
    }

    @Bean
    UserDetailsService adapterUsers(SecurityProperties security, LbAdapterProperties properties,
            Sha256PasswordEncoder adapterPasswordEncoder) {
        return new AdapterUsers(security.getUser(), properties.viewer(), adapterPasswordEncoder);
    }

    /** Browsers send {@code Origin} with every cross-origin (and every fetch) POST, and cookies once they have any. */
    private static boolean stateChangingFromABrowser(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && (request.getHeader("Origin") != null
                || request.getHeader("Sec-Fetch-Site") != null || request.getHeader("Cookie") != null);
    }
}
