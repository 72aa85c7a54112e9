package io.edgeway.gateway.pool;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendBusyHandlerTest {

    private final BackendBusyHandler handler = new BackendBusyHandler(pool(200, 2000));

    @Test
    void answers503WithTheInstanceAndTheLimits() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/hello/id"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR,
                URI.create("http://10.0.0.5:8081/id"));

        handler.handle(exchange, new PoolAcquireTimeoutException(Duration.ofSeconds(2))).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"status\":503,\"error\":"
                + "\"backend_busy\",\"reason\":\"no connection to 10.0.0.5:8081 was free within 2000 ms (at most 200 "
                + "per backend instance)\"}");
    }

    @Test
    void leavesEveryOtherErrorToTheNextHandler() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/hello/id"));
        IllegalStateException other = new IllegalStateException("boom");

        Mono<Void> handled = handler.handle(exchange, other);

        assertThatThrownBy(handled::block).isSameAs(other);
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    private static HttpClientProperties pool(int maxConnections, long acquireTimeout) {
        HttpClientProperties properties = new HttpClientProperties();
        properties.getPool().setMaxConnections(maxConnections);
        properties.getPool().setAcquireTimeout(acquireTimeout);
        return properties;
    }
}
