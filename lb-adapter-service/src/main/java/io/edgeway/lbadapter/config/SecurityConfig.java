package io.edgeway.lbadapter.config;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Only health and info are open; the VIP page, every API and every device action need the operator's credentials
 * (HTTP basic). State-changing requests from a browser also need the CSRF token ({@code GET /api/operator} hands it
 * to the page): a browser replays basic credentials on its own, so another site's form or script could otherwise
 * drain a member. Tools that are not browsers (curl, scripts) send neither {@code Origin} nor cookies and need no
 * token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health/**", "/actuator/info").permitAll()
                        // Error dispatches of refused requests: their status (403, 404) and not a 401.
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // The token lives in a cookie, not a session: basic auth keeps the adapter stateless.
                .csrf(csrf -> csrf.csrfTokenRepository(new CookieCsrfTokenRepository())
                        .requireCsrfProtectionMatcher(SecurityConfig::stateChangingFromABrowser))
                .build();
    }

    /** Browsers send {@code Origin} with every cross-origin (and every fetch) POST, and cookies once they have any. */
    private static boolean stateChangingFromABrowser(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod()) && (request.getHeader("Origin") != null
                || request.getHeader("Sec-Fetch-Site") != null || request.getHeader("Cookie") != null);
    }
}
