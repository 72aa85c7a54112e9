package io.edgeway.config.revision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgeway.testsupport.OtlpTraceReceiver;
import io.edgeway.testsupport.ReceivedSpan;
import io.edgeway.testsupport.Traceparent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each commit checked is a {@code config.publish} span, exported over OTLP/HTTP, tagged with the commit and its
 * outcome; the published commit names that span in its {@code traceparent} (what a gateway continues), and the log
 * line announcing the publication carries its trace id. A request's log lines carry the trace id of its traceparent.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.security.user.password=test-secret", "spring.cloud.config.server.git.search-paths=",
        "edgeway.config.poll-interval=200ms", "management.tracing.sampling.probability=1.0",
        "management.opentelemetry.tracing.export.schedule-delay=100ms",
        "logging.level.org.springframework.web.servlet.DispatcherServlet=debug" })
class PublishTracingIntegrationTest {

    private static final Duration PUBLISHED = Duration.ofSeconds(20);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static TestRepo repo;

    static final OtlpTraceReceiver collector = OtlpTraceReceiver.start();

    @Value("${local.server.port}")
    private int port;

    @BeforeAll
    static void seed() throws Exception {
        repo = new TestRepo(dir);
        repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES);
    }

    @AfterAll
    static void stop() {
        collector.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.config.server.git.uri", () -> dir.toString());
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", collector::endpoint);
    }

    @Test
    void aPublishedCommitNamesItsPublishSpanAndItsLogLineCarriesTheTraceId(CapturedOutput output) throws Exception {
        String commit = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES.replace("/hello", "/traced"));
        String traceparent = await().atMost(PUBLISHED).until(() -> publishedTraceparent(commit), found -> found != null);

        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceId = traceparent.split("-")[1];
        String spanId = traceparent.split("-")[2];
        ReceivedSpan span = awaitPublishSpan(commit);
        assertThat(span.traceId()).isEqualTo(traceId);
        assertThat(span.spanId()).isEqualTo(spanId);
        assertThat(span.attribute(PublishSpans.OUTCOME)).isEqualTo("published");
        assertThat(span.service()).isEqualTo("config-server");
        assertThat(output.getAll().lines().filter(line -> line.contains("Published config commit " + commit)))
                .singleElement().asString().contains(traceId);
    }

    @Test
    void aRefusedCommitIsARefusedPublishSpan() throws Exception {
        String bad = repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES + """
                  - id: hello
                    uri: lb://sample-backend
                    predicates: [ Path=/again ]
                """);

        assertThat(awaitPublishSpan(bad).attribute(PublishSpans.OUTCOME)).isEqualTo("refused");
        repo.commit("edge-gateway.yml", TestRepo.GOOD_ROUTES); // the other test commits on top of this tree
    }

    @Test
    void logLinesOfARequestCarryTheTraceIdOfItsTraceparent(CapturedOutput output) {
        Traceparent traceparent = Traceparent.random();

        RestClient.create("http://127.0.0.1:" + port).get().uri("/revisions/current")
                .headers(h -> h.setBasicAuth("config", "test-secret"))
                .header(Traceparent.HEADER, traceparent.value()).retrieve().toBodilessEntity();

        // The dispatcher's debug line of the request stands for any line a handler writes.
        await("a log line of the request with its trace id").atMost(Duration.ofSeconds(10))
                .until(() -> output.getAll().lines().anyMatch(
                        line -> line.contains("\"/revisions/current\"") && line.contains(traceparent.traceId())));
    }

    private ReceivedSpan awaitPublishSpan(String commit) {
        return await("config.publish span of " + commit).atMost(PUBLISHED).until(() -> collector.spans().stream()
                .filter(span -> span.name().equals(PublishSpans.NAME)
                        && commit.equals(span.attribute(PublishSpans.COMMIT))).toList(), spans -> !spans.isEmpty())
                .get(0);
    }

    /** The traceparent of the published commit, once {@code commit} is the published one. */
    private String publishedTraceparent(String commit) {
        String body = RestClient.create("http://127.0.0.1:" + port).get().uri("/revisions/current")
                .headers(h -> h.setBasicAuth("config", "test-secret")).retrieve().body(String.class);
        Map<String, Object> current = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        Map<?, ?> published = (Map<?, ?>) current.get("published");
        return published != null && commit.equals(published.get("commit")) ? (String) published.get("traceparent")
                : null;
    }
}
