package io.edgeway.gateway.pool;

import java.net.ConnectException;
import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendErrorHandlerTest {

    private final BackendErrorHandler handler = new BackendErrorHandler(pool(200, 2000));

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
    void refusedConnectionIs502NamingTheBalancedInstance() {
        MockServerWebExchange exchange = balancedTo("sample-backend-1", "10.0.0.5", 8081);

        handler.handle(exchange, new ConnectException("Connection refused: /10.0.0.5:8081")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"status\":502,\"error\":"
                + "\"backend_unreachable\",\"reason\":\"could not connect to sample-backend instance sample-backend-1 at "
                + "10.0.0.5:8081: connection refused\"}");
    }

    @Test
    void connectTimeoutIs504() {
        MockServerWebExchange exchange = balancedTo("10.0.0.5:8081", "10.0.0.5", 8081);

        handler.handle(exchange, new ConnectTimeoutException("connection timed out after 1000 ms: /10.0.0.5:8081"))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"status\":504,\"error\":"
                + "\"backend_timeout\",\"reason\":\"no connection to sample-backend instance 10.0.0.5:8081: connection "
                + "timed out after 1000 ms\"}");
    }

    @Test
    void failedTlsHandshakeIs502SayingWhy() {
        MockServerWebExchange exchange = balancedTo("sample-backend-1", "10.0.0.5", 8443);
        SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
        untrusted.initCause(new CertPathBuilderException("unable to find valid certification path"));

        handler.handle(exchange, untrusted).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"status\":502,\"error\":"
                + "\"backend_tls_failed\",\"reason\":\"TLS handshake with sample-backend instance sample-backend-1 at "
                + "10.0.0.5:8443 failed: its certificate is not signed by a CA the gateway trusts "
                + "(edgeway.gateway.tls.backends.trusted-ca)\"}");
    }

    @Test
    void namesAHostNameMismatch() {
        SSLHandshakeException misnamed = new SSLHandshakeException("No subject alternative names matching IP address "
                + "10.0.0.5 found");
        misnamed.initCause(new CertificateException("No subject alternative names matching IP address 10.0.0.5 found"));

        assertThat(BackendErrorHandler.tlsReason(misnamed)).isEqualTo("its certificate is not issued for the address "
                + "the gateway connected to (No subject alternative names matching IP address 10.0.0.5 found)");
    }

    @Test
    void responseTimeoutIs504LikeTheConnectTimeout() {
        MockServerWebExchange exchange = balancedTo("sample-backend-1", "10.0.0.5", 8081);
        TimeoutException timeout = new TimeoutException("Response took longer than timeout: PT0.5S");

        handler.handle(exchange, new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, timeout.getMessage(), timeout))
                .block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"status\":504,\"error\":"
                + "\"backend_timeout\",\"reason\":\"no response from sample-backend instance sample-backend-1 at "
                + "10.0.0.5:8081 within 500 ms\"}");
    }

    @Test
    void leavesEveryOtherErrorToTheNextHandler() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/hello/id"));
        IllegalStateException other = new IllegalStateException("boom");

        Mono<Void> handled = handler.handle(exchange, other);

        assertThatThrownBy(handled::block).isSameAs(other);
        assertThat(exchange.getResponse().getStatusCode()).isNull();
    }

    private static MockServerWebExchange balancedTo(String instanceId, String host, int port) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/hello/id"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR,
                URI.create("http://" + host + ":" + port + "/id"));
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
                new DefaultResponse(new DefaultServiceInstance(instanceId, "SAMPLE-BACKEND", host, port, false)));
        return exchange;
    }

    private static HttpClientProperties pool(int maxConnections, long acquireTimeout) {
        HttpClientProperties properties = new HttpClientProperties();
        properties.getPool().setMaxConnections(maxConnections);
        properties.getPool().setAcquireTimeout(acquireTimeout);
        return properties;
    }
}
