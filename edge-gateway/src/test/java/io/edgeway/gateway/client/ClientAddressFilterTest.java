package io.edgeway.gateway.client;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.settings.GatewaySettings;
import io.edgeway.gateway.support.ClientAddress;
import io.edgeway.gateway.support.LiveProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressFilterTest {

    private final AtomicReference<ServerWebExchange> passed = new AtomicReference<>();

    private final WebFilterChain chain = exchange -> {
        passed.set(exchange);
        return Mono.empty();
    };

    @Test
    void forwardingHeadersFromAnUntrustedPeerAreRemovedAndThePeerIsTheClient() {
        run("", request("198.51.100.20").header("X-Forwarded-For", "203.0.113.7").header("x-forwarded-proto", "https")
                .header("Forwarded", "for=203.0.113.7").header("X-Real-IP", "203.0.113.7")
                .header("X_Forwarded_For", "203.0.113.7"));

        assertThat(sent().headerNames()).noneMatch(ClientAddressFilter::isForwarding);
        assertThat(client()).isEqualTo("198.51.100.20");
    }

    @Test
    void behindATrustedProxyTheClientIsTheRightmostUntrustedHop() {
        run("10.0.0.0/8", request("10.1.1.1").header("X-Forwarded-For", "192.0.2.66, 203.0.113.7, 10.2.2.2"));

        assertThat(client()).isEqualTo("203.0.113.7");
        assertThat(sent().getFirst("X-Forwarded-For")).isEqualTo("192.0.2.66, 203.0.113.7, 10.2.2.2");
    }

    @Test
    void readsForwardedAndXRealIpWhenThereIsNoXForwardedFor() {
        run("10.0.0.0/8", request("10.1.1.1").header("Forwarded", "for=\"[2001:db8::7]:4711\";proto=https, for=10.3.3.3"));
        assertThat(client()).isEqualTo("2001:db8:0:0:0:0:0:7");

        run("10.0.0.0/8", request("10.1.1.1").header("X-Real-IP", "203.0.113.9"));
        assertThat(client()).isEqualTo("203.0.113.9");
    }

    @Test
    void anUnreadableHopStopsTheWalkAtTheLastTrustedOne() {
        run("10.0.0.0/8", request("10.1.1.1").header("X-Forwarded-For", "203.0.113.7, unknown, 10.2.2.2"));

        assertThat(client()).isEqualTo("10.2.2.2");
    }

    @Test
    void underscoreSpellingsAreRemovedEvenFromATrustedProxy() {
        run("10.0.0.0/8", request("10.1.1.1").header("X_Forwarded_For", "203.0.113.7"));

        assertThat(sent().headerNames()).doesNotContain("X_Forwarded_For");
        assertThat(client()).isEqualTo("10.1.1.1");
    }

    private void run(String trusted, MockServerHttpRequest.BaseBuilder<?> request) {
        MockEnvironment environment = new MockEnvironment();
        if (!trusted.isEmpty()) {
            environment.setProperty("edgeway.gateway.client-requests.trusted-proxies", trusted);
        }
        new ClientAddressFilter(new LiveProperties<>(environment, GatewaySettings.CLIENT_REQUESTS))
                .filter(MockServerWebExchange.from(request), chain).block();
    }

    private static MockServerHttpRequest.BaseBuilder<?> request(String peer) {
        return MockServerHttpRequest.get("http://gateway/x").remoteAddress(new InetSocketAddress(peer, 40000));
    }

    private HttpHeaders sent() {
        return passed.get().getRequest().getHeaders();
    }

    private String client() {
        return ClientAddress.of(passed.get()).orElseThrow();
    }
}
