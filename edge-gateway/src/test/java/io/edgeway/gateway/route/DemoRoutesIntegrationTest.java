package io.edgeway.gateway.route;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.TestBackends;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
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
import static org.awaitility.Awaitility.await;

/**
 * The demo routes of config-repo/edge-gateway.yml, with sample-backend resolved through a static instance list:
 * one live backend and one dead port. GETs are retried on the live instance; POSTs never are. Outlier ejection is
 * off and the retry budget ample here, so that the dead port stays in balancing and every GET to it is retried
 * (OutlierIntegrationTest and RetryBudgetIntegrationTest cover those).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false",
        // One loopback client plays many: the per-address defaults of public routes would refuse most of it.
        "edgeway.gateway.public-routes.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.gateway.outlier.enabled=false", "edgeway.gateway.retry.budget.min-per-second=1000" })
class DemoRoutesIntegrationTest {

    private static final AtomicInteger backendRequests = new AtomicInteger();

    private static final HttpServer backend = TestBackends.answering(exchange -> {
        backendRequests.incrementAndGet();
        return "path=" + exchange.getRequestURI().getPath();
    });

    private static final int deadPort = TestBackends.freePort();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ConfigurableApplicationContext context;

    @Autowired
    private MeterRegistry meters;

    @DynamicPropertySource
    static void sampleBackendInstances(DynamicPropertyRegistry registry) {
        TestBackends.register(registry, 0, "dead", deadPort);
        TestBackends.register(registry, 1, "live", backend.getAddress().getPort());
    }

    @AfterAll
    static void stopBackend() {
        backend.stop(0);
    }

    @Test
    void eachProxiedRequestIsTimedOnceInHttpServerRequests() {
        double before = timedHelloRequests();

        client().get().uri("/hello").exchange().expectStatus().isOk();

        // The observation stops once the response is written, which may be just after the client has it.
        await().atMost(Duration.ofSeconds(5)).until(() -> timedHelloRequests() > before);
        assertThat(timedHelloRequests()).isEqualTo(before + 1);
        // As shipped, no long task timer per request (management.metrics.observations.ignored-meters).
        assertThat(meters.find("http.server.requests.active").longTaskTimers()).isEmpty();
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

    /** A list is bound from one property source, so the override replaces the whole route list while it lasts. */
    @Test
    void routesFollowAConfigChange() {
        String route = "spring.cloud.gateway.server.webflux.routes[0].";
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("new-route", Map.of(
                route + "id", "added", route + "uri", "lb://sample-backend", route + "predicates[0]", "Path=/added",
                route + "filters[0]", "SetPath=/from-added-route", route + "metadata.access", "public")));
        try {
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of(route + "id")));

            client().get().uri("/added").exchange().expectStatus().isOk().expectBody(String.class)
                    .isEqualTo("path=/from-added-route");
        }
        finally {
            context.getEnvironment().getPropertySources().remove("new-route");
            context.publishEvent(new EnvironmentChangeEvent(context, Set.of(route + "id")));
        }
        client().get().uri("/added").exchange().expectStatus().isNotFound();
        client().get().uri("/hello").exchange().expectStatus().isOk();
    }

    @Test
    void robotsTxtIsAnsweredFromConfigWithoutABackend() {
        int before = backendRequests.get();

        client().get().uri("/robots.txt").exchange().expectStatus().isOk().expectBody(String.class)
                .isEqualTo("User-agent: *\nDisallow: /\n");

        assertThat(backendRequests.get()).isEqualTo(before);
    }

    @Test
    void unknownPathsAreNotRouted() {
        client().get().uri("/nowhere").exchange().expectStatus().isNotFound();
    }

    private double timedHelloRequests() {
        return meters.find("http.server.requests").tag("method", "GET").tag("status", "200").timers().stream()
                .mapToDouble(Timer::count).sum();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().responseTimeout(Duration.ofSeconds(30)).filter(ConsumedBodies.filter())
                .baseUrl("http://127.0.0.1:" + port).build();
    }


}
