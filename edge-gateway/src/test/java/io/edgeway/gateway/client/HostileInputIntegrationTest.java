package io.edgeway.gateway.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.edgeway.gateway.auth.TestTokens;
import io.edgeway.gateway.support.RecordingBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile requests, sent byte for byte over raw sockets to the real gateway with the demo routes of
 * config-repo/edge-gateway.yml, in front of a real backend that counts what reaches it. Each gets a clear 4xx or a
 * closed connection, none reaches the backend, and the gateway keeps serving an honest client meanwhile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.gateway.auth.issuer=" + TestTokens.ISSUER, "edgeway.gateway.auth.audiences=" + TestTokens.AUDIENCE,
        "edgeway.gateway.client-requests.header-timeout=2s" })
class HostileInputIntegrationTest {

    /** What a closed connection reads as, instead of a status. */
    private static final int CLOSED = -1;

    private static final RecordingBackend backend = RecordingBackend.start("backend-1");

    private static final TestTokens tokens = new TestTokens();

    private static final String TOKEN = tokens.valid("alice", "api");

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("sample-backend", Map.of(backend, Map.of()))
                .forEach((k, v) -> registry.add(k, () -> v));
        registry.add("edgeway.gateway.auth.public-keys", () -> tokens.writePublicKey(tempDir()));
    }

    @AfterAll
    static void stopBackend() {
        backend.close();
    }

    @BeforeEach
    void resetBackend() {
        backend.reset();
    }

    @AfterEach
    void gatewayStillServesAnHonestClient() {
        int before = backend.count();
        assertThat(status(get("/api/orders", "Authorization: Bearer " + TOKEN))).isEqualTo(200);
        assertThat(backend.count()).isEqualTo(before + 1);
    }

    static Stream<Arguments> tokenVariants() {
        return Stream.of(
                Arguments.of("one '=' appended", "Authorization: Bearer " + TOKEN + "="),
                Arguments.of("two '=' appended", "Authorization: Bearer " + TOKEN + "=="),
                Arguments.of("base64 padding on the signature", "Authorization: Bearer " + padded(TOKEN)),
                Arguments.of("two spaces after Bearer", "Authorization: Bearer  " + TOKEN),
                Arguments.of("a tab after Bearer", "Authorization: Bearer\t" + TOKEN),
                Arguments.of("a space inside", "Authorization: Bearer " + TOKEN.substring(0, 20) + " "
                        + TOKEN.substring(20)),
                Arguments.of("two Authorization headers", "Authorization: Bearer " + TOKEN + "\r\nAuthorization: Bearer "
                        + TOKEN),
                Arguments.of("a good and a bad Authorization", "Authorization: Bearer " + TOKEN
                        + "\r\nAuthorization: Basic b3BlcmF0b3I6dGVzdC1zZWNyZXQ="),
                Arguments.of("no scheme", "Authorization: " + TOKEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokenVariants")
    void tokenVariantsAreRefused(String variant, String authorization) {
        int status = status(get("/api/orders", authorization));

        assertThat(status).as(variant).isIn(400, 401, CLOSED);
        assertThat(backend.count()).isZero();
    }

    @Test
    void oversizedHeaderIsRefused() {
        assertThat(status(get("/hello/id", "X-Big: " + "a".repeat(20_000)))).isIn(400, 431, CLOSED);
        assertThat(backend.count()).isZero();
    }

    @Test
    void tooManyHeadersAreRefused() {
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            headers.add("X-Filler-" + i + ": " + i);
        }

        assertThat(status(get("/hello/id", headers.toArray(String[]::new)))).isEqualTo(431);
        assertThat(backend.count()).isZero();
    }

    @Test
    void duplicatedAndOddlySpelledIdentityHeadersOpenNothing() {
        String[] spoofed = { "X-Auth-Subject: admin", "X-Auth-Subject: root", "X_Auth_Subject: admin",
                "x-auth_subject: admin", "X-AUTH-SCOPES: api admin", "X_Auth_Scopes: api" };

        assertThat(status(get("/api/orders", spoofed))).isEqualTo(401);
        assertThat(backend.count()).isZero();

        List<String> withToken = new ArrayList<>(List.of(spoofed));
        withToken.add("Authorization: Bearer " + TOKEN);
        assertThat(status(get("/api/orders", withToken.toArray(String[]::new)))).isEqualTo(200);
        assertThat(backend.received()).singleElement().satisfies(request -> {
            assertThat(request.headers().get("X-Auth-Subject")).containsExactly("alice");
            assertThat(request.headers().get("X-Auth-Scopes")).containsExactly("api");
            assertThat(request.headers().keySet()).noneMatch(name -> name.contains("_"));
        });
        backend.reset();
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() {
        String smuggled = "POST /hello/id HTTP/1.1\r\nHost: gateway\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hello/id HTTP/1.1\r\nHost: gateway\r\n\r\n";

        assertThat(status(send(smuggled))).isIn(400, CLOSED);
        assertThat(backend.count()).isZero();
    }

    static Stream<String> trickyPaths() {
        return Stream.of("/%2e%2e/actuator/env", "/api/..;/actuator/env", "/api/%2e%2e/actuator/env",
                "/api/%2F..%2Factuator%2Fenv", "/hello/..%2F..%2Factuator/env", "/api/orders/../../actuator/env",
                "/api;jsessionid=x/orders", "/api//orders", "/api/orders%00", "/API/orders");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trickyPaths")
    void encodedAndDottedPathsReachNoBackend(String path) {
        int status = status(get(path, "Authorization: Bearer " + TOKEN));

        assertThat(status).as(path).isIn(400, 401, 403, 404, CLOSED);
        assertThat(backend.count()).isZero();
    }

    @Test
    void clientsTricklingTheirHeadersAreCutOffWhileOthersAreServed() throws IOException {
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setSoTimeout(50);
                socket.getOutputStream().write("GET /hello/id HTTP/1.1\r\nHost: gateway\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            trickle.scheduleAtFixedRate(() -> slow.forEach(socket -> {
                try {
                    socket.getOutputStream().write('X');
                }
                catch (IOException ex) {
                    // closed by the gateway: what the test waits for
                }
            }), 0, 200, TimeUnit.MILLISECONDS);

            assertThat(status(get("/api/orders", "Authorization: Bearer " + TOKEN))).as("served meanwhile")
                    .isEqualTo(200);
            await("every trickling connection closed").atMost(Duration.ofSeconds(20))
                    .until(() -> slow.stream().allMatch(HostileInputIntegrationTest::closedByPeer));
            assertThat(backend.count()).isEqualTo(1);
            backend.reset();
        }
        finally {
            trickle.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        try (Socket idle = new Socket("127.0.0.1", port)) {
            idle.setSoTimeout(50);
            await("silent connection closed").atMost(Duration.ofSeconds(20)).until(() -> closedByPeer(idle));
        }
    }

    private static boolean closedByPeer(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            int read;
            while ((read = in.read(buffer)) > 0) {
                // a 408 or similar before the close is fine too
            }
            return read < 0;
        }
        catch (SocketTimeoutException ex) {
            return false;
        }
        catch (IOException ex) {
            return true; // reset
        }
    }

    private String get(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: gateway\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return send(request.append("Connection: close\r\n\r\n").toString());
    }

    /** Sends raw bytes on a new connection and answers the response head, or "" when the gateway closed it. */
    private String send(String raw) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && head.indexOf("\r\n\r\n") < 0) {
                head.append((char) b);
            }
            return head.toString();
        }
        catch (IOException ex) {
            return ""; // reset by the gateway
        }
    }

    private static int status(String responseHead) {
        if (!responseHead.startsWith("HTTP/1.1 ")) {
            return CLOSED;
        }
        return Integer.parseInt(responseHead.substring(9, 12));
    }

    /** The token with its signature's base64url padding written out ({@code =} up to a multiple of four). */
    private static String padded(String token) {
        int pad = (4 - token.substring(token.lastIndexOf('.') + 1).length() % 4) % 4;
        return token + "=".repeat(pad == 0 ? 4 : pad);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("edgeway-hostile");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
