package io.edgeway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.testsupport.OtlpTraceReceiver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One request is one trace from the packaged gateway to the packaged sample-backend: with an OTLP endpoint set
 * (and structured logs switched on by environment alone, as the README says), both export spans of the trace id
 * the client got back in {@code X-Trace-Id}, which the backend can only know from the gateway's traceparent, and
 * the gateway's JSON access-log line carries it.
 */
class TracingIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final Stack stack = Stack.shared();

    @Test
    void gatewayAndBackendExportOneTraceWhoseIdTheClientGetsBack() {
        try (OtlpTraceReceiver collector = OtlpTraceReceiver.start()) {
            Map<String, String> traced = Map.of(
                    "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", collector.endpoint(),
                    "TRACING_SAMPLING_PROBABILITY", "1.0",
                    "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
            ServiceProcess backend = stack.startBackend("v1", traced, List.of());
            ServiceProcess gateway = stack.startGateway("edge-gateway-traced", stack.configServer(), traced);
            try {
                backend.awaitHealthy(Duration.ofMinutes(3));
                gateway.awaitHealthy(Duration.ofMinutes(3));
                // The gateway balances over every v1 and v2 instance of the stack: ask until the traced one answers.
                HttpResponse<String> response = await("an answer from the traced backend").atMost(Duration.ofMinutes(1))
                        .until(() -> get(gateway.url("/hello/id")),
                                r -> r.statusCode() == 200 && r.body().contains(":" + backend.port() + "\""));
                String traceId = response.headers().firstValue("X-Trace-Id").orElseThrow();

                assertThat(traceId).matches("[0-9a-f]{32}");
                await("spans of the trace from the backend and the gateway").atMost(Duration.ofSeconds(30))
                        .until(() -> collector.received(traceId, "sample-backend")
                                && collector.received(traceId, "edge-gateway"));
                await("the JSON access-log line").atMost(Duration.ofSeconds(10))
                        .until(() -> gateway.logText().lines().anyMatch(line -> line.startsWith("{")
                                && line.contains("\"logger\":\"edgeway.access\"")
                                && line.contains("\"trace_id\":\"" + traceId + "\"")));
            }
            finally {
                gateway.close();
                backend.close();
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
