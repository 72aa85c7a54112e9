package io.edgeway.security.secrets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import com.netflix.discovery.EurekaClient;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Eureka client against a server that refuses it (401) and an address where nothing listens: the
 * credentials of its service URL reach the server as a header, and never appear in its log.
 */
@ExtendWith(OutputCaptureExtension.class)
class DiscoveryClientCredentialsTest {

    private static final String PASSWORD = "url-secret-4f7d";

    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private HttpServer refusingServer;

    @AfterEach
    void stop() {
        if (refusingServer != null) {
            refusingServer.stop(0);
        }
    }

    @Test
    void sendsTheUrlCredentialsInAHeaderAndNeverLogsThem(CapturedOutput output) throws IOException {
        refusingServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        refusingServer.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        refusingServer.start();
        String urls = "http://eureka:" + PASSWORD + "@127.0.0.1:" + closedPort() + "/eureka/,http://eureka:"
                + PASSWORD + "@127.0.0.1:" + refusingServer.getAddress().getPort() + "/eureka/";

        try (ConfigurableApplicationContext context = run("--eureka.client.service-url.defaultZone=" + urls)) {
            context.getBean(EurekaClient.class).getApplications();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(authorizations).contains("Basic " + Base64.getEncoder()
                        .encodeToString(("eureka:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
                // The unreachable node: the client logs the endpoint it failed on.
                assertThat(output)
                        .contains("Request execution error. endpoint=DefaultEndpoint{ serviceUrl='http://127.0.0.1:");
                // The refusing node.
                assertThat(output).contains("status code 401");
            });
        }
        assertThat(output).doesNotContain(PASSWORD);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(EurekaClientApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        String[] all = Stream.concat(Stream.of(args), Stream.of(
                "--spring.config.location=optional:classpath:/none/", "--spring.application.name=secrets-test",
                "--eureka.client.register-with-eureka=false",
                "--spring.cloud.service-registry.auto-registration.enabled=false",
                "--eureka.client.registry-fetch-interval-seconds=1",
                "--eureka.client.initial-instance-info-replication-interval-seconds=1",
                "--logging.level.com.netflix.discovery=INFO")).toArray(String[]::new);
        return application.run(all);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class EurekaClientApp {
    }
}
