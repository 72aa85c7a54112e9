package io.edgeway.gateway.retry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.shedding.ConcurrencyLimiters;
import io.edgeway.gateway.support.TestBackends;
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
 * A retried request keeps what its first attempt decided: it pays the rate limit once, stays on the canary version
 * it was given, and is admitted by ShedLoad as best-effort. Each service has an instance that refuses connections
 * ({@code dead*}) beside real ones. To make the first attempt go to the dead one every time, a request is first
 * parked on the live instance ({@link PartlyHeldBackend}): the power-of-two-choices balancer then prefers the dead
 * instance, which has nothing in flight, and the retry goes to the live one, the only one not tried yet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.cloud.loadbalancer.cache.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false",
        // Ejecting the dead instances would spare the requests their retry; the budget must not stop one.
        "edgeway.gateway.outlier.enabled=false", "edgeway.gateway.retry.budget.min-per-second=1000",
        "edgeway.gateway.shedding.initial-limit=10", "edgeway.gateway.shedding.min-limit=4",
        "edgeway.gateway.shedding.max-limit=10",
        "spring.cloud.gateway.server.webflux.routes[0].id=park-flaky",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://flaky",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/hold/flaky/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[1].id=api",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://flaky",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/api/**",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].name=RateLimit",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.requests=3",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.period=1h",
        "spring.cloud.gateway.server.webflux.routes[1].filters[0].args.key=ip",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[2].id=work",
        "spring.cloud.gateway.server.webflux.routes[2].uri=lb://flaky",
        "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/work/**",
        "spring.cloud.gateway.server.webflux.routes[2].filters[0]=ShedLoad=default,shared",
        "spring.cloud.gateway.server.webflux.routes[2].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[3].id=fill",
        "spring.cloud.gateway.server.webflux.routes[3].uri=lb://busy",
        "spring.cloud.gateway.server.webflux.routes[3].predicates[0]=Path=/hold/busy/**",
        "spring.cloud.gateway.server.webflux.routes[3].filters[0]=ShedLoad=default,shared",
        "spring.cloud.gateway.server.webflux.routes[3].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[4].id=park-catalog",
        "spring.cloud.gateway.server.webflux.routes[4].uri=lb://catalog",
        "spring.cloud.gateway.server.webflux.routes[4].predicates[0]=Path=/hold/catalog/**",
        "spring.cloud.gateway.server.webflux.routes[4].filters[0]=Canary=v1,v2,100",
        "spring.cloud.gateway.server.webflux.routes[4].metadata.access=public",
        // No key: anonymous requests are split at random, so a second decision would often differ from the first.
        "spring.cloud.gateway.server.webflux.routes[5].id=shop",
        "spring.cloud.gateway.server.webflux.routes[5].uri=lb://catalog",
        "spring.cloud.gateway.server.webflux.routes[5].predicates[0]=Path=/shop/**",
        "spring.cloud.gateway.server.webflux.routes[5].filters[0]=Canary=v1,v2,50",
        "spring.cloud.gateway.server.webflux.routes[5].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[6].id=solo",
        "spring.cloud.gateway.server.webflux.routes[6].uri=lb://solo",
        "spring.cloud.gateway.server.webflux.routes[6].predicates[0]=Path=/solo/**",
        "spring.cloud.gateway.server.webflux.routes[6].filters[0]=Canary=v1,v2,50",
        "spring.cloud.gateway.server.webflux.routes[6].metadata.access=public" })
class RetryKeepsFirstAttemptDecisionsIntegrationTest {

    private static final int REQUESTS = 40;

    private static final PartlyHeldBackend flaky = new PartlyHeldBackend("flaky-live");

    private static final PartlyHeldBackend busy = new PartlyHeldBackend("busy-1");

    private static final PartlyHeldBackend canary = new PartlyHeldBackend("v2-live");

    private static final PartlyHeldBackend stable = new PartlyHeldBackend("v1-live");

    private static final PartlyHeldBackend soloStable = new PartlyHeldBackend("solo-v1");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private ConcurrencyLimiters limiters;

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        instance(registry, "flaky", 0, "flaky-dead", TestBackends.freePort(), null);
        instance(registry, "flaky", 1, flaky.name, flaky.port(), null);
        instance(registry, "busy", 0, busy.name, busy.port(), null);
        instance(registry, "catalog", 0, "v2-dead", TestBackends.freePort(), "v2");
        instance(registry, "catalog", 1, canary.name, canary.port(), "v2");
        instance(registry, "catalog", 2, stable.name, stable.port(), "v1");
        instance(registry, "solo", 0, "solo-v2-dead", TestBackends.freePort(), "v2");
        instance(registry, "solo", 1, soloStable.name, soloStable.port(), "v1");
    }

    private static void instance(DynamicPropertyRegistry registry, String service, int index, String id, int port,
            String version) {
        String prefix = "spring.cloud.discovery.client.simple.instances." + service + "[" + index + "].";
        registry.add(prefix + "uri", () -> "http://127.0.0.1:" + port);
        registry.add(prefix + "instance-id", () -> id);
        if (version != null) {
            registry.add(prefix + "metadata.version", () -> version);
        }
    }

    @AfterEach
    void releaseHeldRequests() {
        List.of(flaky, busy, canary, stable, soloStable).forEach(PartlyHeldBackend::release);
        held.forEach(CompletableFuture::join);
    }

    @AfterAll
    static void stopBackends() {
        List.of(flaky, busy, canary, stable, soloStable).forEach(PartlyHeldBackend::close);
    }

    @Test
    void requestRetriedOnceConsumesOneToken() {
        park("/hold/flaky/1", flaky, 1);

        List<Integer> firstThree = IntStream.range(0, 3).mapToObj(i -> get("/api/x").statusCode()).toList();
        HttpResponse<String> fourth = get("/api/x");

        assertThat(firstThree).as("three requests, each retried once, within a burst of three").containsOnly(200);
        assertThat(flaky.served("/api")).isEqualTo(3);
        assertThat(retries("flaky")).as("every request was retried").isGreaterThanOrEqualTo(3);
        assertThat(fourth.statusCode()).isEqualTo(429);
    }

    @Test
    void retryStaysOnTheCanaryVersionTheFirstAttemptChose() {
        park("/hold/catalog/1", canary, 1);

        List<Integer> statuses = IntStream.range(0, REQUESTS).mapToObj(i -> get("/shop/x").statusCode()).toList();

        long toCanary = decisions("shop", "v2");
        long toStable = decisions("shop", "v1");
        assertThat(statuses).containsOnly(200);
        assertThat(toCanary + toStable).as("one decision per request").isEqualTo(REQUESTS);
        assertThat(toCanary).as("some requests assigned to the canary").isPositive();
        assertThat(canary.served("/shop")).as("canary requests, retried from the dead canary").isEqualTo(toCanary);
        assertThat(stable.served("/shop")).as("stable served only its own").isEqualTo(toStable);
    }

    /**
     * The canary's only instance refuses connections: a request assigned to the canary is retried on that instance
     * (the balancer's "any instance once all are tried") and fails with the gateway's answer to a refused connection
     * (502 backend_unreachable); it never falls over to stable. Once outlier detection ejects the instance, the canary has none left and
     * the route sends everyone to stable (CanaryInstanceFilter's fallback).
     */
    @Test
    void retryWithNoOtherCanaryInstanceFailsRatherThanSwitchToStable() {
        List<HttpResponse<String>> responses = IntStream.range(0, REQUESTS).mapToObj(i -> get("/solo/x")).toList();

        long toCanary = decisions("solo", "v2");
        long toStable = decisions("solo", "v1");
        assertThat(toCanary + toStable).as("one decision per request").isEqualTo(REQUESTS);
        assertThat(toCanary).as("some requests assigned to the canary").isPositive();
        assertThat(soloStable.served("/solo")).isEqualTo(toStable);
        assertThat(responses.stream().filter(r -> r.statusCode() == 200)).hasSize((int) toStable);
        assertThat(responses.stream().filter(r -> r.statusCode() != 200))
                .hasSize((int) toCanary).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(502));
    }

    @Test
    void retryIsAdmittedAsBestEffort() {
        park("/hold/flaky/1", flaky, 1);
        busy.hold();
        for (int i = 0; i < 6; i++) {
            held.add(send("/hold/busy/" + i));
        }
        await("six default requests in the shared limiter").atMost(Duration.ofSeconds(10))
                .until(() -> busy.held() == 6);

        HttpResponse<String> refused = get("/work/x");

        // The first attempt was admitted as default and refused a connection; its retry, best-effort, was shed.
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.body()).contains("concurrency limit for best-effort");
        assertThat(flaky.served("/work")).isZero();
        assertThat(limiters.get("shared").inflight()).as("no permit left behind").isEqualTo(6);
    }

    /** Sends a request that {@code backend} keeps, and waits until it has {@code count} of them. */
    private void park(String path, PartlyHeldBackend backend, int count) {
        backend.hold();
        held.add(send(path));
        await("parked on " + backend.name).atMost(Duration.ofSeconds(10)).until(() -> backend.held() == count);
    }

    private long decisions(String route, String assigned) {
        return Math.round(meters.find("edgeway.canary.requests").tag("route", route).tag("assigned", assigned)
                .counters().stream().mapToDouble(Counter::count).sum());
    }

    private long retries(String service) {
        return Math.round(meters.find("edgeway.retry.retries").tag("service", service).counters().stream()
                .mapToDouble(Counter::count).sum());
    }

    private CompletableFuture<HttpResponse<String>> send(String path) {
        return http.sendAsync(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(request(path), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .build();
    }

    /**
     * A real backend on loopback that holds every request under {@code /hold} until released and answers the rest
     * at once with its name, counting them by path.
     */
    static final class PartlyHeldBackend implements AutoCloseable {

        private final String name;

        private final HttpServer server;

        private final List<String> served = new CopyOnWriteArrayList<>();

        private volatile CountDownLatch gate = new CountDownLatch(0);

        private volatile int held;

        PartlyHeldBackend(String name) {
            this.name = name;
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.createContext("/", this::handle);
            server.start();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            if (path.startsWith("/hold")) {
                CountDownLatch current = gate;
                synchronized (this) {
                    held++;
                }
                try {
                    current.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            else {
                served.add(path);
            }
            byte[] body = ("{\"instance\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int held() {
            return held;
        }

        long served(String prefix) {
            return served.stream().filter(path -> path.startsWith(prefix)).count();
        }

        /** From now on holds requests under {@code /hold}, counting them from zero. */
        synchronized void hold() {
            held = 0;
            gate = new CountDownLatch(1);
        }

        /** Lets every held request, and all later ones, through. */
        void release() {
            gate.countDown();
        }

        @Override
        public void close() {
            release();
            server.stop(0);
        }
    }
}
