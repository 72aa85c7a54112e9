package io.edgeway.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.EdgeGatewayApplication;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.testsupport.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real gateways sharing one real redis-server: one budget per client across both, fail open at once while Redis
 * is down, limits again when it is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisRateLimitIntegrationTest {

    private static final int BUDGET = 10;

    private static final String OUTAGE_LOG = "Redis does not answer for rate limits";

    private static RedisServer redis;

    private static RecordingBackend backend;

    private static final List<ConfigurableApplicationContext> gateways = new ArrayList<>();

    @BeforeAll
    static void start() {
        redis = new RedisServer();
        backend = RecordingBackend.start("quota-1");
        for (int i = 0; i < 2; i++) {
            gateways.add(new SpringApplicationBuilder(EdgeGatewayApplication.class).run(arguments()));
        }
        for (int gateway = 0; gateway < 2; gateway++) {
            // The first request through a gateway builds its load-balancer context: seconds on a busy machine.
            assertThat(status(gateway, "warm-up")).isEqualTo(200);
            assertThat(gateways.get(gateway).getBean(RedisAvailability.class).isAvailable()).isTrue();
        }
    }

    /** As command-line arguments, which win over the module's application.yml (server.port there is 8080). */
    private static String[] arguments() {
        String route = "spring.cloud.gateway.server.webflux.routes[0].";
        Map<String, String> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("spring.cloud.config.enabled", "false");
        properties.put("eureka.client.enabled", "false");
        properties.put("spring.data.redis.url", redis.url());
        properties.put("edgeway.gateway.rate-limit.store", "redis");
        // As long as Lettuce's own: a stopped Redis must be noticed without waiting for any timeout.
        properties.put("edgeway.gateway.rate-limit.redis.timeout", "1s");
        properties.put(route + "id", "shared");
        properties.put(route + "uri", "lb://quota");
        properties.put(route + "predicates[0]", "Path=/shared/**");
        properties.put(route + "filters[0].name", "RateLimit");
        properties.put(route + "filters[0].args.requests", Integer.toString(BUDGET));
        properties.put(route + "filters[0].args.period", "1m");
        properties.put(route + "filters[0].args.key", "header:X-Api-Key");
        properties.put(route + "metadata.access", "public");
        properties.putAll(RecordingBackend.simpleDiscovery("quota", Map.of(backend, Map.of())));
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    @AfterAll
    static void stop() {
        gateways.forEach(ConfigurableApplicationContext::close);
        backend.close();
        redis.close();
    }

    @Test
    void bothGatewaysTogetherAdmitOneBudgetPerClient() {
        int[] admitted = new int[2];
        for (int i = 0; i < 3 * BUDGET; i++) {
            if (status(i % 2, "shared-budget") == 200) {
                admitted[i % 2]++;
            }
        }

        // Local buckets would admit BUDGET on each gateway; one token may refill (1 per 6 s) during the burst.
        assertThat(admitted[0] + admitted[1]).isBetween(BUDGET, BUDGET + 1);
        assertThat(admitted[0]).isPositive();
        assertThat(admitted[1]).isPositive();
    }

    @Test
    void whileRedisIsDownRequestsPassAtOnceAndLimitingResumesWhenItIsBack(CapturedOutput output) {
        for (int i = 0; i < BUDGET; i++) {
            status(i % 2, "outage");
        }
        assertThat(status(0, "outage")).isEqualTo(429);
        assertThat(status(1, "outage")).isEqualTo(429);

        redis.stop();
        try {
            for (int i = 0; i < 20; i++) {
                long started = System.nanoTime();
                int status = status(i % 2, "outage");
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(status).as("request %d while Redis is down", i).isEqualTo(200);
                // Well under the 1 s timeouts: no request waits for Redis, not even the first one of the outage.
                assertThat(took).as("request %d while Redis is down", i).isLessThan(Duration.ofMillis(300));
            }
        }
        finally {
            redis.start();
        }
        for (int gateway = 0; gateway < 2; gateway++) {
            assertThat(meter(gateway, RedisAvailability.FAILURES_METRIC)).isGreaterThanOrEqualTo(1);
            assertThat(meters(gateway).counter(RateLimitGatewayFilterFactory.REQUESTS_METRIC, "route", "shared",
                    "outcome", "failed-open").count()).isGreaterThanOrEqualTo(9);
        }
        assertThat(output.getOut().lines().filter(line -> line.contains(OUTAGE_LOG))).hasSize(2);

        // The restarted Redis is empty: the client's bucket starts full, and both gateways drain it together.
        for (int gateway = 0; gateway < 2; gateway++) {
            int g = gateway;
            await("gateway " + g + " limits again").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50)).until(() -> status(g, "outage") == 429);
        }
    }

    private static int status(int gateway, String apiKey) {
        return client(gateway).get().uri("/shared/x").header("X-Api-Key", apiKey).exchange().returnResult(String.class)
                .getStatus().value();
    }

    private static WebTestClient client(int gateway) {
        String port = gateways.get(gateway).getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter())
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    private static MeterRegistry meters(int gateway) {
        return gateways.get(gateway).getBean(MeterRegistry.class);
    }

    private static double meter(int gateway, String name) {
        return meters(gateway).get(name).counter().count();
    }
}
