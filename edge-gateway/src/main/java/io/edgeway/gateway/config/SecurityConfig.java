package io.edgeway.gateway.config;

import io.edgeway.gateway.auth.BearerChallenge;
import io.edgeway.gateway.auth.BearerTokenConverter;
import io.edgeway.gateway.auth.EdgeJwtDecoder;
import io.edgeway.gateway.auth.PrintableAsciiFirst;
import io.edgeway.gateway.auth.RouteAccessFilter;
import io.edgeway.gateway.settings.AuthProperties;
import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Two chains: the actuator, for operators with a password (only health and info are open), and every proxied
 * request, where a bearer token, if sent, must be valid and each route decides whether one is needed
 * ({@link RouteAccessFilter}). The actuator's operator is {@code spring.security.user}, from the service-security
 * module (Boot's own user store backs off as soon as a token decoder exists).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    @Order(1)
    SecurityWebFilterChain actuatorSecurity(ServerHttpSecurity http) {
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/actuator", "/actuator/**"))
                .authorizeExchange(exchange -> exchange
                        .pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .anyExchange().authenticated())
                .httpBasic(Customizer.withDefaults())
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // The actuator is called by scripts, never by a browser form.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .build();
    }

    @Bean
    @Order(2)
    SecurityWebFilterChain proxySecurity(ServerHttpSecurity http, EdgeJwtDecoder decoder, BearerChallenge challenge) {
        return http
                .authorizeExchange(exchange -> exchange.anyExchange().permitAll())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .bearerTokenConverter(new BearerTokenConverter())
                        .jwt(jwt -> jwt.jwtDecoder(decoder))
                        .authenticationEntryPoint(challenge))
                // Stateless: no session, no cookie can stand in for a token.
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Proxied clients are APIs authenticated by a header, not by a cookie.
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                // The backends' responses pass through with their own caching and framing headers.
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .build();
    }

    /** The default firewall, with the same header rules checked faster (PrintableAsciiFirst). */
    @Bean
    ServerWebExchangeFirewall serverWebExchangeFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(
                PrintableAsciiFirst.before(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES, false));
        firewall.setAllowedHeaderValues(
                PrintableAsciiFirst.before(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES, true));
        return firewall;
    }

    @Bean
    LiveProperties<AuthProperties> authProperties(Environment environment) {
        return new LiveProperties<>(environment, GatewaySettings.AUTH);
    }

    @Bean
    EdgeJwtDecoder edgeJwtDecoder(LiveProperties<AuthProperties> properties) {
        EdgeJwtDecoder decoder = new EdgeJwtDecoder(properties.get());
        properties.onChange(decoder::reconfigure);
        return decoder;
    }

    @Bean
    BearerChallenge bearerChallenge() {
        return new BearerChallenge();
    }

    @Bean
    RouteAccessFilter routeAccessFilter(LiveProperties<AuthProperties> properties, BearerChallenge challenge) {
        return new RouteAccessFilter(properties, challenge);
    }
}
