package io.edgeway.gateway.loadbalancer;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class InFlightRequestsFilterTest {

    private final InFlightRequests inFlight = new InFlightRequests();

    private final InFlightRequestsFilter filter = new InFlightRequestsFilter(inFlight);

    private final ServiceInstance instance = new DefaultServiceInstance("a", "svc", "127.0.0.1", 8080, false);

    private final Sinks.Empty<Void> backend = Sinks.empty();

    private final GatewayFilterChain chain = exchange -> backend.asMono();

    @Test
    void countsAnAttemptUntilItsResponseArrives() {
        Disposable attempt = filter.filter(exchange(), chain).subscribe();

        assertThat(inFlight.count(instance)).isEqualTo(1);
        backend.tryEmitEmpty();
        assertThat(inFlight.count(instance)).isZero();
        assertThat(attempt.isDisposed()).isTrue();
    }

    @Test
    void releasesTheCountWhenTheAttemptFails() {
        GatewayFilterChain failing = exchange -> Mono.error(new IOException("connection refused"));

        assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> filter.filter(exchange(), failing).block());

        assertThat(inFlight.count(instance)).isZero();
    }

    @Test
    void releasesTheCountWhenTheClientGoesAway() {
        Disposable attempt = filter.filter(exchange(), chain).subscribe();

        attempt.dispose();

        assertThat(inFlight.count(instance)).isZero();
    }

    @Test
    void countsAnAnswerBelow500AsServed() {
        MockServerWebExchange exchange = exchange();
        GatewayFilterChain answering = e -> Mono.fromRunnable(() -> e.getResponse().setStatusCode(HttpStatus.OK));

        filter.filter(exchange, answering).block();

        assertThat(inFlight.served("SVC", "a")).isEqualTo(1);
        assertThat(inFlight.count("svc", "a")).isZero();
    }

    @Test
    void doesNotCountA5xxOrAFailureAsServed() {
        GatewayFilterChain erring = e -> Mono.fromRunnable(
                () -> e.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE));
        GatewayFilterChain failing = e -> Mono.error(new IOException("connection refused"));

        filter.filter(exchange(), erring).block();
        assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> filter.filter(exchange(), failing).block());

        assertThat(inFlight.served("svc", "a")).isZero();
    }

    @Test
    void leavesUnbalancedRequestsAlone() {
        filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/")), chain).subscribe();

        assertThat(inFlight.count(instance)).isZero();
    }

    private MockServerWebExchange exchange() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
                new DefaultResponse(instance));
        return exchange;
    }
}
