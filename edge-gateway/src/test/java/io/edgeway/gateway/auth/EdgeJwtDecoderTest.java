package io.edgeway.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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

    private static final Function<Jwt, Mono<Boolean>> KEY_KEPT = jwt -> Mono.just(true);

    // Tokens for the remembering decoder's own tests: compact form, no real signature.
    private static final String TOKEN_A = "YQ.YQ.YQ";

    private static final String TOKEN_B = "Yg.Yg.Yg";

    private static final String FORGED = "Zm9y.Z2Vk.c2ln";

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
                token -> { verifications.incrementAndGet(); return Mono.just(jwt(token)); }, jwt -> OK, KEY_KEPT, 10);

        remembering.decode(TOKEN_A).block();
        remembering.decode(TOKEN_A).block();
        remembering.decode(TOKEN_B).block();

        assertThat(verifications).hasValue(2);
    }

    @Test
    void refusesARememberedTokenOnceItExpires() {
        AtomicBoolean expired = new AtomicBoolean();
        EdgeJwtDecoder.RememberVerified remembering = new EdgeJwtDecoder.RememberVerified(
                token -> expired.get() ? Mono.error(new BadJwtException("expired")) : Mono.just(jwt(token)),
                jwt -> expired.get() ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token")) : OK, KEY_KEPT,
                10);
        remembering.decode(TOKEN_A).block();

        expired.set(true);

        assertThatExceptionOfType(JwtException.class).isThrownBy(() -> remembering.decode(TOKEN_A).block());
        assertThat(remembering.remembered()).isZero();
    }

    @Test
    void neverRemembersARefusedToken() {
        AtomicInteger verifications = new AtomicInteger();
        EdgeJwtDecoder.RememberVerified remembering = new EdgeJwtDecoder.RememberVerified(token -> {
            verifications.incrementAndGet();
            return Mono.error(new BadJwtException("bad signature"));
        }, jwt -> OK, KEY_KEPT, 10);

        for (int i = 0; i < 2; i++) {
            assertThatExceptionOfType(JwtException.class).isThrownBy(() -> remembering.decode(FORGED).block());
        }

        assertThat(verifications).hasValue(2);
        assertThat(remembering.remembered()).isZero();
    }

    @Test
    void refusesOtherTextsOfAValidToken() {
        String token = tokens.valid("alice", "api");
        assertThat(decoder.decode(token).block()).isNotNull();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        // An RS256 signature is 256 bytes: 342 characters, the last one carrying 4 unused bits.
        char last = signature.charAt(signature.length() - 1);
        String sameBytes = token.substring(0, token.length() - 1) + BASE64URL.charAt(BASE64URL.indexOf(last) ^ 1);
        assertThat(Base64.getUrlDecoder().decode(sameBytes.substring(sameBytes.lastIndexOf('.') + 1)))
                .isEqualTo(Base64.getUrlDecoder().decode(signature));

        for (String variant : List.of(token + "=", token + "==", sameBytes, token + ".", " " + token)) {
            assertThatExceptionOfType(JwtException.class).as(variant).isThrownBy(() -> decoder.decode(variant).block())
                    .withMessageContaining("canonical form");
        }
    }

    @Test
    void aFullMemoryForgetsExpiredTokensFirstAndNeverAllOfThem() {
        String expired = "ZXhwaXJlZA.YQ.YQ";
        AtomicInteger verifications = new AtomicInteger();
        EdgeJwtDecoder.RememberVerified remembering = new EdgeJwtDecoder.RememberVerified(token -> {
            verifications.incrementAndGet();
            return Mono.just(jwt(token));
        }, jwt -> jwt.getTokenValue().equals(expired)
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token")) : OK, KEY_KEPT, 10);
        remembering.decode(expired).block();
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            valid.add("YQ.YQ." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] { (byte) i }));
        }
        valid.forEach(token -> remembering.decode(token).block());
        verifications.set(0);

        valid.forEach(token -> remembering.decode(token).block());
        assertThat(verifications).as("the expired token made room, no valid one went").hasValue(0);

        remembering.decode(TOKEN_B).block();
        assertThat(remembering.remembered()).as("a tenth forgotten, not all").isEqualTo(10);
    }

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static Jwt jwt(String token) {
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("alice").build();
    }

    @Test
    void refusesSymmetricAlgorithmsInConfiguration() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AuthProperties(TestTokens.ISSUER,
                List.of(TestTokens.AUDIENCE), null, List.of(), Set.of("HS256"), Duration.ofSeconds(30),
                "authenticated", headers(), KEY_SET)).withMessageContaining("HS256");
    }

    private static final OAuth2TokenValidatorResult OK = OAuth2TokenValidatorResult.success();

    private void assertRejected(String token) {
        assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token).block());
    }

    private static AuthProperties properties(List<Resource> keys) {
        return new AuthProperties(TestTokens.ISSUER, List.of(TestTokens.AUDIENCE), null, keys, Set.of("RS256"),
                Duration.ofSeconds(30), "authenticated", headers(), KEY_SET);
    }

    private static final AuthProperties.KeySet KEY_SET = new AuthProperties.KeySet(Duration.ofMinutes(5),
            Duration.ofSeconds(30));

    private static AuthProperties.Headers headers() {
        return new AuthProperties.Headers("X-Auth-Subject", "X-Auth-Scopes", List.of(), "X-Client-Cert-Subject");
    }

    private static Resource pem(String text) {
        return new ByteArrayResource(text.getBytes(StandardCharsets.US_ASCII));
    }
}
