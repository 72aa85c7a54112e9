package io.edgeway.gateway.tls;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.testsupport.LocalCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Client certificates (mTLS) per route, with real TLS clients: the gateway asks every client for a certificate
 * signed by the clients' CA, a route with {@code client-cert: required} lets through only requests that came with
 * one and tells the backend its subject in a header the client cannot set; a route without the requirement serves
 * clients without certificates.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.tls.enabled=true",
        "edgeway.gateway.tls.certificate=" + ClientCertificateIntegrationTest.DIR + "/gateway.pem",
        "edgeway.gateway.tls.private-key=" + ClientCertificateIntegrationTest.DIR + "/gateway-key.pem",
        "edgeway.gateway.tls.client-certificates.trusted-ca=" + ClientCertificateIntegrationTest.DIR
                + "/clients/ca.pem",
        "spring.cloud.gateway.server.webflux.routes[0].id=partners",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://backend",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/partners/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.client-cert=required",
        "spring.cloud.gateway.server.webflux.routes[1].id=open",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://backend",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/open/**",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public",
        "edgeway.gateway.public-routes.enabled=false" })
class ClientCertificateIntegrationTest {

    /** A fixed path: the TLS settings are read before {@code @DynamicPropertySource} values exist. */
    static final String DIR = "target/client-certificate-integration-test";

    private static final Path dir = TestDirs.fresh(DIR);

    private static final LocalCa serverCa = LocalCa.in(dir);

    private static final LocalCa clientsCa = LocalCa.in(dir.resolve("clients"));

    private static final LocalCa otherCa = LocalCa.in(dir.resolve("other"));

    static {
        serverCa.issue("localhost", List.of("localhost", "127.0.0.1"), dir.resolve("gateway.pem"),
                dir.resolve("gateway-key.pem"));
        clientsCa.issueClient("alice", dir.resolve("alice.pem"), dir.resolve("alice-key.pem"));
        otherCa.issueClient("mallory", dir.resolve("mallory.pem"), dir.resolve("mallory-key.pem"));
    }

    private static final RecordingBackend backend = RecordingBackend.start("backend-1");

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("backend", Map.of(backend, Map.of())).forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @BeforeEach
    void forgetRequests() {
        backend.reset();
    }

    @Test
    void acceptsAClientCertificateFromTheTrustedCaAndPassesItsSubjectOn(CapturedOutput output) throws Exception {
        HttpResponse<String> response = send(alice(), "/partners/orders", Map.of("X-Client-Cert-Subject", "CN=root",
                "X_Client_Cert_Subject", "CN=root"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(backend.received()).singleElement().satisfies(received -> {
            assertThat(received.headers().get("X-Client-Cert-Subject")).containsExactly("CN=alice");
            assertThat(received.headers().get("X_Client_Cert_Subject")).isNull();
        });
        await().untilAsserted(() -> assertThat(output.getOut()).contains("GET /partners/orders 200")
                .contains("client_cert=\"CN=alice\""));
    }

    @Test
    void refusesARequestWithoutClientCertificateOnARouteThatRequiresOne() throws Exception {
        HttpResponse<String> response = send(noCertificate(), "/partners/orders", Map.of());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("client_certificate_required").contains("presented none");
        assertThat(backend.count()).isZero();
    }

    @Test
    void refusesAClientCertificateFromAnotherCa() {
        // The client sends its certificate even though the gateway names the CAs it trusts (a JDK client would
        // otherwise keep it back and be refused with a 403 as if it had none).
        SSLContext mallory = serverCa.keyContext(dir.resolve("mallory.pem"), dir.resolve("mallory-key.pem"),
                AlwaysOffer::new);

        Throwable refused = catchThrowable(() -> send(mallory, "/partners/orders", Map.of()));

        assertThat(refused).as("the TLS handshake fails").isInstanceOf(IOException.class);
        assertThat(backend.count()).isZero();
    }

    @Test
    void routesWithoutTheRequirementServeClientsWithoutCertificatesAndDropTheForgedHeader() throws Exception {
        HttpResponse<String> response = send(noCertificate(), "/open/page", Map.of("X-Client-Cert-Subject",
                "CN=alice"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(backend.received()).singleElement()
                .satisfies(received -> assertThat(received.header("X-Client-Cert-Subject")).isNull());
    }

    @Test
    void routesWithoutTheRequirementServeClientsWithCertificatesToo() throws Exception {
        assertThat(send(alice(), "/open/page", Map.of()).statusCode()).isEqualTo(200);
        assertThat(backend.received()).singleElement()
                .satisfies(received -> assertThat(received.header("X-Client-Cert-Subject")).isNull());
    }

    private SSLContext alice() {
        return serverCa.keyContext(dir.resolve("alice.pem"), dir.resolve("alice-key.pem"));
    }

    private SSLContext noCertificate() {
        return serverCa.clientContext();
    }

    private HttpResponse<String> send(SSLContext tls, String path, Map<String, String> headers) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A key manager that offers its one certificate whatever CAs the server asks for. */
    private static final class AlwaysOffer extends X509ExtendedKeyManager {

        private final X509KeyManager keys;

        AlwaysOffer(X509KeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "key";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "key";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] { "key" };
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }
}
