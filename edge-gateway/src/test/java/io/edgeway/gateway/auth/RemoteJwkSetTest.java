package io.edgeway.gateway.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.settings.AuthProperties;
import io.edgeway.gateway.support.TestBackends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The gateway's decoder against an issuer's JWK set served over HTTP on a loopback port. */
class RemoteJwkSetTest {

    private final TestTokens issuer = new TestTokens();

    private final AtomicReference<List<JWK>> published = new AtomicReference<>(List.of(issuer.publicJwk("k1")));

    private final AtomicInteger fetches = new AtomicInteger();

    private final HttpServer server = jwkSetServer();

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void tokensNamingAnUnknownKeyDoNotMakeTheGatewayFetchPerRequest() {
        EdgeJwtDecoder decoder = decoder(Duration.ofHours(1), Duration.ofHours(1));
        assertThat(decoder.decode(issuer.sign(TestTokens.claims("alice", "api").build(), "k1")).block()).isNotNull();

        for (int i = 0; i < 20; i++) {
            String madeUp = issuer.sign(TestTokens.claims("mallory", "api").build(), "made-up-" + i);
            assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(madeUp).block());
        }

        assertThat(fetches).as("the first fetch and one early one").hasValueLessThanOrEqualTo(2);
    }

    @Test
    void aKeyRotatedInIsFoundAndARemovedKeyStopsBeingTrusted() {
        EdgeJwtDecoder decoder = decoder(Duration.ofSeconds(1), Duration.ofMillis(200));
        assertThat(decoder.decode(issuer.sign(TestTokens.claims("alice", "api").build(), "k1")).block()).isNotNull();
        TestTokens rotated = new TestTokens();

        published.set(List.of(rotated.publicJwk("k2")));

        await("the new key is found").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> accepts(decoder, rotated.sign(TestTokens.claims("alice", "api").build(), "k2")));
        await("the removed key is no longer trusted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> !accepts(decoder, issuer.sign(TestTokens.claims("bob", "api").build(), "k1")));
    }

    @Test
    void aTokenVerifiedBeforeItsKeyWasRemovedStopsBeingTrusted() {
        EdgeJwtDecoder decoder = decoder(Duration.ofSeconds(1), Duration.ofMillis(200));
        String verified = issuer.sign(TestTokens.claims("alice", "api").build(), "k1");
        assertThat(accepts(decoder, verified)).isTrue();

        published.set(List.of(new TestTokens().publicJwk("k2")));

        await("the remembered token of the removed key is refused").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).until(() -> !accepts(decoder, verified));
    }

    @Test
    void anIssuerThatIsDownKeepsTheKeysFetchedBefore() {
        EdgeJwtDecoder decoder = decoder(Duration.ofMillis(200), Duration.ofMillis(100));
        assertThat(decoder.decode(issuer.sign(TestTokens.claims("alice", "api").build(), "k1")).block()).isNotNull();

        server.stop(0);

        // First looked at after the set's refresh time, when the gateway must fetch it again and cannot.
        await("still trusted").pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> accepts(decoder, issuer.sign(TestTokens.claims("carol", "api").build(), "k1")));
    }

    private static boolean accepts(EdgeJwtDecoder decoder, String token) {
        try {
            return decoder.decode(token).block() != null;
        }
        catch (JwtException ex) {
            return false;
        }
    }

    private EdgeJwtDecoder decoder(Duration refresh, Duration minRefetch) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
        return new EdgeJwtDecoder(new AuthProperties(TestTokens.ISSUER, List.of(TestTokens.AUDIENCE), uri, List.of(),
                Set.of("RS256"), Duration.ofSeconds(30), "authenticated",
                new AuthProperties.Headers("X-Auth-Subject", "X-Auth-Scopes", List.of(), "X-Client-Cert-Subject"),
                new AuthProperties.KeySet(refresh, minRefetch)));
    }

    private HttpServer jwkSetServer() {
        return TestBackends.answering(exchange -> {
            fetches.incrementAndGet();
            return new JWKSet(published.get()).toString();
        });
    }
}
