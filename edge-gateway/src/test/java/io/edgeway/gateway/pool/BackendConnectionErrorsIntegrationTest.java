package io.edgeway.gateway.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.gateway.support.TestBackends;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backend instances the gateway cannot get an answer from, on real loopback ports behind {@code lb://} services:
 * closed ports answer 502 {@code backend_unreachable}, a port whose accept queue is full (SYNs dropped) 504
 * {@code backend_timeout} after the connect timeout, an instance that never answers 504 {@code backend_timeout} after
 * the response timeout; each reason names the instance. A GET is first retried on the service's other instance.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false",
        // Neither ejection nor the retry budget may hide a retry here.
        "edgeway.gateway.outlier.enabled=false", "edgeway.gateway.retry.budget.min-per-second=1000",
        "spring.cloud.gateway.server.webflux.httpclient.connect-timeout=300",
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=500ms",
        "spring.cloud.gateway.server.webflux.routes[0].id=refused",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://refused",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/refused/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[1].id=unanswered",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://unanswered",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/unanswered/**",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[2].id=stalled",
        "spring.cloud.gateway.server.webflux.routes[2].uri=lb://stalled",
        "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/stalled/**",
        "spring.cloud.gateway.server.webflux.routes[2].metadata.access=public" })
class BackendConnectionErrorsIntegrationTest {

    private static final int deadA = TestBackends.freePort();

    private static final int deadB = TestBackends.freePort();

    private static final FullAcceptQueue unanswered = new FullAcceptQueue();

    private static final RecordingBackend stalled = RecordingBackend.start("stalled");

    static {
        stalled.hold();
    }

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        String refused = "spring.cloud.discovery.client.simple.instances.refused";
        registry.add(refused + "[0].uri", () -> "http://127.0.0.1:" + deadA);
        registry.add(refused + "[0].instance-id", () -> "dead-a");
        registry.add(refused + "[1].uri", () -> "http://127.0.0.1:" + deadB);
        registry.add(refused + "[1].instance-id", () -> "dead-b");
        registry.add("spring.cloud.discovery.client.simple.instances.unanswered[0].uri",
                () -> "http://127.0.0.1:" + unanswered.port());
        registry.add("spring.cloud.discovery.client.simple.instances.unanswered[0].instance-id", () -> "full");
        RecordingBackend.simpleDiscovery("stalled", java.util.Map.of(stalled, java.util.Map.of()))
                .forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stopBackends() {
        unanswered.close();
        stalled.close();
    }

    @Test
    void getToRefusingInstancesIsRetriedOnTheOtherThenAnswers502NamingIt() {
        double retriesBefore = retries("refused");

        EntityExchangeResult<String> answer = send(HttpMethod.GET, "/refused/x");

        assertThat(answer.getStatus()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(answer.getResponseBody()).startsWith("{\"status\":502,\"error\":\"backend_unreachable\",")
                .containsPattern("\"reason\":\"could not connect to refused instance dead-[ab] at 127\\.0\\.0\\.1:("
                        + deadA + "|" + deadB + "): connection refused\"");
        assertThat(retries("refused") - retriesBefore).as("retries before the answer").isEqualTo(2);
    }

    @Test
    void postToARefusingInstanceIsNotRetriedAndAnswers502() {
        double retriesBefore = retries("refused");

        EntityExchangeResult<String> answer = send(HttpMethod.POST, "/refused/x");

        assertThat(answer.getStatus()).isEqualTo(HttpStatus.BAD_GATEWAY);
        assertThat(answer.getResponseBody()).contains("\"error\":\"backend_unreachable\"")
                .containsPattern("could not connect to refused instance dead-[ab] at 127\\.0\\.0\\.1:\\d+");
        assertThat(retries("refused")).isEqualTo(retriesBefore);
    }

    @Test
    void connectTimeoutAnswers504NamingTheInstance() {
        EntityExchangeResult<String> answer = send(HttpMethod.POST, "/unanswered/x");

        assertThat(answer.getStatus()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(answer.getResponseBody()).isEqualTo("{\"status\":504,\"error\":\"backend_timeout\",\"reason\":"
                + "\"no connection to unanswered instance full at 127.0.0.1:" + unanswered.port()
                + ": connection timed out after 300 ms\"}");
    }

    @Test
    void responseTimeoutAnswers504TheSameWay() {
        EntityExchangeResult<String> answer = send(HttpMethod.GET, "/stalled/x");

        assertThat(answer.getStatus()).isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
        assertThat(answer.getResponseBody()).isEqualTo("{\"status\":504,\"error\":\"backend_timeout\",\"reason\":"
                + "\"no response from stalled instance stalled at 127.0.0.1:" + stalled.port() + " within 500 ms\"}");
    }

    private EntityExchangeResult<String> send(HttpMethod method, String path) {
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port).build()
                .method(method).uri(path).exchange().expectBody(String.class).returnResult();
    }

    private double retries(String service) {
        Counter counter = meters.find("edgeway.retry.retries").tag("service", service).counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * A loopback port that listens but never accepts, its accept queue filled: the kernel drops every further SYN,
     * so a connection attempt neither succeeds nor is refused, as with a host that is down or firewalled.
     */
    static final class FullAcceptQueue implements AutoCloseable {

        private final ServerSocket server;

        private final List<Socket> queued = new ArrayList<>();

        FullAcceptQueue() {
            try {
                server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                // Connect until one attempt is left unanswered: that is the queue full.
                for (int i = 0; i < 16; i++) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    try {
                        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 200);
                    }
                    catch (SocketTimeoutException full) {
                        return;
                    }
                }
                throw new IllegalStateException("the accept queue of port " + port() + " never filled");
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            try {
                for (Socket socket : queued) {
                    socket.close();
                }
                server.close();
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
    }
}
