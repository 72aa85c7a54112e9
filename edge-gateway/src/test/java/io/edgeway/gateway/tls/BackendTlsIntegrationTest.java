package io.edgeway.gateway.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.testsupport.LocalCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code lb://} routes to backends that speak HTTPS only (their instances registered as secure, so the load balancer
 * makes the URI https with the instance's port), trusted through {@code edgeway.gateway.tls.backends.trusted-ca}: a
 * backend signed by that CA answers; one signed by another CA, or with a certificate for another host name, gets a
 * 502 that says why; a plain-HTTP backend still answers. The gateway itself listens on plain HTTP here.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "edgeway.gateway.tls.backends.trusted-ca=" + BackendTlsIntegrationTest.DIR + "/trusted/ca.pem",
        "spring.cloud.gateway.server.webflux.routes[0].id=secure",
        "spring.cloud.gateway.server.webflux.routes[0].uri=lb://secure",
        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/secure/**",
        "spring.cloud.gateway.server.webflux.routes[0].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[1].id=rogue",
        "spring.cloud.gateway.server.webflux.routes[1].uri=lb://rogue",
        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/rogue/**",
        "spring.cloud.gateway.server.webflux.routes[1].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[2].id=misnamed",
        "spring.cloud.gateway.server.webflux.routes[2].uri=lb://misnamed",
        "spring.cloud.gateway.server.webflux.routes[2].predicates[0]=Path=/misnamed/**",
        "spring.cloud.gateway.server.webflux.routes[2].metadata.access=public",
        "spring.cloud.gateway.server.webflux.routes[3].id=plain",
        "spring.cloud.gateway.server.webflux.routes[3].uri=lb://plain",
        "spring.cloud.gateway.server.webflux.routes[3].predicates[0]=Path=/plain/**",
        "spring.cloud.gateway.server.webflux.routes[3].metadata.access=public",
        // One request each: no per-client limit in the way.
        "edgeway.gateway.public-routes.enabled=false" })
class BackendTlsIntegrationTest {

    /** A fixed path: the TLS settings are read before {@code @DynamicPropertySource} values exist. */
    static final String DIR = "target/backend-tls-integration-test";

    private static final Path dir = TestDirs.fresh(DIR);

    private static final LocalCa trusted = LocalCa.in(dir.resolve("trusted"));

    private static final LocalCa other = LocalCa.in(dir.resolve("other"));

    private static final RecordingBackend secure = httpsBackend("secure-1", trusted, List.of("127.0.0.1", "localhost"));

    private static final RecordingBackend rogue = httpsBackend("rogue-1", other, List.of("127.0.0.1", "localhost"));

    private static final RecordingBackend misnamed = httpsBackend("misnamed-1", trusted, List.of("backend.invalid"));

    private static final RecordingBackend plain = RecordingBackend.start("plain-1");

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        Map.of("secure", secure, "rogue", rogue, "misnamed", misnamed, "plain", plain)
                .forEach((service, backend) -> RecordingBackend.simpleDiscovery(service, Map.of(backend, Map.of()))
                        .forEach((k, v) -> registry.add(k, () -> v)));
    }

    @AfterAll
    static void stopBackends() {
        List.of(secure, rogue, misnamed, plain).forEach(RecordingBackend::close);
    }

    @Test
    void reachesABackendOverHttpsWithACertificateFromTheTrustedCa() {
        assertThat(secure.uri()).startsWith("https://");

        client().get().uri("/secure/x").exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body).contains("secure-1"));

        assertThat(secure.received()).extracting(RecordingBackend.Received::path).contains("/secure/x");
    }

    @Test
    void answers502WithTheReasonWhenTheBackendCertificateIsFromAnotherCa(CapturedOutput output) {
        client().get().uri("/rogue/x").exchange().expectStatus().isEqualTo(502).expectBody(String.class)
                .value(body -> assertThat(body).contains("backend_tls_failed").contains("rogue instance rogue-1")
                        .contains("not signed by a CA the gateway trusts"));

        assertThat(rogue.count()).isZero();
        await().untilAsserted(() -> assertThat(output.getOut()).contains("WARN")
                .contains("TLS handshake with rogue instance rogue-1 at 127.0.0.1:" + rogue.port() + " failed"));
    }

    @Test
    void verifiesTheHostNameOfTheBackendCertificate() {
        client().get().uri("/misnamed/x").exchange().expectStatus().isEqualTo(502).expectBody(String.class)
                .value(body -> assertThat(body).contains("backend_tls_failed")
                        .contains("not issued for the address the gateway connected to"));

        assertThat(misnamed.count()).isZero();
    }

    @Test
    void plainHttpBackendsStillWork() {
        client().get().uri("/plain/x").exchange().expectStatus().isOk().expectBody(String.class)
                .value(body -> assertThat(body).contains("plain-1"));
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static RecordingBackend httpsBackend(String name, LocalCa ca, List<String> names) {
        Path certificate = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + "-key.pem");
        ca.issue(names.get(0), names, certificate, key);
        return RecordingBackend.startTls(name, ca.keyContext(certificate, key));
    }
}
