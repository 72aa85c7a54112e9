package io.edgeway.gateway.publicroutes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.edgeway.gateway.auth.TestTokens;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo routes of config-repo/edge-gateway.yml as shipped: the public {@code /hello/id} has no policy of its own,
 * so it gets the public-route defaults; {@code /api} has its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.auth.issuer=" + TestTokens.ISSUER, "edgeway.gateway.auth.audiences=" + TestTokens.AUDIENCE,
        // Lower than shipped (20/s, bursts of 40), so that a few threads flood it on any machine.
        "edgeway.gateway.public-routes.rate-limit.requests=5", "edgeway.gateway.public-routes.rate-limit.burst=5",
        // As the config repo ships it (30 s there): one flood request whose backend leg stalled once hung the test
        // for 30 s without it; the flood counts whatever status it gets.
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=5s" })
class PublicRouteDefaultsIntegrationTest {

    private static final RecordingBackend backend = RecordingBackend.start("backend-1");

    private static final TestTokens tokens = new TestTokens();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private MeterRegistry meters;

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

    @Test
    void aPublicRouteFloodGets429sWhileTheApiKeepsItsSuccessRate() throws Exception {
        Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> flood = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.runAsync(() -> {
                while (flooding.get()) {
                    int status = client().get().uri("/hello/id").exchange().returnResult(String.class).getStatus()
                            .value();
                    floodStatuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                }
            }, pool)).toList();

            String token = tokens.valid("alice", "api");
            int ok = 0;
            for (int i = 0; i < 30; i++) {
                ok += client().get().uri("/api/orders").headers(h -> h.setBearerAuth(token)).exchange()
                        .returnResult(String.class).getStatus().value() == 200 ? 1 : 0;
            }
            flooding.set(false);
            CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get();

            assertThat(ok).as("authenticated /api requests that succeeded during the flood").isEqualTo(30);
            assertThat(floodStatuses).containsKey(429);
            assertThat(floodStatuses.get(429).get()).isGreaterThan(floodStatuses.get(200).get());
        }
        finally {
            flooding.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void publicRequestsAreAdmittedAtTheLowestPriority() {
        client().get().uri("/hello").exchange();

        assertThat(meters.find("edgeway.shedding.requests").tag("priority", "best-effort").counters())
                .anySatisfy(counter -> assertThat(counter.count()).isPositive());
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter())
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("edgeway-public");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
