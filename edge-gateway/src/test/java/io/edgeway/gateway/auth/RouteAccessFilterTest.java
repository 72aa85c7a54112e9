package io.edgeway.gateway.auth;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.settings.GatewaySettings;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import io.edgeway.gateway.support.LiveProperties;

import static org.assertj.core.api.Assertions.assertThat;

class RouteAccessFilterTest {

    private final RouteAccessFilter filter = new RouteAccessFilter(
            new LiveProperties<>(new MockEnvironment(), GatewaySettings.AUTH),
            new BearerChallenge());

    private final AtomicReference<ServerWebExchange> forwarded = new AtomicReference<>();

    private final GatewayFilterChain chain = exchange -> {
        forwarded.set(exchange);
        return Mono.empty();
    };

    @Test
    void anonymousCallerOfAProtectedRouteIsChallengedAndNotForwarded() {
        MockServerWebExchange exchange = exchange(Map.of("scopes", "api"), null);

        filter.filter(exchange, chain).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(forwarded).hasNullValue();
    }

    @Test
    void callerWithoutTheScopeIsForbiddenAndNotForwarded() {
        MockServerWebExchange exchange = exchange(Map.of("scopes", "api"), jwt("bob", "read"));

        filter.filter(exchange, chain).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(exchange.getResponse().getHeaders().getFirst("WWW-Authenticate"))
                .contains("insufficient_scope").contains("scope=\"api\"");
        assertThat(forwarded).hasNullValue();
    }

    @Test
    void verifiedIdentityReplacesSpoofedHeaders() {
        MockServerWebExchange exchange = exchange(Map.of("scopes", "api"), jwt("alice", "api", "read"));

        filter.filter(exchange, chain).block();

        var headers = forwarded.get().getRequest().getHeaders();
        assertThat(headers.get("X-Auth-Subject")).containsExactly("alice");
        assertThat(headers.get("X-Auth-Scopes")).containsExactly("api read");
        assertThat(headers.get("X-Remote-User")).isNull();
    }

    @Test
    void publicRouteForwardsAnonymousCallersWithoutIdentityHeaders() {
        MockServerWebExchange exchange = exchange(Map.of("access", "public"), null);

        filter.filter(exchange, chain).block();

        var headers = forwarded.get().getRequest().getHeaders();
        assertThat(headers.get("X-Auth-Subject")).isNull();
        assertThat(headers.get("X-Auth-Scopes")).isNull();
        assertThat(headers.get("X-Remote-User")).isNull();
    }

    @Test
    void requestWithNothingToRemoveOrAddIsForwardedAsItIs() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/hello").header("Accept",
                "text/plain"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, Route.async().id("r")
                .uri(URI.create("http://backend")).predicate(e -> true).metadata(Map.of("access", "public")).build());

        filter.filter(exchange, chain).block();

        assertThat(forwarded.get()).isSameAs(exchange);
    }

    @Test
    void routeThatSaysNothingNeedsAToken() {
        MockServerWebExchange exchange = exchange(Map.of(), null);

        filter.filter(exchange, chain).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void rebuiltRouteOfTheSameIdIsJudgedByItsNewMetadata() {
        filter.filter(exchange(Map.of("access", "public"), null), chain).block();
        MockServerWebExchange exchange = exchange(Map.of("scopes", "api"), null);

        filter.filter(exchange, chain).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void identityHeadersInAnyCaseOrWithUnderscoresAreDropped() {
        MockServerWebExchange exchange = exchange(Map.of("scopes", "api"), jwt("alice", "api"));

        filter.filter(exchange, chain).block();

        HttpHeaders sent = forwarded.get().getRequest().getHeaders();
        assertThat(sent.get("X-Auth-Subject")).containsExactly("alice");
        assertThat(sent.headerNames()).noneMatch(name -> name.contains("_"))
                .noneMatch(name -> name.equalsIgnoreCase("x-remote-user"));
    }

    @Test
    void authorizationGoesOnlyToRoutesThatAskForIt() {
        filter.filter(exchange(Map.of("scopes", "api"), jwt("alice", "api")), chain).block();
        assertThat(forwarded.get().getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isNull();

        filter.filter(exchange(Map.of("scopes", "api", "forward-authorization", "true"), jwt("alice", "api")), chain)
                .block();
        assertThat(forwarded.get().getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)).isEqualTo("Bearer t");
    }

    private static MockServerWebExchange exchange(Map<String, Object> metadata, JwtAuthenticationToken principal) {
        MockServerHttpRequest request = MockServerHttpRequest.get("/api/x").header("X-Auth-Subject", "admin")
                .header("X-Auth-Scopes", "admin").header("X-Remote-User", "admin").header("X_Auth_Subject", "admin")
                .header("x-auth_scopes", "admin").header("X_REMOTE_USER", "admin")
                .header(HttpHeaders.AUTHORIZATION, "Bearer t").build();
        MockServerWebExchange exchange = MockServerWebExchange.builder(request).principal(principal).build();
        Route route = Route.async().id("r").uri(URI.create("http://backend")).predicate(e -> true)
                .metadata(metadata).build();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
        return exchange;
    }

    private static JwtAuthenticationToken jwt(String subject, String... scopes) {
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject(subject).claim("scope", String.join(" ", scopes))
                .build();
        return new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList(
                List.of(scopes).stream().map(s -> "SCOPE_" + s).toArray(String[]::new)));
    }
}
