package io.edgeway.gateway.revision;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.EdgeGatewayApplication;
import io.edgeway.gateway.support.TestBackends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gateway whose config server serves an invalid config at start-up never serves it: it starts from its last good
 * config if it has one, and otherwise does not start.
 */
class BootConfigGateIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final HttpServer backend = TestBackends.answering(exchange -> "path=" + exchange.getRequestURI().getPath());

    private final StubConfigServer server = new StubConfigServer();

    @TempDir
    Path dir;

    private String uri;

    @BeforeEach
    void publishAnInvalidConfig() {
        uri = "http://127.0.0.1:" + backend.getAddress().getPort();
        // A route the gateway cannot build beside one it could: the whole config is refused, as a push would be.
        server.add(ConfigAt.commit("bad").route("evil", uri, "Path=/evil", "SetPath=/evil")
                .route("teapot", uri, "Path=/teapot", "SetStatus=banana").served()).publish("bad");
    }

    @AfterEach
    void stop() {
        server.close();
        backend.stop(0);
    }

    @Test
    void startsFromTheLastGoodConfigInsteadOfAnInvalidOne() throws Exception {
        new LastGoodConfigCache(cacheFile()).write(ConfigAt.commit("c1").route("one", uri, "Path=/one", "SetPath=/one")
                .served());

        try (ConfigurableApplicationContext gateway = start()) {
            AppliedRevision current = gateway.getBean(ConfigRevisionApplier.class).current();
            assertThat(current.commit()).isEqualTo("c1");
            assertThat(current.source()).isEqualTo("local-cache");
            assertThat(current.lastRefused().commit()).isEqualTo("bad");
            assertThat(current.lastRefused().problems()).anyMatch(problem -> problem.contains("BANANA"));
            assertThat(get(gateway, "/one")).isEqualTo("200 path=/one");
            assertThat(get(gateway, "/evil")).startsWith("404");
        }
    }

    @Test
    void doesNotStartOnAnInvalidConfigWithoutALastGoodOne() {
        assertThatThrownBy(this::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("Not starting")
                .hasMessageContaining("commit bad from the config-server").hasMessageContaining("BANANA")
                .hasMessageContaining("no other last good config");
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EdgeGatewayApplication.class).run("--server.port=0",
                "--CONFIG_SERVER_URL=" + server.uri(), "--eureka.client.enabled=false",
                "--edgeway.gateway.route-targets.hosts=127.0.0.1",
                "--edgeway.gateway.config-push.check-interval=1h",
                "--edgeway.gateway.config-push.cache-file=" + cacheFile());
    }

    private Path cacheFile() {
        return dir.resolve("edge-gateway-config.json");
    }

    /** Status and body, e.g. {@code 200 path=/one}. */
    private static String get(ConfigurableApplicationContext gateway, String path) throws IOException, InterruptedException {
        String port = gateway.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
