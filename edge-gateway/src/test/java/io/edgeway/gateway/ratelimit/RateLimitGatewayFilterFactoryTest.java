package io.edgeway.gateway.ratelimit;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.edgeway.gateway.settings.GatewaySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.edgeway.gateway.support.LiveProperties;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RateLimitGatewayFilterFactoryTest {

    private final RateLimitGatewayFilterFactory factory = new RateLimitGatewayFilterFactory(localLimiters(),
            new SimpleMeterRegistry());

    private final AtomicInteger forwarded = new AtomicInteger();

    private final GatewayFilterChain chain = exchange -> {
        forwarded.incrementAndGet();
        return Mono.empty();
    };

    @Test
    void clientPastItsBurstGets429WithRetryAfter() {
        GatewayFilter filter = filter(2, Duration.ofMinutes(1), "header:X-Api-Key");
        filter.filter(request("key-1"), chain).block();
        filter.filter(request("key-1"), chain).block();
        MockServerWebExchange third = request("key-1");

        filter.filter(third, chain).block();

        assertThat(forwarded).hasValue(2);
        assertThat(third.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(Long.parseLong(third.getResponse().getHeaders().getFirst("Retry-After"))).isBetween(1L, 30L);
        assertThat(third.getResponse().getBodyAsString().block()).contains("rate limit");
    }

    @Test
    void eachClientHasItsOwnBucket() {
        GatewayFilter filter = filter(1, Duration.ofMinutes(1), "header:X-Api-Key");

        filter.filter(request("key-1"), chain).block();
        filter.filter(request("key-2"), chain).block();

        assertThat(forwarded).hasValue(2);
    }

    @Test
    void fallsBackToThePeerAddress() {
        GatewayFilter filter = filter(1, Duration.ofMinutes(1), "header:X-Api-Key, ip");
        MockServerWebExchange second = MockServerWebExchange.from(MockServerHttpRequest.get("/")
                .remoteAddress(new InetSocketAddress("10.0.0.7", 5000)));

        filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/")
                .remoteAddress(new InetSocketAddress("10.0.0.7", 4000))), chain).block();
        filter.filter(second, chain).block();

        assertThat(second.getResponse().getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    @Test
    void requestWithoutAnyKeyIsNotLimited() {
        GatewayFilter filter = filter(1, Duration.ofMinutes(1), "header:X-Api-Key");

        for (int i = 0; i < 5; i++) {
            filter.filter(MockServerWebExchange.from(MockServerHttpRequest.get("/")), chain).block();
        }

        assertThat(forwarded).hasValue(5);
    }

    @Test
    void rejectsALimitOfZero() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter(0, Duration.ofSeconds(1), "ip"));
    }

    private GatewayFilter filter(long requests, Duration period, String key) {
        RateLimitGatewayFilterFactory.Config config = new RateLimitGatewayFilterFactory.Config();
        config.setRequests(requests);
        config.setPeriod(period);
        config.setKey(key);
        config.setRouteId("r");
        return factory.apply(config);
    }

    private static ClientRateLimiters localLimiters() {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        return new ClientRateLimiters(new LiveProperties<>(new MockEnvironment(), GatewaySettings.RATE_LIMIT),
                beans.getBeanProvider(ReactiveStringRedisTemplate.class),
                beans.getBeanProvider(RedisAvailability.class));
    }

    private static MockServerWebExchange request(String apiKey) {
        return MockServerWebExchange.from(MockServerHttpRequest.get("/").header("X-Api-Key", apiKey));
    }
}
