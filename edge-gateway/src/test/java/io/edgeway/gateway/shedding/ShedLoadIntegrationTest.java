package io.edgeway.gateway.shedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.edgeway.gateway.auth.TestTokens;
import io.edgeway.gateway.metrics.RequestMeters;
import io.edgeway.gateway.support.RecordingBackend;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An overloaded backend (a real one that holds every request until the test releases it) behind ShedLoad routes
 * of three classes sharing one limiter (limit 10): best-effort is refused first, then default, critical last.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.shedding.initial-limit=10", "edgeway.gateway.shedding.min-limit=4",
        "edgeway.gateway.shedding.max-limit=10",
        "edgeway.gateway.auth.issuer=" + TestTokens.ISSUER, "edgeway.gateway.auth.audiences=" + TestTokens.AUDIENCE,
        "spring.cloud.gateway.server.webflux.routes[0].id=work",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://busy",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/work/**",
        "spring.cloud.gateway.server.webflux.routes[0].filters[0]=ShedLoad=default",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[1].id=batch",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://busy",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/batch/**",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0]=ShedLoad=best-effort",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[2].id=pay",
        "spring.cloud.gateway.server.webflux.routes[2].uri=lb://busy",
        "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/pay/**",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0]=ShedLoad=critical",
        "spring.cloud.gateway.server.webflux.routes[2].metadata.access=public",
        // The same backend under a limiter of its own, so that this scenario does not depend on the other's.
        "spring.cloud.gateway.server.webflux.routes[3].id=ops-work",
        "spring.cloud.gateway.server.webflux.routes[3].uri=lb://busy",
        "spring.cloud.gateway.server.webflux.routes[3].predicates[0]=Path=/ops-work/**",
        "spring.cloud.gateway.server.webflux.routes[3].filters[0]=ShedLoad=default,ops",
        "spring.cloud.gateway.server.webflux.routes[3].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[4].id=ops-batch",
        "spring.cloud.gateway.server.webflux.routes[4].uri=lb://busy",
        "spring.cloud.gateway.server.webflux.routes[4].predicates[0]=Path=/ops-batch/**",
        "spring.cloud.gateway.server.webflux.routes[4].filters[0]=ShedLoad=best-effort,ops",
        "spring.cloud.gateway.server.webflux.routes[4].metadata.access=public" })
class ShedLoadIntegrationTest {

    private static final RecordingBackend backend = RecordingBackend.start("busy-1");

    private static final TestTokens tokens = new TestTokens();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();

    @Autowired
    private MeterRegistry meters;

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("busy", Map.of(backend, Map.of())).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("edgeway.gateway.auth.public-keys", () -> {
            try {
                return tokens.writePublicKey(Files.createTempDirectory("edgeway-keys"));
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
    }

    @AfterEach
    void releaseTheBackend() {
        backend.release();
        held.forEach(CompletableFuture::join);
        backend.reset();
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Test
    void overloadedBackendShedsBestEffortFirstAndServesCriticalLast() {
        backend.hold();
        fill("/work/a", 5);

        HttpResponse<String> bestEffort = get("/batch/a", null);
        assertThat(bestEffort.statusCode()).isEqualTo(503);
        assertThat(bestEffort.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(bestEffort.body()).contains("concurrency limit");

        fill("/work/a", 2);
        assertThat(get("/work/a", null).statusCode()).as("default past 70 % of the limit").isEqualTo(503);

        fill("/pay/a", 3);
        assertThat(get("/pay/a", null).statusCode()).as("critical past the whole limit").isEqualTo(503);
        assertThat(backend.count()).as("no refused request reached the backend").isEqualTo(10);
        assertThat(meters.find(RequestMeters.REFUSALS).tag("reason", "shed").counters().stream()
                .mapToDouble(Counter::count).sum()).as("refusals counted by reason").isGreaterThanOrEqualTo(3);

        backend.release();
        assertThat(held).allSatisfy(response -> assertThat(response.join().statusCode()).isEqualTo(200));
        assertThat(get("/batch/a", null).statusCode()).as("served again once the backend keeps up").isEqualTo(200);
    }

    @Test
    void callerWithThePriorityScopeMayRaiseItsClass() {
        backend.hold();
        fill("/ops-work/b", 6);

        assertThat(get("/ops-batch/b", tokens.valid("mallory", "api")).statusCode()).isEqualTo(503);
        held.add(send("/ops-batch/b", tokens.valid("ops", "api priority")));
        await("raised request admitted").atMost(Duration.ofSeconds(10)).until(() -> backend.count() == 7);
    }

    /** Sends {@code count} requests that the held backend keeps, and waits until it has them all. */
    private void fill(String path, int count) {
        int before = backend.count();
        for (int i = 0; i < count; i++) {
            held.add(send(path, null));
        }
        await("backend holds " + (before + count)).atMost(Duration.ofSeconds(10))
                .until(() -> backend.count() == before + count);
    }

    private CompletableFuture<HttpResponse<String>> send(String path, String token) {
        return http.sendAsync(request(path, token), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) {
        try {
            return http.send(request(path, token), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private HttpRequest request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token).header("X-Priority", "critical");
        }
        return builder.build();
    }
}
