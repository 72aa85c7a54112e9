package io.edgeway.gateway.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocket;

import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.testsupport.LocalCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway with HTTPS on, the demo routes of config-repo/edge-gateway.yml and a real backend, reached by real TLS
 * clients that trust only a CA made for the test: HTTP/2 by ALPN, HSTS, TLS 1.1 refused (TlsProbe), the plain redirect, and a
 * certificate replaced on disk during traffic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.gateway.tls.enabled=true", "edgeway.gateway.tls.reload-quiet-period=1s",
        "edgeway.gateway.tls.certificate=" + HttpsIntegrationTest.DIR + "/gateway.pem",
        "edgeway.gateway.tls.private-key=" + HttpsIntegrationTest.DIR + "/gateway-key.pem",
        "edgeway.gateway.tls.redirect.enabled=true", "edgeway.gateway.tls.redirect.port=0",
        // Not about rate limits: the rotation's traffic would meet the public routes' default limit per client.
        "edgeway.gateway.public-routes.enabled=false" })
class HttpsIntegrationTest {

    /**
     * Where the test CA and certificates are made, fresh for each run: a fixed path, as the TLS settings are read
     * before {@code @DynamicPropertySource} values exist.
     */
    static final String DIR = "target/https-integration-test";

    private static final Path dir = freshDir();

    private static final LocalCa ca = LocalCa.in(dir);

    private static final Path certificate = dir.resolve("gateway.pem");

    private static final Path key = dir.resolve("gateway-key.pem");

    private static final X509Certificate first = ca.issue("localhost", List.of("localhost", "127.0.0.1"), certificate,
            key);

    private static final RecordingBackend backend = RecordingBackend.start("backend-1");

    @Value("${local.server.port}")
    private int port;

    @Value("${local.management.port}")
    private int managementPort;

    @Autowired
    private HttpsRedirectServer redirect;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("sample-backend", Map.of(backend, Map.of()))
                .forEach((k, v) -> registry.add(k, () -> v));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @Test
    void servesHttp2ByAlpnWithHsts() throws Exception {
        HttpResponse<String> response = client().send(get("/hello/id"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("backend-1");
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        assertThat(response.sslSession()).get().satisfies(session -> {
            assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            assertThat(((X509Certificate) session.getPeerCertificates()[0]).getIssuerX500Principal())
                    .isEqualTo(ca.certificate().getSubjectX500Principal());
        });
    }

    @Test
    void servesHttp11ToClientsWithoutHttp2() throws Exception {
        HttpClient http11 = HttpClient.newBuilder().sslContext(ca.clientContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> response = http11.send(get("/hello/id"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    @Test
    void refusalsCarryHstsToo() throws Exception {
        HttpResponse<String> response = client().send(get("/api/id"), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    @Test
    void refusesTlsOneOneHandshake() throws Exception {
        // The control: the probe does complete a TLS 1.1 handshake with a server that allows it...
        assertThat(TlsProbe.run(ca.certificateFile(), "TLSv1.1", "--self", certificate.toString(), key.toString()))
                .isZero();
        // ... and TLS 1.2 with the gateway.
        assertThat(TlsProbe.run(ca.certificateFile(), "TLSv1.2", "127.0.0.1", String.valueOf(port))).isZero();

        assertThat(TlsProbe.run(ca.certificateFile(), "TLSv1.1", "127.0.0.1", String.valueOf(port))).isEqualTo(1);
    }

    @Test
    void redirectsPlainHttpToHttps() throws Exception {
        HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> response = plain.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + redirect.port() + "/hello/id?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(308);
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("https://127.0.0.1:" + port + "/hello/id?x=1");
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
        HttpResponse<String> followed = client().send(HttpRequest.newBuilder(URI.create(location)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).isEqualTo(200);
    }

    @Test
    void managementPortStaysPlainHttp() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + managementPort + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void rotatedCertificateServesNewHandshakesWhileOpenConnectionsGoOn() throws Exception {
        HttpClient keepAlive = client();
        HttpResponse<String> opened = keepAlive.send(get("/hello/id"), HttpResponse.BodyHandlers.ofString());
        BigInteger before = serial(opened.sslSession().orElseThrow().getPeerCertificates()[0]);
        assertThat(newConnectionRequest().serial()).isEqualTo(before);

        AtomicBoolean running = new AtomicBoolean(true);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        Set<BigInteger> keptAliveSerials = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Queue<BigInteger> newConnectionSerials = new ConcurrentLinkedQueue<>();
        AtomicInteger requests = new AtomicInteger();
        ExecutorService traffic = Executors.newFixedThreadPool(2);
        try {
            traffic.submit(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = keepAlive.send(get("/hello/id"),
                                HttpResponse.BodyHandlers.ofString());
                        requests.incrementAndGet();
                        keptAliveSerials.add(serial(response.sslSession().orElseThrow().getPeerCertificates()[0]));
                        if (response.statusCode() != 200) {
                            failures.add("keep-alive: " + response.statusCode());
                        }
                    }
                    catch (Exception ex) {
                        failures.add("keep-alive: " + ex);
                    }
                }
            });
            traffic.submit(() -> {
                while (running.get()) {
                    try {
                        Handshake handshake = newConnectionRequest();
                        requests.incrementAndGet();
                        newConnectionSerials.add(handshake.serial());
                        if (handshake.status() != 200) {
                            failures.add("new connection: " + handshake.status());
                        }
                    }
                    catch (Exception ex) {
                        failures.add("new connection: " + ex);
                    }
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() >= 20);

            BigInteger after = serial(ca.issue("localhost", List.of("localhost", "127.0.0.1"), certificate, key));

            await().atMost(Duration.ofSeconds(30)).until(() -> newConnectionSerials.contains(after));
            int switched = requests.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() >= switched + 20);
            running.set(false);
            traffic.shutdown();
            assertThat(traffic.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            assertThat(failures).isEmpty();
            // The connection opened before the rotation served to the end: it was never dropped and re-opened.
            assertThat(keptAliveSerials).containsExactly(before);
            assertThat(newConnectionRequest().serial()).isEqualTo(after);
        }
        finally {
            running.set(false);
            traffic.shutdownNow();
        }
    }

    private record Handshake(int status, BigInteger serial) {
    }

    /** One request on a new TLS connection (HTTP/1.1, Connection: close): its status and the certificate served. */
    private Handshake newConnectionRequest() throws IOException {
        try (SSLSocket socket = (SSLSocket) ca.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            BigInteger serial = serial(socket.getSession().getPeerCertificates()[0]);
            OutputStream out = socket.getOutputStream();
            out.write("GET /hello/id HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String reply = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String statusLine = reply.lines().findFirst().orElse("");
            String[] parts = statusLine.split(" ");
            return new Handshake(parts.length > 1 ? Integer.parseInt(parts[1]) : -1, serial);
        }
    }

    private static BigInteger serial(java.security.cert.Certificate certificate) {
        return ((X509Certificate) certificate).getSerialNumber();
    }

    private HttpClient client() {
        return HttpClient.newBuilder().sslContext(ca.clientContext()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build();
    }

    private static Path freshDir() {
        try {
            Path path = Path.of(DIR);
            if (Files.exists(path)) {
                try (var files = Files.walk(path)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return Files.createDirectories(path);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
