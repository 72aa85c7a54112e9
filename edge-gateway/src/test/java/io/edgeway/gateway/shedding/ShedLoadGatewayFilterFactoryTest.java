package io.edgeway.gateway.shedding;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.settings.Priority;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import io.edgeway.gateway.support.LiveProperties;

import static org.assertj.core.api.Assertions.assertThat;

class ShedLoadGatewayFilterFactoryTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final ConcurrencyLimiters limiters = new ConcurrencyLimiters(new LiveProperties<>(new MockEnvironment()
            .withProperty("edgeway.gateway.shedding.initial-limit", "10")
            .withProperty("edgeway.gateway.shedding.min-limit", "4")
            .withProperty("edgeway.gateway.shedding.max-limit", "10"), GatewaySettings.SHEDDING), meters);

    private final ShedLoadGatewayFilterFactory factory = new ShedLoadGatewayFilterFactory(limiters, meters);

    private final AtomicInteger forwarded = new AtomicInteger();

    /** A backend that never answers: every admitted request keeps its permit. */
    private final GatewayFilterChain stuck = exchange -> {
        forwarded.incrementAndGet();
        return Mono.never();
    };

    @Test
    void refusesWith503AndRetryAfterOnceTheClassShareIsInFlight() {
        GatewayFilter bestEffort = filter("best-effort");
        for (int i = 0; i < 5; i++) {
            bestEffort.filter(exchange(null, null), stuck).subscribe();
        }
        MockServerWebExchange refused = exchange(null, null);

        bestEffort.filter(refused, stuck).block();

        assertThat(forwarded).hasValue(5);
        assertThat(refused.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(refused.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(refused.getResponse().getBodyAsString().block()).contains("catalog is at its concurrency limit");
        assertThat(meters.get(ShedLoadGatewayFilterFactory.REQUESTS_METRIC).tag("outcome", "shed").counter().count())
                .isEqualTo(1);
    }

    /** A rate over a counter born with the first shed would miss that shed: the shed series exists from the start. */
    @Test
    void theShedCounterExistsAtZeroOnceTheClassIsAdmitted() {
        filter("best-effort").filter(exchange(null, null), exchange -> Mono.empty()).block();

        assertThat(meters.get(ShedLoadGatewayFilterFactory.REQUESTS_METRIC).tag("priority", "best-effort")
                .tag("outcome", "shed").counter().count()).isZero();
        assertThat(meters.get(ShedLoadGatewayFilterFactory.REQUESTS_METRIC).tag("priority", "best-effort")
                .tag("outcome", "admitted").counter().count()).isEqualTo(1);
    }

    @Test
    void routesToOneServiceShareOneLimiter() {
        for (int i = 0; i < 5; i++) {
            filter("best-effort").filter(exchange(null, null), stuck).subscribe();
        }

        assertThat(limiters.get("catalog").inflight()).isEqualTo(5);
    }

    @Test
    void permitIsReturnedWhenTheBackendAnswers() {
        GatewayFilter critical = filter("critical");
        for (int i = 0; i < 20; i++) {
            critical.filter(exchange(null, null), exchange -> Mono.empty()).block();
        }

        assertThat(limiters.get("catalog").inflight()).isZero();
    }

    @Test
    void priorityHeaderCountsOnlyForCallersWithTheScope() {
        GatewayFilter bestEffort = filter("best-effort");
        for (int i = 0; i < 5; i++) {
            bestEffort.filter(exchange(null, null), stuck).subscribe();
        }
        MockServerWebExchange withoutScope = exchange("critical", jwt("mallory", "api"));
        MockServerWebExchange withScope = exchange("critical", jwt("ops", "api", "priority"));

        bestEffort.filter(withoutScope, stuck).block();
        bestEffort.filter(withScope, stuck).subscribe();

        assertThat(withoutScope.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(withScope.getResponse().getStatusCode()).isNull();
        assertThat(forwarded).hasValue(6);
    }

    private GatewayFilter filter(String priority) {
        ShedLoadGatewayFilterFactory.Config config = new ShedLoadGatewayFilterFactory.Config();
        config.setPriority(priority);
        config.setRouteId("r");
        return factory.apply(config);
    }

    private static MockServerWebExchange exchange(String priorityHeader, JwtAuthenticationToken principal) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/x");
        if (priorityHeader != null) {
            request.header("X-Priority", priorityHeader);
        }
        MockServerWebExchange exchange = MockServerWebExchange.builder(request.build()).principal(principal).build();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, Route.async().id("r")
                .uri(URI.create("lb://catalog")).predicate(e -> true).build());
        return exchange;
    }

    private static JwtAuthenticationToken jwt(String subject, String... scopes) {
        return new JwtAuthenticationToken(Jwt.withTokenValue("t").header("alg", "RS256").subject(subject).build(),
                AuthorityUtils.createAuthorityList(java.util.Arrays.stream(scopes).map(s -> "SCOPE_" + s)
                        .toArray(String[]::new)));
    }
}
