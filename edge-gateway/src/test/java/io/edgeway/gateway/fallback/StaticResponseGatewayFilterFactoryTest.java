package io.edgeway.gateway.fallback;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class StaticResponseGatewayFilterFactoryTest {

    @Test
    void answersFromTheConfigWithoutCallingTheChain() {
        StaticResponseGatewayFilterFactory.Config config = new StaticResponseGatewayFilterFactory.Config();
        config.setStatus(503);
        config.setContentType("application/json");
        config.setBody("{\"reason\":\"maintenance\"}");
        config.setRetryAfter(Duration.ofMinutes(2));
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/x"));
        AtomicBoolean chained = new AtomicBoolean();

        new StaticResponseGatewayFilterFactory().apply(config).filter(exchange, e -> {
            chained.set(true);
            return Mono.empty();
        }).block();

        assertThat(chained).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("120");
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"reason\":\"maintenance\"}");
    }
}
