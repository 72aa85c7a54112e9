package io.edgeway.backend.config;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.edgeway.testsupport.LocalCa;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.netflix.eureka.EurekaInstanceConfigBean;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * sample-backend under the {@code tls} profile: HTTPS only on the traffic port with the PEM certificate named by the
 * environment, and a registration that offers the secure port alone (gateways then reach it over HTTPS).
 */
@ActiveProfiles("tls")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.register-with-eureka=false",
        "eureka.client.fetch-registry=false",
        "BACKEND_TLS_CERTIFICATE=" + HttpsIntegrationTest.DIR + "/backend.pem",
        "BACKEND_TLS_PRIVATE_KEY=" + HttpsIntegrationTest.DIR + "/backend-key.pem" })
class HttpsIntegrationTest {

    static final String DIR = "target/https-integration-test";

    private static final LocalCa ca = LocalCa.in(Path.of(DIR));

    static {
        ca.issue("localhost", List.of("localhost", "127.0.0.1"), Path.of(DIR, "backend.pem"),
                Path.of(DIR, "backend-key.pem"));
    }

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private EurekaInstanceConfigBean instance;

    @Test
    void servesHttpsWithTheCertificateFromTheEnvironment() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(ca.clientContext())
                .connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + port + "/id")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"instanceId\"");
    }

    @Test
    void refusesPlainHttpOnTheTrafficPort() {
        Throwable plain = catchThrowable(() -> {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/id")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
        });

        assertThat(plain == null || plain instanceof IOException).isTrue();
    }

    @Test
    void registersTheSecurePortOnly() {
        assertThat(instance.isSecurePortEnabled()).isTrue();
        assertThat(instance.isNonSecurePortEnabled()).isFalse();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(instance.getSecurePort()).isEqualTo(port));
    }
}
