package io.edgeway.gateway.tracing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgeway.gateway.accesslog.AccessLogFilter;
import io.edgeway.gateway.support.ConsumedBodies;
import io.edgeway.gateway.support.RecordingBackend;
import io.edgeway.testsupport.OtlpTraceReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Traces through a real gateway to a real backend, exported to an OTLP/HTTP receiver, with structured (ECS JSON)
 * logs: the trace id the client gets back in {@code X-Trace-Id} is the one of the {@code traceparent} the backend
 * receives, of the access-log line, and of the spans the collector gets; a client's own {@code traceparent} is
 * continued.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "logging.structured.format.console=ecs",
        "management.tracing.sampling.probability=1.0",
        "management.opentelemetry.tracing.export.schedule-delay=100ms" })
class TracingIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String W3C = "00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]";

    private static final RecordingBackend backend = RecordingBackend.start("backend-1");

    private static final OtlpTraceReceiver collector = OtlpTraceReceiver.start();

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        RecordingBackend.simpleDiscovery("sample-backend", Map.of(backend, Map.of()))
                .forEach((k, v) -> registry.add(k, () -> v));
        registry.add("management.opentelemetry.tracing.export.otlp.endpoint", collector::endpoint);
    }

    @AfterAll
    static void stop() {
        backend.close();
        collector.close();
        // The next test context sets logging up again, as text: Boot otherwise keeps the first set-up (JSON here),
        // and the system property it wrote the format into.
        LoggingSystem.get(TracingIntegrationTest.class.getClassLoader()).cleanUp();
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
    }

    @BeforeEach
    void resetBackend() {
        backend.reset();
    }

    @Test
    void theTraceIdTheClientGetsIsTheBackendsTheLogsAndTheCollectors(CapturedOutput output) {
        String traceId = client().get().uri("/hello/id").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst(TraceIdResponseHeader.HEADER);

        assertThat(traceId).matches("[0-9a-f]{32}");
        assertThat(backend.received()).singleElement()
                .satisfies(request -> assertThat(request.header("traceparent")).matches(W3C)
                        .startsWith("00-" + traceId + "-").endsWith("-01"));
        String line = await().atMost(Duration.ofSeconds(10)).until(() -> accessLine(output, "/hello/id"),
                found -> found != null);
        Map<String, Object> json = JSON.readValue(line, new TypeReference<Map<String, Object>>() { });
        assertThat(json.get("log")).isEqualTo(Map.of("level", "INFO", "logger", AccessLogFilter.LOGGER));
        assertThat(json).containsEntry("trace_id", traceId)
                .containsEntry("route", "hello-id").containsEntry("method", "GET").containsEntry("status", 200)
                .containsEntry("client", "127.0.0.1").containsEntry("instance", "127.0.0.1:" + backend.port())
                .containsKey("duration_us");
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.received(traceId));
    }

    @Test
    void continuesTheClientsTrace() {
        String clientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpan = "00f067aa0ba902b7";

        String traceId = client().get().uri("/hello/id").header("traceparent", "00-" + clientTrace + "-" + clientSpan + "-01")
                .exchange().expectStatus().isOk().returnResult(String.class).getResponseHeaders()
                .getFirst(TraceIdResponseHeader.HEADER);

        assertThat(traceId).isEqualTo(clientTrace);
        assertThat(backend.received()).singleElement().satisfies(request -> assertThat(request.header("traceparent"))
                .startsWith("00-" + clientTrace + "-").doesNotContain(clientSpan));
    }

    private static String accessLine(CapturedOutput output, String path) {
        List<String> lines = output.getAll().lines().filter(line -> line.startsWith("{"))
                .filter(line -> line.contains("\"" + AccessLogFilter.LOGGER + "\"") && line.contains(path)).toList();
        return lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }

    private WebTestClient client() {
        // The first request of a fresh gateway loads much of it: seconds on a busy machine.
        return WebTestClient.bindToServer().filter(ConsumedBodies.filter()).baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }
}
