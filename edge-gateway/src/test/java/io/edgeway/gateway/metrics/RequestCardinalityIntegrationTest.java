package io.edgeway.gateway.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.auth.TestTokens;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.testsupport.PrometheusScrape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo routes of config-repo/edge-gateway.yml through a real gateway to real backends (v1 and v2 for the
 * canary), scraped on the management port: per-route request and refusal series exist and count, and driving 500
 * distinct paths from 200 distinct client addresses and token subjects adds no series and leaves none of those
 * values in the scrape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        // The test client is a trusted proxy, so each request can come from a client address of its own.
        "edgeway.gateway.client-requests.trusted-proxies=127.0.0.1/32",
        "edgeway.gateway.auth.issuer=" + TestTokens.ISSUER, "edgeway.gateway.auth.audiences=" + TestTokens.AUDIENCE })
class RequestCardinalityIntegrationTest {

    private static final int PATHS = 500;

    private static final int CLIENTS = 200;

    /** Generous: several thousand requests on a shared 2-core machine. */
    private static final Duration ANSWERED = Duration.ofSeconds(30);

    private static final RecordingBackend v1 = RecordingBackend.start("v1-a");

    private static final RecordingBackend v2 = RecordingBackend.start("v2-a");

    private static final TestTokens tokens = new TestTokens();

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Map<RecordingBackend, Map<String, String>> instances = new LinkedHashMap<>();
        instances.put(v1, Map.of("version", "v1"));
        instances.put(v2, Map.of("version", "v2"));
        RecordingBackend.simpleDiscovery("sample-backend", instances).forEach((k, v) -> registry.add(k, () -> v));
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
    static void stopBackends() {
        v1.close();
        v2.close();
    }

    @Test
    void manyPathsAndClientsAddNoSeriesAndLeakNoneOfTheirValues() {
        // Every kind of answer from one client, /hello often enough to reach both instances (balanced at random),
        // and a first scrape (it is a request too), so that every series they make exists before counting.
        for (int i = 0; i < 12; i++) {
            driveEveryKind(i, "warm-up", "10.9.9.9", "/api/warm-up");
        }
        scrape();
        int before = requestSeries(scrape()).size();

        for (int i = 0; i < PATHS; i++) {
            String subject = "subject-" + (i % CLIENTS) + "-x7q";
            String address = "10.77." + (i % CLIENTS) / 100 + "." + (i % CLIENTS) % 100;
            String path = "/api/path-" + i + "-k3z";
            driveEveryKind(i, subject, address, path);
        }
        PrometheusScrape scrape = scrape();

        // A leak adds hundreds; a little room for meters that appear with time alone.
        assertThat(requestSeries(scrape).size()).as("series after %d paths and %d clients", PATHS, CLIENTS)
                .isLessThanOrEqualTo(before + 5);
        assertThat(scrape.text()).doesNotContain("-x7q", "-k3z", "10.77.");
    }

    @Test
    void requestsAreCountedPerRouteVersionAndStatusAndRefusalsPerReason() {
        driveEveryKind(0, "alice", "10.8.0.1", "/api/orders");
        PrometheusScrape scrape = scrape();

        assertThat(scrape.value("edgeway_gateway_requests_seconds_count{route=\"api\",status=\"2xx\",version=\"v1\"}"))
                .isPositive();
        assertThat(scrape.value("edgeway_gateway_requests_seconds_count{route=\"api\",status=\"2xx\",version=\"v2\"}"))
                .isPositive();
        assertThat(scrape.value("edgeway_gateway_requests_seconds_count{route=\"hello\",status=\"2xx\",version=\"v1\"}")
                + scrape.value("edgeway_gateway_requests_seconds_count{route=\"hello\",status=\"2xx\",version=\"v2\"}"))
                .isPositive();
        assertThat(scrape.value("edgeway_gateway_requests_seconds_count{route=\"api\",status=\"4xx\",version=\"none\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(scrape.value("edgeway_gateway_refusals_total{reason=\"unauthenticated\",route=\"api\"}")).isPositive();
        assertThat(scrape.value("edgeway_gateway_refusals_total{reason=\"forbidden\",route=\"api\"}")).isPositive();
        // A token that is no token is refused by the security chain, before a route is matched.
        assertThat(scrape.value("edgeway_gateway_refusals_total{reason=\"unauthenticated\",route=\"none\"}"))
                .isPositive();
        assertThat(scrape.has("edgeway_gateway_requests_seconds_bucket{route=\"api\",status=\"2xx\","
                + "version=\"v1\",le=\"+Inf\"}")).isTrue();
        assertThat(scrape.series()).filteredOn(line -> line.startsWith("edgeway_gateway_requests_seconds_bucket{"
                + "route=\"api\",status=\"2xx\",version=\"v1\""))
                .as("fixed buckets from 0.5 ms to 10 s, and +Inf").hasSize(RequestMeters.BUCKETS.length + 1);
        assertThat(scrape.value("edgeway_canary_versions{canary=\"v2\",route=\"api\",stable=\"v1\"}")).isEqualTo(1);
    }

    /**
     * One request of each kind: proxied on a public route, proxied on the canary route to each version (forced by
     * a tester's override), refused for no token, for a missing scope and for a malformed token, and a path no
     * route matches.
     */
    private void driveEveryKind(int i, String subject, String address, String path) {
        String tester = tokens.valid(subject, "api canary");
        call("/hello", address, null, null).expectStatus().isOk();
        call(path, address, tester, "v1").expectStatus().isOk();
        call(path, address, tester, "v2").expectStatus().isOk();
        call(path, address, null, null).expectStatus().isUnauthorized();
        call(path, address, tokens.valid(subject, "read"), null).expectStatus().isForbidden();
        call(path, address, "not-a-token-" + i, null).expectStatus().isUnauthorized();
        call("/unrouted" + path, address, null, null).expectStatus().isNotFound();
    }

    private WebTestClient.ResponseSpec call(String path, String address, String token, String version) {
        return client().get().uri(path).headers(h -> {
            h.set("X-Forwarded-For", address);
            if (token != null) {
                h.setBearerAuth(token);
            }
            if (version != null) {
                h.set("X-Canary-Version", version);
            }
        }).exchange();
    }

    /** With the JDK's client: a scrape that leaked can be megabytes, past what WebTestClient buffers. */
    private PrometheusScrape scrape() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + managementPort + "/actuator/prometheus")).timeout(ANSWERED)
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            "operator:test-secret".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return new PrometheusScrape(response.body());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** The series that may depend on traffic: all but the JVM's own (garbage collections add series by cause). */
    private static List<String> requestSeries(PrometheusScrape scrape) {
        return scrape.series().stream().filter(line -> !line.startsWith("jvm_")).toList();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).responseTimeout(ANSWERED)
                .baseUrl("http://127.0.0.1:" + port).build();
    }
}
