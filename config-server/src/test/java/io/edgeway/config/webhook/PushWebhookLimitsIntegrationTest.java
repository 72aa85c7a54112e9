package io.edgeway.config.webhook;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /monitor} refuses what it must before any git work: an oversized body (whether it declares its length
 * or is chunked), a missing or wrong signature, and a source calling too often. Each refusal leaves the branch
 * unfetched; a small signed call fetches it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.user.password=test-secret", "spring.cloud.config.server.git.search-paths=",
        "edgeway.config.webhook-secret=hook-secret", "edgeway.config.webhook.requests-per-minute=10" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PushWebhookLimitsIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final byte[] SMALL = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    /** Just over the default limit of 1 MB. */
    private static final byte[] OVERSIZED = oversized();

    @TempDir
    static Path dir;

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private MeterRegistry meters;

    @BeforeAll
    static void seed() throws Exception {
        Files.writeString(dir.resolve("sample-backend.yml"), "message: hello\n");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Seed").setAuthor("test", "test@edgeway.local")
                    .setCommitter("test", "test@edgeway.local").setSign(false).call();
        }
    }

    @DynamicPropertySource
    static void gitUri(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.config.server.git.uri", () -> dir.toString());
    }

    @Test
    @Order(1)
    void anOversizedBodyIsRefusedBeforeItIsRead() throws Exception {
        double fetches = fetches();

        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofByteArray(OVERSIZED), signed(OVERSIZED));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("larger than 1048576 bytes").contains("webhook.max-body-size");
        assertThat(fetches()).as("no git work").isEqualTo(fetches);
    }

    @Test
    @Order(2)
    void anOversizedChunkedBodyIsRefusedOnceItPassesTheLimit() throws Exception {
        double fetches = fetches();

        HttpResponse<String> response = send(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(OVERSIZED)), signed(OVERSIZED));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(fetches()).as("no git work").isEqualTo(fetches);
    }

    @Test
    @Order(3)
    void aMissingOrWrongSignatureIsRefusedWithoutGitWork() throws Exception {
        double fetches = fetches();

        HttpResponse<String> unsigned = send(HttpRequest.BodyPublishers.ofByteArray(SMALL), null);
        HttpResponse<String> wrong = send(HttpRequest.BodyPublishers.ofByteArray(SMALL), "sha256=00ff");

        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("X-Hub-Signature-256");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(fetches()).as("no git work").isEqualTo(fetches);
    }

    @Test
    @Order(4)
    void aSmallSignedBodyFetchesTheBranch() throws Exception {
        double fetches = fetches();

        assertThat(send(HttpRequest.BodyPublishers.ofByteArray(SMALL), signed(SMALL)).statusCode()).isEqualTo(202);

        assertThat(fetches()).isEqualTo(fetches + 1);
    }

    /** Runs last: it empties this source's bucket (10 a minute; the tests before used 5). */
    @Test
    @Order(5)
    void aSourceCallingTooOftenIsRefusedWithoutGitWork() throws Exception {
        int allowed = 0;
        HttpResponse<String> response = send(HttpRequest.BodyPublishers.ofByteArray(SMALL), null);
        while (response.statusCode() != 429 && allowed < 10) {
            allowed++;
            response = send(HttpRequest.BodyPublishers.ofByteArray(SMALL), null);
        }
        double fetches = fetches();

        assertThat(response.statusCode()).as("refused within the minute's 10 calls").isEqualTo(429);
        assertThat(response.body()).contains("too many webhook calls from 127.0.0.1").contains("10 a minute");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("6");
        HttpResponse<String> signed = send(HttpRequest.BodyPublishers.ofByteArray(SMALL), signed(SMALL));
        assertThat(signed.statusCode()).as("a valid signature does not lift the limit").isEqualTo(429);
        assertThat(fetches()).as("no git work").isEqualTo(fetches);
    }

    private HttpResponse<String> send(HttpRequest.BodyPublisher body, String githubSignature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/monitor"))
                .header("Content-Type", "application/json").POST(body);
        if (githubSignature != null) {
            request.header("X-Hub-Signature-256", githubSignature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String signed(byte[] body) {
        return "sha256=" + WebhookSignatures.hmac("hook-secret", body);
    }

    private double fetches() {
        return meters.counter("edgeway.config.fetches").count();
    }

    private static byte[] oversized() {
        byte[] body = new byte[1024 * 1024 + 1024];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[body.length - 1] = '}';
        return body;
    }
}
