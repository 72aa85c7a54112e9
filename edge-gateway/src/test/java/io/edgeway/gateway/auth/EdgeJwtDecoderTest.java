package io.edgeway.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.edgeway.gateway.settings.AuthProperties;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
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
        String old = tokens.valid("alice", "api");
        assertThat(decoder.decode(old).block()).isNotNull();

        decoder.reconfigure(properties(List.of(pem(rotated.publicPem()))));

        assertThat(decoder.decode(rotated.valid("alice", "api")).block().getSubject()).isEqualTo("alice");
        assertRejected(old);
    }

    @Test
    void verifiesEachTokenOnce() {
        AtomicInteger verifications = new AtomicInteger();
        EdgeJwtDecoder.RememberVerified remembering = new EdgeJwtDecoder.RememberVerified(
                token -> { verifications.incrementAndGet(); return Mono.just(jwt(token)); }, jwt -> OK);

        remembering.decode("token-a").block();
        remembering.decode("token-a").block();
        remembering.decode("token-b").block();

        assertThat(verifications).hasValue(2);
    }

    @Test
    void refusesARememberedTokenOnceItExpires() {
        AtomicBoolean expired = new AtomicBoolean();
        EdgeJwtDecoder.RememberVerified remembering = new EdgeJwtDecoder.RememberVerified(
                token -> expired.get() ? Mono.error(new BadJwtException("expired")) : Mono.just(jwt(token)),
                jwt -> expired.get() ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token")) : OK);
        remembering.decode("token-a").block();

        expired.set(true);

        assertThatExceptionOfType(JwtException.class).isThrownBy(() -> remembering.decode("token-a").block());
        assertThat(remembering.remembered()).isZero();
    }

    @Test
    void neverRemembersARefusedToken() {
        AtomicInteger verifications = new AtomicInteger();
        EdgeJwtDecoder.RememberVerified remembering = new EdgeJwtDecoder.RememberVerified(token -> {
            verifications.incrementAndGet();
            return Mono.error(new BadJwtException("bad signature"));
        }, jwt -> OK);

        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(JwtException.class).isThrownBy(() -> remembering.decode("forged").block());
        }

        assertThat(verifications).hasValue(2);
        assertThat(remembering.remembered()).isZero();
    }

    private static Jwt jwt(String token) {
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").build();
    }

    @Test
    void refusesSymmetricAlgorithmsInConfiguration() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AuthProperties(TestTokens.ISSUER,
                List.of(TestTokens.AUDIENCE), null, List.of(), Set.of("HS256"), Duration.ofSeconds(30),
                "authenticated", headers())).withMessageContaining("HS256");
    }

    private static final OAuth2TokenValidatorResult OK = OAuth2TokenValidatorResult.success();

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
