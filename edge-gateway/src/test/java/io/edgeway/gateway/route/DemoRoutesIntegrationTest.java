package io.edgeway.gateway.route;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo routes of config-repo/edge-gateway.yml, with sample-backend resolved through a static instance list:
 * one live backend and one dead port. GETs are retried on the live instance; POSTs never are. Outlier ejection is
 * off and the retry budget ample here, so that the dead port stays in balancing and every GET to it is retried
 * (OutlierIntegrationTest and RetryBudgetIntegrationTest cover those).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.gateway.outlier.enabled=false", "edgeway.gateway.retry-budget.min-per-second=1000" })
class DemoRoutesIntegrationTest {

    private static final HttpServer backend = startBackend();

    private static final int deadPort = freePort();

    private static volatile int backendRequests;

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void sampleBackendInstances(DynamicPropertyRegistry registry) {
        String instances = "spring.cloud.discovery.client.simple.instances.sample-backend";
        registry.add(instances + "[0].uri", () -> "http://127.0.0.1:" + deadPort);
        registry.add(instances + "[0].instance-id", () -> "dead");
        registry.add(instances + "[1].uri", () -> "http://127.0.0.1:" + backend.getAddress().getPort());
        registry.add(instances + "[1].instance-id", () -> "live");
    }

    @AfterAll
    static void stopBackend() {
        backend.stop(0);
    }

    @Test
    void helloMapsToTheBackendRoot() {
        client().get().uri("/hello").exchange().expectStatus().isOk().expectBody(String.class).isEqualTo("path=/");
    }

    @Test
    void getRequestsAreRetriedOnAnotherInstanceWhenTheConnectionFails() {
        List<Integer> statuses = IntStream.range(0, 20)
                .mapToObj(i -> client().get().uri("/hello/id").exchange().returnResult(String.class).getStatus().value())
                .toList();

        assertThat(statuses).containsOnly(200);
    }

    @Test
    void postRequestsAreNeverReplayed() {
        List<Integer> statuses = IntStream.range(0, 20)
                .mapToObj(i -> client().post().uri("/hello/id").exchange().returnResult(String.class).getStatus().value())
                .toList();

        assertThat(statuses).contains(200).anyMatch(status -> status >= 500);
    }

    @Test
    void robotsTxtIsAnsweredFromConfigWithoutABackend() {
        int before = backendRequests;

        client().get().uri("/robots.txt").exchange().expectStatus().isOk().expectBody(String.class)
                .isEqualTo("User-agent: *\nDisallow: /\n");

        assertThat(backendRequests).isEqualTo(before);
    }

    @Test
    void unknownPathsAreNotRouted() {
        client().get().uri("/nowhere").exchange().expectStatus().isNotFound();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static HttpServer startBackend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                backendRequests++;
                byte[] body = ("path=" + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
