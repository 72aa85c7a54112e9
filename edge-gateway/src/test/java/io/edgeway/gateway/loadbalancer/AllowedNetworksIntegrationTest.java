package io.edgeway.gateway.loadbalancer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the real gateway to real backends on loopback: an instance registered at an address outside its service's
 * allowed networks (here 127.0.0.2, outside 127.0.0.1/32) gets no request, and a service with only such instances
 * answers 503.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.instances.services.sample-backend.allowed-networks=127.0.0.1/32",
        "edgeway.gateway.instances.services.elsewhere.allowed-networks=127.0.0.1/32",
        "spring.cloud.gateway.server.webflux.routes[0].id=inside",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://sample-backend",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/inside/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[1].id=outside",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://elsewhere",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/outside/**",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public" })
class AllowedNetworksIntegrationTest {

    private static final CountingBackend inside = new CountingBackend("127.0.0.1");

    private static final CountingBackend outside = new CountingBackend("127.0.0.2");

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String instances = "spring.cloud.discovery.client.simple.instances.";
        registry.add(instances + "sample-backend[0].uri", inside::uri);
        registry.add(instances + "sample-backend[0].instance-id", () -> "inside");
        registry.add(instances + "sample-backend[1].uri", outside::uri);
        registry.add(instances + "sample-backend[1].instance-id", () -> "outside");
        registry.add(instances + "elsewhere[0].uri", outside::uri);
        registry.add(instances + "elsewhere[0].instance-id", () -> "outside-only");
    }

    @AfterAll
    static void stopBackends() {
        inside.close();
        outside.close();
    }

    @Test
    void anInstanceOutsideTheAllowedNetworksGetsNoRequest() {
        WebClient client = WebClient.create("http://127.0.0.1:" + port);

        Long ok = Flux.range(0, 40).flatMap(i -> client.get().uri("/inside/x").retrieve().toBodilessEntity(), 4)
                .filter(response -> response.getStatusCode().value() == 200).count().block(Duration.ofSeconds(60));

        assertThat(ok).isEqualTo(40);
        assertThat(inside.count()).isEqualTo(40);
        assertThat(outside.count()).isZero();
    }

    @Test
    void aServiceWhoseInstancesAreAllOutsideIsUnavailable() {
        ResponseEntity<Void> response = WebClient.create("http://127.0.0.1:" + port).get().uri("/outside/x")
                .exchangeToMono(r -> r.toBodilessEntity()).block(Duration.ofSeconds(30));

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(outside.count()).isZero();
    }

    /** A backend on one loopback address that answers 200 and counts requests. */
    private static final class CountingBackend implements AutoCloseable {

        private final HttpServer server;

        private final AtomicInteger count = new AtomicInteger();

        CountingBackend(String address) {
            try {
                server = HttpServer.create(new InetSocketAddress(address, 0), 0);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            server.createContext("/", exchange -> {
                count.incrementAndGet();
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String uri() {
            return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        }

        int count() {
            return count.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
