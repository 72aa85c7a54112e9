package io.edgeway.gateway.revision;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.EdgeGatewayApplication;
import io.edgeway.gateway.support.TestBackends;
import io.edgeway.testsupport.RedisServer;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole gateway on the Redis fan-out of a real redis-server, with a stub config server: whatever anyone
 * {@code PUBLISH}es on the channel (the hash of a commit the server rejected, or of a branch never merged), the
 * gateway runs only what the config server publishes, also while the server cannot say what that is; and a flood of
 * messages costs a bounded number of checks.
 */
class RedisNoticesIntegrationTest {

    private static final String CHANNEL = "edgeway:config-revisions";

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final String C1 = "1".repeat(40);

    private static final String C2 = "2".repeat(40);

    private static final String REJECTED = "bad0".repeat(10);

    private static final String UNMERGED = "feed".repeat(10);

    private final HttpServer backend = TestBackends.answering(exchange -> "path=" + exchange.getRequestURI().getPath());

    private final StubConfigServer server = new StubConfigServer();

    private final RedisServer redis = new RedisServer();

    private final RedisClient client = RedisClient.create(redis.url());

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        client.shutdown();
        redis.close();
        server.close();
        backend.stop(0);
    }

    @Test
    void aPublishedHashIsOnlyAHintToAskTheConfigServer() throws Exception {
        String uri = "http://127.0.0.1:" + backend.getAddress().getPort();
        // The config server has all of them (it answers for any commit of its repository), but publishes only c1.
        server.add(ConfigAt.commit(C1).route("one", uri, "Path=/one", "SetPath=/one").served())
                .add(ConfigAt.commit(REJECTED).route("one", uri, "Path=/one", "SetPath=/one")
                        .route("evil", uri, "Path=/evil", "SetPath=/evil").served())
                .add(ConfigAt.commit(UNMERGED).route("evil", uri, "Path=/evil", "SetPath=/evil").served())
                .add(ConfigAt.commit(C2).route("one", uri, "Path=/one", "SetPath=/one")
                        .route("two", uri, "Path=/two", "SetPath=/two").served())
                .publish(C1);

        try (ConfigurableApplicationContext gateway = start();
                StatefulRedisConnection<String, String> connection = client.connect()) {
            await("subscribed to the channel").atMost(TIMEOUT).until(() -> connection.sync().publish(CHANNEL, C1) > 0);
            await("the first periodic check").atMost(TIMEOUT).until(() -> server.requestsTo("/revisions/current") > 0);

            long asked = server.requestsTo("/revisions/current");
            connection.sync().publish(CHANNEL, REJECTED);
            connection.sync().publish(CHANNEL, UNMERGED);
            await("checked with the server").atMost(TIMEOUT).until(() -> server.requestsTo("/revisions/current") > asked);

            server.failChecks();
            long askedWhileFailing = server.requestsTo("/revisions/current");
            await("a second check, spaced").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                connection.sync().publish(CHANNEL, UNMERGED);
                return server.requestsTo("/revisions/current") > askedWhileFailing;
            });
            server.answerChecks();
            assertThat(server.fetchesOf(UNMERGED)).as("not fetched while the server could not say").isZero();

            double applied = counter(gateway, "edgeway.config.revisions.applied");
            long askedBeforeFlood = server.requestsTo("/revisions/current");
            double noticed = counter(gateway, "edgeway.config.revision.notices", "path", "redis");
            long floodStarted = System.nanoTime();
            flood(connection, 10_000);
            await("all of the flood received").atMost(TIMEOUT)
                    .until(() -> counter(gateway, "edgeway.config.revision.notices", "path", "redis") >= noticed + 10_000);
            long floodSeconds = Duration.ofNanos(System.nanoTime() - floodStarted).toSeconds() + 1;
            long bound = 2 + floodSeconds;
            // Over a spacing and a half after the last message: the coalesced check that waited has run.
            await("at most " + bound + " checks for 10,000 messages received over " + floodSeconds + " s")
                    .during(Duration.ofMillis(1500)).atMost(TIMEOUT)
                    .until(() -> server.requestsTo("/revisions/current") - askedBeforeFlood <= bound);
            assertThat(counter(gateway, "edgeway.config.revisions.applied")).isEqualTo(applied);

            server.publish(C2);
            connection.sync().publish(CHANNEL, C2);
            await("c2, published, applied").atMost(TIMEOUT).until(() -> C2.equals(applier(gateway).current().commit()));

            assertThat(server.fetchesOf(REJECTED)).as("never fetched").isZero();
            assertThat(server.fetchesOf(UNMERGED)).as("never fetched").isZero();
            assertThat(server.requests()).noneMatch(path -> path.endsWith("/" + "%040x".formatted(7)));
            assertThat(get(gateway, "/evil")).startsWith("404");
            assertThat(get(gateway, "/two")).isEqualTo("200 path=/two");
        }
    }

    /** Pipelined, as fast as Redis takes them: random-looking hashes, one of them repeated. */
    private static void flood(StatefulRedisConnection<String, String> connection, int messages) {
        connection.setAutoFlushCommands(false);
        try {
            List<RedisFuture<Long>> sent = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                sent.add(connection.async().publish(CHANNEL, i % 2 == 0 ? UNMERGED : "%040x".formatted(i)));
            }
            connection.flushCommands();
            assertThat(LettuceFutures.awaitAll(TIMEOUT, sent.toArray(new RedisFuture[0]))).isTrue();
        }
        finally {
            connection.setAutoFlushCommands(true);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EdgeGatewayApplication.class).run("--server.port=0",
                "--CONFIG_SERVER_URL=" + server.uri(), "--eureka.client.enabled=false",
                "--edgeway.gateway.route-targets.hosts=127.0.0.1",
                "--edgeway.gateway.config-push.cache-file=" + dir.resolve("edge-gateway-config.json"),
                "--edgeway.gateway.config-push.stream=false", "--edgeway.gateway.config-push.check-interval=1h",
                "--edgeway.gateway.config-push.redis=true", "--spring.data.redis.url=" + redis.url());
    }

    private static double counter(ConfigurableApplicationContext gateway, String name, String... tags) {
        Counter counter = gateway.getBean(MeterRegistry.class).find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static ConfigRevisionApplier applier(ConfigurableApplicationContext gateway) {
        return gateway.getBean(ConfigRevisionApplier.class);
    }

    /** Status and body, e.g. {@code 200 path=/one}. */
    private static String get(ConfigurableApplicationContext gateway, String path) throws IOException, InterruptedException {
        String port = gateway.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
