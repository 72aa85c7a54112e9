package io.edgeway.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.jwt.JwtException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EdgeJwtDecoderTest {

    private final TestTokens tokens = new TestTokens();

    private final EdgeJwtDecoder decoder = new EdgeJwtDecoder(properties(List.of(pem(tokens.publicPem()))));

    @Test
    void acceptsTokenOfTheIssuer() {
        assertThat(decoder.decode(tokens.valid("alice", "api")).block().getSubject()).isEqualTo("alice");
    }

    @Test
    void rejectsAlgNone() {
        assertRejected(TestTokens.unsigned(TestTokens.claims("alice", "api").build()));
    }

    @Test
    void rejectsHmacSignedWithThePublicKey() {
        assertRejected(tokens.hmacWithPublicKey(TestTokens.claims("alice", "api").build(), false));
    }

    @Test
    void rejectsTokenWithWrongAudience() {
        assertRejected(tokens.valid("alice", "api", c -> c.audience("other")));
    }

    @Test
    void refusesEveryTokenWhenNoKeyIsConfigured() {
        EdgeJwtDecoder unconfigured = new EdgeJwtDecoder(properties(List.of()));

        assertThatExceptionOfType(JwtException.class)
                .isThrownBy(() -> unconfigured.decode(tokens.valid("alice", "api")).block())
                .withMessageContaining("no token signing keys");
    }

    @Test
    void reconfigureSwitchesToTheNewKeys() {
        TestTokens rotated = new TestTokens();

        decoder.reconfigure(properties(List.of(pem(rotated.publicPem()))));

        assertThat(decoder.decode(rotated.valid("alice", "api")).block().getSubject()).isEqualTo("alice");
        assertRejected(tokens.valid("alice", "api"));
    }

    @Test
    void refusesSymmetricAlgorithmsInConfiguration() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AuthProperties(TestTokens.ISSUER,
                List.of(TestTokens.AUDIENCE), null, List.of(), Set.of("HS256"), Duration.ofSeconds(30),
                "authenticated", headers())).withMessageContaining("HS256");
    }

    private void assertRejected(String token) {
        assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token).block());
    }

    private static AuthProperties properties(List<Resource> keys) {
        return new AuthProperties(TestTokens.ISSUER, List.of(TestTokens.AUDIENCE), null, keys, Set.of("RS256"),
                Duration.ofSeconds(30), "authenticated", headers());
    }

    private static AuthProperties.Headers headers() {
        return new AuthProperties.Headers("X-Auth-Subject", "X-Auth-Scopes", List.of());
    }

    private static Resource pem(String text) {
        return new ByteArrayResource(text.getBytes(StandardCharsets.US_ASCII));
    }
}
