package io.edgeway.gateway.client;

import java.util.concurrent.atomic.AtomicBoolean;

import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.LiveProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class RequestHeaderLimitsFilterTest {

    private final RequestHeaderLimitsFilter filter = new RequestHeaderLimitsFilter(
            new LiveProperties<>(new MockEnvironment(), GatewaySettings.CLIENT_REQUESTS));

    private final AtomicBoolean passed = new AtomicBoolean();

    private final WebFilterChain chain = exchange -> {
        passed.set(true);
        return Mono.empty();
    };

    @Test
    void passesAnOrdinaryRequest() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/").header("Authorization", "Bearer t")
                .header("Accept", "application/json"));

        assertThat(passed).isTrue();
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    @Test
    void refusesMoreHeaderLinesThanAllowed() {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/");
        for (int i = 0; i < 101; i++) {
            request.header("X-Filler", Integer.toString(i));
        }

        MockServerWebExchange exchange = run(request);

        assertThat(passed).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("at most 100 header lines, not 101");
    }

    @Test
    void refusesTwoAuthorizationHeaders() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.get("/").header("Authorization", "Bearer a")
                .header("authorization", "Bearer b"));

        assertThat(passed).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("more than one Authorization header");
    }

    @Test
    void refusesContentLengthWithTransferEncoding() {
        MockServerWebExchange exchange = run(MockServerHttpRequest.post("/").header("Content-Length", "4")
                .header("Transfer-Encoding", "chunked"));

        assertThat(passed).isFalse();
        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getHeaders().getFirst("Connection")).isEqualTo("close");
    }

    private MockServerWebExchange run(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        filter.filter(exchange, chain).block();
        return exchange;
    }
}
