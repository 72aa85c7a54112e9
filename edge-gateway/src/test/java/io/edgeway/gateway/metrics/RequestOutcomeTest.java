package io.edgeway.gateway.metrics;

import java.net.URI;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class RequestOutcomeTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final RequestMetricsFilter filter = new RequestMetricsFilter(new RequestMeters(registry));

    @Test
    void recordsTheFirstRouteAndTheFirstRefusalWhenTheResponseCommits() {
        MockServerWebExchange exchange = started();
        new RouteOutcomeFilter().filter(routedTo(exchange, "api"), passThrough()).block();
        RequestOutcome.refused(exchange, RefusalReason.SHED);
        RequestOutcome.refused(exchange, RefusalReason.NO_INSTANCE);
        // A fallback forwarded to later matches another route.
        new RouteOutcomeFilter().filter(routedTo(exchange, "fallback"), passThrough()).block();
        commit(exchange, HttpStatus.SERVICE_UNAVAILABLE);

        assertThat(registry.get(RequestMeters.REQUESTS).tags("route", "api", "version", "none", "status", "5xx").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get(RequestMeters.REFUSALS).tags("route", "api", "reason", "shed").counter().count())
                .isEqualTo(1);
        assertThat(registry.find(RequestMeters.REFUSALS).tag("reason", "no_instance").counter()).isNull();
    }

    @Test
    void aFallbackReachedThroughAnOpenCircuitIsACircuitOpenRefusal() {
        MockServerWebExchange exchange = started();
        routedTo(exchange, "catalog");
        exchange.getAttributes().put(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR,
                CallNotPermittedException.createCallNotPermittedException(CircuitBreaker.ofDefaults("catalog")));
        new RouteOutcomeFilter().filter(exchange, passThrough()).block();
        commit(exchange, HttpStatus.OK);

        assertThat(registry.get(RequestMeters.REFUSALS).tags("route", "catalog", "reason", "circuit_open").counter()
                .count()).isEqualTo(1);
    }

    @Test
    void aRequestNeitherRoutedNorRefusedIsNotRouteTraffic() {
        MockServerWebExchange exchange = started();
        commit(exchange, HttpStatus.NOT_FOUND);

        assertThat(registry.find(RequestMeters.REQUESTS).meters()).isEmpty();
    }

    private MockServerWebExchange started() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/orders/42"));
        filter.filter(exchange, e -> Mono.empty()).block();
        return exchange;
    }

    private static ServerWebExchange routedTo(ServerWebExchange exchange, String routeId) {
        Route route = Route.async().id(routeId).uri(URI.create("lb://catalog")).predicate(e -> true).build();
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route);
        return exchange;
    }

    private static GatewayFilterChain passThrough() {
        return e -> Mono.empty();
    }

    private static void commit(MockServerWebExchange exchange, HttpStatus status) {
        exchange.getResponse().setStatusCode(status);
        exchange.getResponse().setComplete().block();
    }
}
