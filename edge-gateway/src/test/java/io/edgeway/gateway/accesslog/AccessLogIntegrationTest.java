package io.edgeway.gateway.accesslog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import io.edgeway.gateway.auth.TestTokens;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.gateway.support.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The access log of a real gateway, read from its console output: every field of an authorized request, a retried
 * one, and refusals (401 without and with a bad token, 429) with their reasons; a bearer token never appears. The
 * same as text lines and as JSON (structured logging, {@link Json}).
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

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
        logsEveryFieldOfAnAuthorizedRequest(output, client(port), AccessLogIntegrationTest::textLines);
    }

    @Test
    void logsWhyARequestWasRefused(CapturedOutput output) {
        logsWhyRequestsWereRefused(output, client(port), AccessLogIntegrationTest::textLines);
    }

    /** The same requests and fields with structured logging: one JSON object per line, each field a member. */
    @Nested
    @TestPropertySource(properties = "logging.structured.format.console=ecs")
    class Json {

        @Value("${local.server.port}")
        private int jsonPort;

        @BeforeAll
        static void setUpLoggingAgain() {
            // Boot keeps the first logging set-up of the JVM (text) unless told to start over.
            LoggingSystem.get(AccessLogIntegrationTest.class.getClassLoader()).cleanUp();
        }

        @AfterAll
        static void backToText() {
            LoggingSystem.get(AccessLogIntegrationTest.class.getClassLoader()).cleanUp();
            System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        }

        @Test
        void logsEveryFieldOfAnAuthorizedRequestAndItsRetriesButNeverTheToken(CapturedOutput output) {
            logsEveryFieldOfAnAuthorizedRequest(output, client(jsonPort), AccessLogIntegrationTest::jsonLines);
        }

        @Test
        void logsWhyARequestWasRefused(CapturedOutput output) {
            logsWhyRequestsWereRefused(output, client(jsonPort), AccessLogIntegrationTest::jsonLines);
        }
    }

    private static void logsEveryFieldOfAnAuthorizedRequest(CapturedOutput output, WebTestClient client,
            Function<CapturedOutput, List<Map<String, String>>> parse) {
        String token = tokens.valid("alice", "api");
        IntStream.range(0, 12).forEach(i -> client.get().uri("/api/orders/" + i + "?access_token=" + token)
                .headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk());

        List<Map<String, String>> lines = await().atMost(Duration.ofSeconds(10))
                .until(() -> lines(parse, output, path -> path.startsWith("/api/orders/")), found -> found.size() == 12);
        assertThat(lines).allSatisfy(line -> assertThat(line).containsEntry("method", "GET")
                .containsEntry("status", "200").containsKey("latency").containsEntry("route", "api")
                .containsEntry("instance", "127.0.0.1:" + live.port()).containsEntry("version", "v1")
                .containsEntry("client", "127.0.0.1").containsEntry("subject", "alice")
                .hasEntrySatisfying("trace_id", id -> assertThat(id).matches("[0-9a-f]{32}"))
                .doesNotContainKey("reason"));
        // Power of two choices sends about half of the first attempts to the dead instance, each then retried.
        assertThat(lines).anySatisfy(line -> assertThat(line).containsEntry("retries", "1"));
        assertThat(lines).extracting(line -> line.get("path")).doesNotContain("access_token")
                .allSatisfy(path -> assertThat(path).matches("/api/orders/\\d+"));
        assertThat(output.getAll()).doesNotContain(token).doesNotContain("access_token");
    }

    private static void logsWhyRequestsWereRefused(CapturedOutput output, WebTestClient client,
            Function<CapturedOutput, List<Map<String, String>>> parse) {
        String badToken = tokens.valid("mallory", "api").replaceFirst("\\.[^.]+$", ".AAAA");
        client.get().uri("/api/missing-token").exchange().expectStatus().isUnauthorized();
        client.get().uri("/api/bad-token").headers(h -> h.setBearerAuth(badToken)).exchange()
                .expectStatus().isUnauthorized();
        IntStream.range(0, 4).forEach(i -> client.get().uri("/hello").exchange());

        assertThat(await().atMost(Duration.ofSeconds(10))
                .until(() -> lines(parse, output, "/api/missing-token"::equals), found -> !found.isEmpty()))
                .singleElement().satisfies(line -> assertThat(line).containsEntry("method", "GET")
                        .containsEntry("status", "401").containsEntry("route", "api")
                        .containsEntry("reason", "unauthorized").doesNotContainKeys("instance", "subject"));
        assertThat(lines(parse, output, "/api/bad-token"::equals)).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("status", "401")
                        .containsEntry("reason", "invalid_token").doesNotContainKey("subject"));
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> lines(parse, output, "/hello"::equals),
                found -> found.size() == 4)).filteredOn(line -> "429".equals(line.get("status"))).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("route", "hello")
                        .containsEntry("reason", "rate_limited").containsEntry("client", "127.0.0.1"));
        assertThat(output.getAll()).doesNotContain(badToken).doesNotContain("mallory");
    }

    private static List<Map<String, String>> lines(Function<CapturedOutput, List<Map<String, String>>> parse,
            CapturedOutput output, Predicate<String> path) {
        return parse.apply(output).stream().filter(line -> path.test(line.get("path"))).toList();
    }

    /**
     * The text access lines as fields: after the logger's name and {@code " : "}, method, path, status and latency,
     * then {@code key=value} pairs.
     */
    private static List<Map<String, String>> textLines(CapturedOutput output) {
        String marker = AccessLogFilter.LOGGER + " ";
        return output.getAll().lines().filter(line -> line.contains(marker) && !line.startsWith("{")).map(line -> {
            String message = line.substring(line.indexOf(" : ", line.indexOf(marker)) + 3);
            String[] words = message.split(" ");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("method", words[0]);
            fields.put("path", words[1]);
            fields.put("status", words[2]);
            assertThat(words[3]).matches("\\d+\\.\\dms");
            fields.put("latency", words[3]);
            for (int i = 4; i < words.length; i++) {
                int equals = words[i].indexOf('=');
                assertThat(equals).as("a key=value pair: %s", words[i]).isPositive();
                fields.put(words[i].substring(0, equals), words[i].substring(equals + 1));
            }
            return fields;
        }).toList();
    }

    /** The JSON access lines (ECS) as fields, every value as text; the latency is {@code duration_us}. */
    private static List<Map<String, String>> jsonLines(CapturedOutput output) {
        return output.getAll().lines().filter(line -> line.startsWith("{"))
                .filter(line -> line.contains("\"" + AccessLogFilter.LOGGER + "\"")).map(line -> {
                    Map<String, Object> json = JSON.readValue(line, new TypeReference<Map<String, Object>>() { });
                    assertThat(json.get("log")).isEqualTo(Map.of("level", "INFO", "logger", AccessLogFilter.LOGGER));
                    Map<String, String> fields = new LinkedHashMap<>();
                    json.forEach((key, value) -> fields.put(key, String.valueOf(value)));
                    assertThat(json.get("duration_us")).isInstanceOf(Number.class);
                    fields.put("latency", fields.get("duration_us"));
                    // Always a member in JSON; on the text line only when there were retries.
                    if ("0".equals(fields.get("retries"))) {
                        fields.remove("retries");
                    }
                    return fields;
                }).toList();
    }

    private static WebTestClient client(int port) {
        // The first request of a fresh gateway loads much of it: seconds on a busy machine.
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }
}
