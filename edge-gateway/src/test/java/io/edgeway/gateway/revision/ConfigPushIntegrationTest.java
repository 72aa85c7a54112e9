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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole gateway against a stub config server: it boots from the server, applies a pushed commit in place (a new
 * route answers), refuses one it cannot build, and, started again while the server is down, starts from the config
 * it last applied.
 */
class ConfigPushIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final HttpServer backend = TestBackends.answering(exchange -> "path=" + exchange.getRequestURI().getPath());

    private final StubConfigServer server = new StubConfigServer();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
        backend.stop(0);
    }

    @Test
    void appliesPushedCommitsAndStartsFromTheLastOneWhenTheServerIsDown() throws Exception {
        String uri = "http://127.0.0.1:" + backend.getAddress().getPort();
        server.add(ConfigAt.commit("c1").route("one", uri, "Path=/one", "SetPath=/one").served())
                .add(ConfigAt.commit("c2").route("one", uri, "Path=/one", "SetPath=/one")
                        .route("two", uri, "Path=/two", "SetPath=/two").served())
                .add(ConfigAt.commit("c3").route("one", uri, "Path=/one", "SetPath=/one")
                        .route("teapot", uri, "Path=/teapot", "SetStatus=banana").served())
                .publish("c1");

        try (ConfigurableApplicationContext gateway = start()) {
            assertThat(get(gateway, "/one")).isEqualTo("200 path=/one");
            assertThat(get(gateway, "/two")).startsWith("404");
            Route one = route(gateway, "one");

            server.publish("c2");
            // Routes go live while the event is published, before the applier records the commit: wait for both.
            await("c2 applied and route two answers").atMost(TIMEOUT).until(() ->
                    "c2".equals(applier(gateway).current().commit()) && get(gateway, "/two").equals("200 path=/two"));
            assertThat(route(gateway, "one")).as("a route the commit left unchanged is not built again").isSameAs(one);

            server.publish("c3");
            await("c3 refused").atMost(TIMEOUT).until(() -> applier(gateway).current().lastRefused() != null);
            assertThat(applier(gateway).current().commit()).isEqualTo("c2");
            assertThat(get(gateway, "/two")).isEqualTo("200 path=/two");
            assertThat(get(gateway, "/teapot")).startsWith("404");
        }
        server.close();

        try (ConfigurableApplicationContext gateway = start()) {
            assertThat(applier(gateway).current().commit()).isEqualTo("c2");
            assertThat(applier(gateway).current().source()).isEqualTo("local-cache");
            assertThat(get(gateway, "/two")).isEqualTo("200 path=/two");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EdgeGatewayApplication.class).run("--server.port=0",
                "--CONFIG_SERVER_URL=" + server.uri(), "--eureka.client.enabled=false",
                "--edgeway.gateway.route-targets.hosts=127.0.0.1",
                "--edgeway.gateway.config-push.cache-file=" + dir.resolve("edge-gateway-config.json"));
    }

    private static Route route(ConfigurableApplicationContext gateway, String id) {
        return gateway.getBean("cachedCompositeRouteLocator", RouteLocator.class).getRoutes()
                .filter(route -> route.getId().equals(id)).blockFirst(TIMEOUT);
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
