package io.edgeway.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.stream.Stream;

import com.nimbusds.jwt.JWTClaimsSet;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo routes of config-repo/edge-gateway.yml behind real token checks: tokens signed with Nimbus, a real
 * backend that counts what reaches it. Every hostile token gets a 401 and the backend sees nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.gateway.auth.issuer=" + TestTokens.ISSUER, "edgeway.gateway.auth.audiences=" + TestTokens.AUDIENCE })
class RouteAccessIntegrationTest {

    private static final RecordingBackend backend = RecordingBackend.start("backend-1");

    private static final TestTokens tokens = new TestTokens();

    private static final Map<String, Hostile> hostileTokens = hostileTokens();

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("sample-backend", Map.of(backend, Map.of()))
                .forEach((k, v) -> registry.add(k, () -> v));
        registry.add("edgeway.gateway.auth.public-keys", () -> tokens.writePublicKey(tempDir()));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @BeforeEach
    void resetBackend() {
        backend.reset();
    }

    @Test
    void validTokenWithTheScopeReachesTheBackendWithVerifiedIdentity() {
        client().get().uri("/api/orders").headers(h -> h.setBearerAuth(tokens.valid("alice", "api read")))
                .header("X-Auth-Subject", "admin").header("X-Remote-User", "admin").exchange()
                .expectStatus().isOk();

        assertThat(backend.received()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/id");
            assertThat(request.header("X-Auth-Subject")).isEqualTo("alice");
            assertThat(request.header("X-Auth-Scopes")).isEqualTo("api read");
            assertThat(request.header("X-Remote-User")).isNull();
        });
    }

    @Test
    void missingTokenIsChallengedWith401() {
        client().get().uri("/api/orders").exchange().expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody(String.class).value(body -> assertThat(body).contains("needs a bearer token"));

        assertThat(backend.count()).isZero();
    }

    @Test
    void tokenWithoutTheRequiredScopeGets403() {
        client().get().uri("/api/orders").headers(h -> h.setBearerAuth(tokens.valid("bob", "read"))).exchange()
                .expectStatus().isForbidden().expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).contains("error=\"insufficient_scope\"").contains("scope=\"api\""));

        assertThat(backend.count()).isZero();
    }

    /** A hostile token and the reason the gateway must give for refusing it. */
    record Hostile(String token, String reason) {
    }

    static Map<String, Hostile> hostileTokens() {
        Instant now = Instant.now();
        JWTClaimsSet good = TestTokens.claims("mallory", "api").build();
        String badSignature = "Failed to validate the token";
        // Refused before any parsing: not the one text a token has (unpadded base64url, canonical bits).
        String notCompact = "canonical form";
        String valid = tokens.valid("mallory", "api");
        return Map.ofEntries(
                Map.entry("alg none", new Hostile(TestTokens.unsigned(good), notCompact)),
                Map.entry("a valid token with padding", new Hostile(valid + "=", notCompact)),
                Map.entry("a valid token with a stray dot", new Hostile(valid + ".", notCompact)),
                Map.entry("signed by another key", new Hostile(TestTokens.signedByStranger(good), badSignature)),
                Map.entry("HS256 with the public key (DER) as secret",
                        new Hostile(tokens.hmacWithPublicKey(good, false), badSignature)),
                Map.entry("HS256 with the public key (PEM) as secret",
                        new Hostile(tokens.hmacWithPublicKey(good, true), badSignature)),
                Map.entry("expired beyond the clock skew", new Hostile(tokens.valid("mallory", "api",
                        c -> c.issueTime(Date.from(now.minus(Duration.ofMinutes(10))))
                                .expirationTime(Date.from(now.minus(Duration.ofMinutes(2))))), "Jwt expired at")),
                Map.entry("not valid yet beyond the clock skew", new Hostile(tokens.valid("mallory", "api",
                        c -> c.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(2))))), "Jwt used before")),
                Map.entry("no expiry", new Hostile(tokens.valid("mallory", "api", c -> c.expirationTime(null)),
                        "exp is required")),
                Map.entry("wrong issuer", new Hostile(tokens.valid("mallory", "api", c -> c.issuer("https://evil.test")),
                        "The iss claim is not valid")),
                Map.entry("wrong audience", new Hostile(tokens.valid("mallory", "api", c -> c.audience("someone-else")),
                        "The aud claim is not one of")),
                Map.entry("no audience", new Hostile(tokens.valid("mallory", "api", c -> c.audience((String) null)),
                        "The aud claim is not one of")),
                Map.entry("no subject", new Hostile(tokens.valid("mallory", "api", c -> c.subject(null)),
                        "The sub claim is missing")),
                Map.entry("payload swapped after signing", new Hostile(swapPayload(tokens.valid("bob", "read"),
                        tokens.valid("mallory", "api admin")), badSignature)),
                Map.entry("signature stripped", new Hostile(stripSignature(tokens.valid("mallory", "api")),
                        notCompact)),
                Map.entry("not a JWT", new Hostile("not-a-jwt", notCompact)),
                Map.entry("three garbage parts", new Hostile("a.b.c", notCompact)),
                Map.entry("three base64url parts that are not JSON", new Hostile("YQ.YQ.YQ",
                        "Invalid unsecured/JWS/JWE header")),
                Map.entry("JSON instead of base64", new Hostile("{\"alg\":\"none\"}.{\"sub\":\"x\"}.",
                        "Bearer token is malformed")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokenNames")
    void hostileTokenIsRejectedWith401AndNeverReachesTheBackend(String name) {
        Hostile hostile = hostileTokens.get(name);

        client().get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer " + hostile.token()).exchange()
                .expectStatus().isUnauthorized().expectHeader().value(HttpHeaders.WWW_AUTHENTICATE,
                        value -> assertThat(value).startsWith("Bearer error=\"invalid_token\"")
                                .contains(hostile.reason()));

        assertThat(backend.count()).as(name).isZero();
    }

    static Stream<String> hostileTokenNames() {
        return hostileTokens.keySet().stream().sorted();
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsStillAccepted() {
        Instant now = Instant.now();
        String token = tokens.valid("alice", "api", c -> c.issueTime(Date.from(now.minusSeconds(300)))
                .expirationTime(Date.from(now.minusSeconds(10))));

        client().get().uri("/api/orders").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
    }

    @Test
    void malformedAuthorizationHeaderIsRejected() {
        client().get().uri("/api/orders").header(HttpHeaders.AUTHORIZATION, "Bearer two tokens").exchange()
                .expectStatus().isUnauthorized();

        assertThat(backend.count()).isZero();
    }

    @Test
    void publicRouteNeedsNoTokenAndDropsSpoofedIdentityHeaders() {
        client().get().uri("/hello/id").header("X-Auth-Subject", "admin").header("X-Auth-Scopes", "api admin")
                .header("X-Forwarded-User", "admin").exchange().expectStatus().isOk();

        assertThat(backend.received()).singleElement().satisfies(request -> {
            assertThat(request.header("X-Auth-Subject")).isNull();
            assertThat(request.header("X-Auth-Scopes")).isNull();
            assertThat(request.header("X-Forwarded-User")).isNull();
        });
    }

    @Test
    void identityHeadersWithUnderscoresOrOddCaseNeverReachTheBackend() {
        client().get().uri("/api/orders").headers(h -> h.setBearerAuth(tokens.valid("alice", "api")))
                .header("X_Auth_Subject", "admin").header("x-auth_subject", "admin").header("X_AUTH_SCOPES", "admin")
                .header("x_remote_user", "admin").exchange().expectStatus().isOk();

        assertThat(backend.received()).singleElement().satisfies(request -> {
            assertThat(request.headers().get("X-Auth-Subject")).containsExactly("alice");
            assertThat(request.headers().keySet()).noneMatch(name -> name.contains("_"));
        });
    }

    @Test
    void authorizationIsNotForwardedToARouteThatDoesNotAskForIt() {
        client().get().uri("/api/orders").headers(h -> h.setBearerAuth(tokens.valid("alice", "api"))).exchange()
                .expectStatus().isOk();

        assertThat(backend.received()).singleElement()
                .satisfies(request -> assertThat(request.header(HttpHeaders.AUTHORIZATION)).isNull());
    }

    @Test
    void forwardingHeadersOfAClientThatIsNoTrustedProxyNeverReachTheBackend() {
        client().get().uri("/hello/id").header("X-Forwarded-For", "203.0.113.7").header("X-Real-IP", "203.0.113.7")
                .header("Forwarded", "for=203.0.113.7;proto=https").header("X-Forwarded-Host", "evil.example")
                .header("X_Forwarded_For", "203.0.113.7").exchange().expectStatus().isOk();

        assertThat(backend.received()).singleElement().satisfies(request -> {
            assertThat(request.headers().values().stream().flatMap(java.util.List::stream))
                    .noneMatch(value -> value.contains("203.0.113.7") || value.contains("evil.example"));
        });
    }

    @Test
    void invalidTokenIsRejectedEvenOnAPublicRoute() {
        client().get().uri("/hello/id").headers(h -> h.setBearerAuth(TestTokens.signedByStranger(
                TestTokens.claims("mallory", "api").build()))).exchange().expectStatus().isUnauthorized();

        assertThat(backend.count()).isZero();
    }

    @Test
    void bearerTokenDoesNotOpenTheActuator() {
        WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort).build().get()
                .uri("/actuator/gateway/routes").headers(h -> h.setBearerAuth(tokens.valid("alice", "api")))
                .exchange().expectStatus().isUnauthorized();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("edgeway-keys");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String swapPayload(String signedToken, String otherToken) {
        String[] signed = signedToken.split("\\.");
        return signed[0] + "." + otherToken.split("\\.")[1] + "." + signed[2];
    }

    private static String stripSignature(String token) {
        return token.substring(0, token.lastIndexOf('.') + 1);
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port).build();
    }
}
