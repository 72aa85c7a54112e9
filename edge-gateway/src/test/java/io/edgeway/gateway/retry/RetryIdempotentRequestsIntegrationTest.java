package io.edgeway.gateway.retry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.TestBackends;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance that dies in the middle of its response: GETs are retried on the healthy instance and always answer
 * the full body; POSTs are never replayed. The retry settings follow a config refresh.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false", "eureka.client.enabled=false",
        // Neither ejection nor the retry budget may hide a missing retry here; each has its own test.
        "edgeway.gateway.outlier.enabled=false", "edgeway.gateway.retry.budget.min-per-second=1000" })
class RetryIdempotentRequestsIntegrationTest {

    private static final String BODY = "{\"instanceId\":\"healthy\"}";

    private static final HttpServer healthy = TestBackends.answering(exchange -> BODY);

    private static final DyingBackend dying = new DyingBackend();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ConfigurableApplicationContext context;

    @DynamicPropertySource
    static void sampleBackendInstances(DynamicPropertyRegistry registry) {
        TestBackends.register(registry, 0, "dying", dying.port());
        TestBackends.register(registry, 1, "healthy", healthy.getAddress().getPort());
    }

    @AfterAll
    static void stopBackends() throws IOException {
        healthy.stop(0);
        dying.close();
    }

    @AfterEach
    void restoreRetries() {
        context.getEnvironment().getPropertySources().remove("test-override");
        context.publishEvent(new EnvironmentChangeEvent(context, java.util.Set.of("edgeway.gateway.retry.retries")));
    }

    @Test
    void getIsRetriedWhenTheInstanceDiesMidResponse() {
        List<String> bodies = IntStream.range(0, 40).mapToObj(i -> client().get().uri("/hello/id").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody()).toList();

        assertThat(bodies).containsOnly(BODY);
        assertThat(dying.responsesStarted()).isPositive();
    }

    @Test
    void postIsNeverReplayed() {
        List<Boolean> complete = IntStream.range(0, 20).mapToObj(i -> answeredInFull("POST")).toList();

        assertThat(complete).contains(true, false);
    }

    @Test
    void retriesFollowAConfigRefresh() {
        context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test-override", Map.of("edgeway.gateway.retry.retries", "0")));
        context.publishEvent(new EnvironmentChangeEvent(context, java.util.Set.of("edgeway.gateway.retry.retries")));

        long failures = IntStream.range(0, 20).filter(i -> !answeredInFull("GET")).count();

        assertThat(failures).isPositive();
    }

    /** Whether the healthy instance's whole body arrived; a response cut off mid-body counts as not. */
    private boolean answeredInFull(String method) {
        try {
            var result = client().method(org.springframework.http.HttpMethod.valueOf(method)).uri("/hello/id").exchange()
                    .returnResult(String.class);
            return result.getStatus().value() == 200
                    && BODY.equals(String.join("", result.getResponseBody().collectList().block()));
        }
        catch (RuntimeException truncated) {
            return false;
        }
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port).build();
    }


    /**
     * Answers every request with a status line, headers and part of the announced body, then closes the connection,
     * as the kernel does for a process killed mid-response (FIN: the request had been read, so nothing unread forces a
     * RST). With {@code Content-Length} the cut is always detected; a cut chunked body is not always (see README).
     */
    static final class DyingBackend implements AutoCloseable {

        private final ServerSocket server;

        private volatile int responsesStarted;

        DyingBackend() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            Thread thread = new Thread(this::serve, "dying-backend");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int responsesStarted() {
            return responsesStarted;
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    readHeaders(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n"
                            + "{\"instanceId\":\"dy").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    responsesStarted++;
                }
                catch (IOException ex) {
                    // closed by the test, or the gateway gave up on the connection
                }
            }
        }

        private static void readHeaders(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = { '\r', '\n', '\r', '\n' };
            int b;
            while (matched < 4 && (b = in.read()) != -1) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
