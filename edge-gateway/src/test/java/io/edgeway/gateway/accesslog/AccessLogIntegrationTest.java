package io.edgeway.gateway.accesslog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.edgeway.gateway.auth.TestTokens;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.gateway.support.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log of a real gateway, read from its console output: every field of an authorized request, a retried
 * one, and refusals (401 without and with a bad token, 429) with their reasons; a bearer token never appears.
 * Instances: one live backend and one address that refuses connections, both v1 (the api route's canary keeps
 * alice on v1), so that about half of the requests are retried.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.auth.issuer=" + TestTokens.ISSUER, "edgeway.gateway.auth.audiences=" + TestTokens.AUDIENCE,
        // Three requests per client and hour on public routes: the fourth is refused with 429.
        "edgeway.gateway.public-routes.rate-limit.requests=3", "edgeway.gateway.public-routes.rate-limit.burst=3",
        "edgeway.gateway.public-routes.rate-limit.period=1h",
        // Ejection would take the dead instance out and so end the retries this test looks for.
        "edgeway.gateway.outlier.enabled=false", "edgeway.gateway.retry.budget.min-per-second=1000" })
class AccessLogIntegrationTest {

    private static final RecordingBackend live = RecordingBackend.start("live");

    private static final int deadPort = TestBackends.freePort();

    private static final TestTokens tokens = new TestTokens();

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("sample-backend", Map.of(live, Map.of("version", "v1")))
                .forEach((k, v) -> registry.add(k, () -> v));
        String dead = "spring.cloud.discovery.client.simple.instances.sample-backend[1].";
        registry.add(dead + "uri", () -> "http://127.0.0.1:" + deadPort);
        registry.add(dead + "instance-id", () -> "dead");
        registry.add(dead + "metadata.version", () -> "v1");
        registry.add("edgeway.gateway.auth.public-keys", () -> {
            try {
                return tokens.writePublicKey(Files.createTempDirectory("edgeway-keys"));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    @AfterAll
    static void stopBackend() {
        live.close();
    }

    @Test
    void logsEveryFieldOfAnAuthorizedRequestAndItsRetriesButNeverTheToken(CapturedOutput output) {
        String token = tokens.valid("alice", "api");
        IntStream.range(0, 12).forEach(i -> client().get().uri("/api/orders/" + i + "?access_token=" + token)
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk());

        List<String> lines = await().atMost(Duration.ofSeconds(10)).until(() -> accessLines(output, "/api/orders/"),
                found -> found.size() == 12);
        assertThat(lines).allSatisfy(line -> assertThat(line).contains("GET /api/orders/", " 200 ", "ms",
                " route=api", " instance=127.0.0.1:" + live.port(), " version=v1", " client=127.0.0.1",
                " subject=alice"));
        // Power of two choices sends about half of the first attempts to the dead instance, each then retried.
        assertThat(lines).anySatisfy(line -> assertThat(line).contains(" retries=1"));
        assertThat(output.getAll()).doesNotContain(token).doesNotContain("access_token");
    }

    @Test
    void logsWhyARequestWasRefused(CapturedOutput output) {
        String badToken = tokens.valid("mallory", "api").replaceFirst("\\.[^.]+$", ".AAAA");
        client().get().uri("/api/missing-token").exchange().expectStatus().isUnauthorized();
        client().get().uri("/api/bad-token").headers(h -> h.setBearerAuth(badToken)).exchange()
                .expectStatus().isUnauthorized();
        IntStream.range(0, 4).forEach(i -> client().get().uri("/hello").exchange());

        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> accessLines(output, "/api/missing-token"),
                found -> !found.isEmpty())).singleElement().asString()
                .contains("GET /api/missing-token 401 ", " route=api", " reason=unauthorized")
                .doesNotContain("instance=", "subject=");
        assertThat(accessLines(output, "/api/bad-token")).singleElement().asString()
                .contains(" 401 ", " reason=invalid_token").doesNotContain("mallory");
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> accessLines(output, "GET /hello "),
                found -> found.size() == 4)).filteredOn(line -> line.contains(" 429 ")).singleElement().asString()
                .contains(" route=hello", " reason=rate_limited", " client=127.0.0.1");
        assertThat(output.getAll()).doesNotContain(badToken);
    }

    private static List<String> accessLines(CapturedOutput output, String request) {
        return output.getAll().lines().filter(line -> line.contains(AccessLogFilter.LOGGER))
                .filter(line -> line.contains(request)).toList();
    }

    private WebTestClient client() {
        // The first request of a fresh gateway loads much of it: seconds on a busy machine.
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }
}
