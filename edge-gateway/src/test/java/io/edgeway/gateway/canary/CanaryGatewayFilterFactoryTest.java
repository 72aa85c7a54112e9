package io.edgeway.gateway.canary;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.edgeway.gateway.settings.CanaryProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CanaryGatewayFilterFactoryTest {

    private final CanaryGatewayFilterFactory factory = new CanaryGatewayFilterFactory(new SimpleMeterRegistry(),
            () -> new CanaryProperties("canary", java.time.Duration.ofSeconds(1),
                    java.nio.file.Path.of("rollout-weights.json")));

    private final AtomicReference<CanaryDecision> seen = new AtomicReference<>();

    private final AtomicReference<String> overrideSent = new AtomicReference<>();

    private final GatewayFilterChain chain = exchange -> {
        seen.set(exchange.getAttribute(CanaryDecision.ATTRIBUTE));
        overrideSent.set(exchange.getRequest().getHeaders().getFirst("X-Canary"));
        return Mono.empty();
    };

    @Test
    void assignsByTheHeaderKey() {
        GatewayFilter filter = filter(50, "header:X-User", null);
        CanarySplit split = new CanarySplit("v1", "v2", 50, "api");

        for (String user : new String[] { "alice", "bob", "carol", "dave", "erin" }) {
            filter.filter(exchange(MockServerHttpRequest.get("/").header("X-User", user)), chain).block();

            assertThat(seen.get().version()).isEqualTo(split.versionFor(user));
            assertThat(seen.get().by()).isEqualTo("key");
            assertThat(seen.get().fallback()).isEqualTo(split.otherThan(split.versionFor(user)));
        }
    }

    @Test
    void assignsByTheVerifiedSubjectBeforeAHeader() {
        GatewayFilter filter = filter(50, "subject, header:X-User", null);
        MockServerWebExchange exchange = MockServerWebExchange.builder(MockServerHttpRequest.get("/")
                .header("X-User", "someone-else")).principal(jwt("alice")).build();

        filter.filter(exchange, chain).block();

        assertThat(seen.get().version()).isEqualTo(new CanarySplit("v1", "v2", 50, "api").versionFor("alice"));
    }

    @Test
    void assignsByCookie() {
        GatewayFilter filter = filter(100, "cookie:uid", null);

        filter.filter(exchange(MockServerHttpRequest.get("/").cookie(new org.springframework.http.HttpCookie("uid", "u1"))),
                chain).block();

        assertThat(seen.get().by()).isEqualTo("key");
        assertThat(seen.get().version()).isEqualTo("v2");
    }

    @Test
    void requestWithoutKeyIsAssignedAtRandom() {
        filter(0, "header:X-User", null).filter(exchange(MockServerHttpRequest.get("/")), chain).block();

        assertThat(seen.get().by()).isEqualTo("random");
        assertThat(seen.get().version()).isEqualTo("v1");
    }

    @Test
    void overrideHeaderForcesAVersionForACallerWithTheOverrideScope() {
        filter(0, "subject", "X-Canary").filter(scoped(MockServerHttpRequest.get("/").header("X-Canary", "v2"),
                "tester", "api", "canary"), chain).block();

        assertThat(seen.get().version()).isEqualTo("v2");
        assertThat(seen.get().by()).isEqualTo("override");
    }

    @Test
    void overrideHeaderIsIgnoredAndRemovedForACallerWithoutTheOverrideScope() {
        filter(0, "subject", "X-Canary").filter(scoped(MockServerHttpRequest.get("/").header("X-Canary", "v2"),
                "alice", "api"), chain).block();

        assertThat(seen.get().version()).isEqualTo("v1");
        assertThat(seen.get().by()).isEqualTo("key");
        assertThat(overrideSent).hasNullValue();
    }

    @Test
    void overrideHeaderIsIgnoredForAnAnonymousCaller() {
        filter(0, "header:X-User", "X-Canary").filter(exchange(MockServerHttpRequest.get("/").header("X-User", "u")
                .header("X-Canary", "v9")), chain).block();

        assertThat(seen.get().version()).isEqualTo("v1");
        assertThat(overrideSent).hasNullValue();
    }

    @Test
    void overrideHeaderIsIgnoredWhereTheRouteDoesNotAllowIt() {
        filter(0, "subject", null).filter(exchange(MockServerHttpRequest.get("/").header("X-Canary", "v2")), chain)
                .block();

        assertThat(seen.get().version()).isEqualTo("v1");
    }

    @Test
    void unknownOverrideVersionIsABadRequest() {
        MockServerWebExchange exchange = scoped(MockServerHttpRequest.get("/").header("X-Canary", "v9"), "tester",
                "canary");

        filter(0, "subject", "X-Canary").filter(exchange, chain).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(exchange.getResponse().getBodyAsString().block()).contains("X-Canary must be v1 or v2");
        assertThat(seen).hasNullValue();
    }

    @Test
    void rejectsAnUnknownKeySource() {
        assertThatIllegalArgumentException().isThrownBy(() -> filter(5, "query:user", null))
                .withMessageContaining("query:user");
    }

    private GatewayFilter filter(double weight, String key, String overrideHeader) {
        CanaryGatewayFilterFactory.Config config = new CanaryGatewayFilterFactory.Config();
        config.setRouteId("api");
        config.setStable("v1");
        config.setCanary("v2");
        config.setWeight(weight);
        config.setKey(key);
        config.setOverrideHeader(overrideHeader);
        return factory.apply(config);
    }

    private static MockServerWebExchange exchange(MockServerHttpRequest.BaseBuilder<?> request) {
        return MockServerWebExchange.from(request);
    }

    private static MockServerWebExchange scoped(MockServerHttpRequest.BaseBuilder<?> request, String subject,
            String... scopes) {
        Jwt token = Jwt.withTokenValue("t").header("alg", "RS256").subject(subject).build();
        List<SimpleGrantedAuthority> authorities = java.util.Arrays.stream(scopes)
                .map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).toList();
        return MockServerWebExchange.builder(request).principal(new JwtAuthenticationToken(token, authorities)).build();
    }

    private static JwtAuthenticationToken jwt(String subject) {
        return new JwtAuthenticationToken(Jwt.withTokenValue("t").header("alg", "RS256").subject(subject).build());
    }
}
