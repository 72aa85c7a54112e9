package io.edgeway.gateway.loadbalancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.support.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Through the real gateway to two real backends, one of them slow, under concurrent load. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false", "eureka.client.enabled=false",
        "spring.cloud.gateway.server.webflux.routes[0].id=pair",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://sample-backend",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/pair/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public" })
class PowerOfTwoChoicesIntegrationTest {

    private static final CountingBackend fast = new CountingBackend(Duration.ZERO);

    private static final CountingBackend slow = new CountingBackend(Duration.ofMillis(200));

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestBackends.register(registry, 0, "fast", fast.port());
        TestBackends.register(registry, 1, "slow", slow.port());
    }

    @AfterAll
    static void stopBackends() {
        fast.close();
        slow.close();
    }

    @Test
    void aSlowInstanceGetsFarFewerRequestsThanRoundRobinWouldGiveIt() {
        WebClient client = WebClient.create("http://127.0.0.1:" + port);

        Long ok = Flux.range(0, 240)
                .flatMap(i -> client.get().uri("/pair/x").retrieve().toBodilessEntity(), 8)
                .filter(response -> response.getStatusCode().equals(HttpStatusCode.valueOf(200)))
                .count().block(Duration.ofSeconds(60));

        assertThat(ok).isEqualTo(240);
        // Round robin gives each instance half (120); measured here: about a quarter.
        assertThat(slow.count()).as("requests on the slow instance, of %d", fast.count() + slow.count())
                .isLessThan((int) (0.35 * 240));
    }

    /** A backend on loopback that answers after a fixed delay, as a slow instance would, and counts requests. */
    private static final class CountingBackend implements AutoCloseable {

        private final HttpServer server;

        private final ExecutorService threads = Executors.newFixedThreadPool(16);

        /** Answers each request once its delay has passed, without holding a thread meanwhile. */
        private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();

        private final AtomicInteger count = new AtomicInteger();

        CountingBackend(Duration delay) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                count.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                answers.schedule(() -> {
                    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                    return null;
                }, delay.toMillis(), TimeUnit.MILLISECONDS);
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int count() {
            return count.get();
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
            answers.shutdownNow();
        }
    }
}
