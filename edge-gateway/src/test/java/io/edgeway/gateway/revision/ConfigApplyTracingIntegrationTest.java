package io.edgeway.gateway.revision;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.sun.net.httpserver.HttpServer;
import io.edgeway.gateway.EdgeGatewayApplication;
import io.edgeway.gateway.support.TestBackends;
import io.edgeway.testsupport.OtlpTraceReceiver;
import io.edgeway.testsupport.ReceivedSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway's apply of a commit continues the trace the config server names with it: the {@code config.apply} span,
 * exported to an OTLP/HTTP receiver, is a child of the span in the commit's {@code traceparent}, tagged with the
 * commit and {@code applied}, or {@code refused} for a commit the gateway cannot build.
 */
class ConfigApplyTracingIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpServer backend = TestBackends.answering(exchange -> "ok");

    private final StubConfigServer server = new StubConfigServer();

    private final OtlpTraceReceiver collector = OtlpTraceReceiver.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
        backend.stop(0);
        collector.close();
    }

    @Test
    void applyAndRefusalAreChildSpansOfThePublication() {
        String uri = "http://127.0.0.1:" + backend.getAddress().getPort();
        server.add(ConfigAt.commit("c1").route("one", uri, "Path=/one", "SetPath=/one").served())
                .add(ConfigAt.commit("c2").route("one", uri, "Path=/one", "SetPath=/one").route("two", uri, "Path=/two", "SetPath=/two").served())
                .add(ConfigAt.commit("c3").route("one", uri, "Path=/one", "SetPath=/one")
                        .route("teapot", uri, "Path=/teapot", "SetStatus=banana").served())
                .publish("c1");
        String appliedTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String appliedParent = "00f067aa0ba902b7";
        String refusedTrace = "0af7651916cd43dd8448eb211c80319c";
        String refusedParent = "b7ad6b7169203331";

        try (ConfigurableApplicationContext gateway = start()) {
            server.publish("c2", "00-" + appliedTrace + "-" + appliedParent + "-01");
            ReceivedSpan applied = awaitApplySpan(appliedTrace);
            assertThat(applied.parentSpanId()).isEqualTo(appliedParent);
            assertThat(applied.attribute("config.commit")).isEqualTo("c2");
            assertThat(applied.attribute("outcome")).isEqualTo("applied");
            assertThat(applied.service()).isEqualTo("edge-gateway");

            server.publish("c3", "00-" + refusedTrace + "-" + refusedParent + "-01");
            ReceivedSpan refused = awaitApplySpan(refusedTrace);
            assertThat(refused.parentSpanId()).isEqualTo(refusedParent);
            assertThat(refused.attribute("config.commit")).isEqualTo("c3");
            assertThat(refused.attribute("outcome")).isEqualTo("refused");
            assertThat(gateway.getBean(ConfigRevisionApplier.class).current().commit()).isEqualTo("c2");
        }
    }

    private ReceivedSpan awaitApplySpan(String traceId) {
        return await("config.apply span of trace " + traceId).atMost(TIMEOUT)
                .until(() -> applySpans(traceId), spans -> !spans.isEmpty()).get(0);
    }

    private List<ReceivedSpan> applySpans(String traceId) {
        return collector.spans().stream()
                .filter(span -> span.name().equals("config.apply") && span.traceId().equals(traceId)).toList();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EdgeGatewayApplication.class).run("--server.port=0",
                "--CONFIG_SERVER_URL=" + server.uri(), "--eureka.client.enabled=false",
                "--edgeway.gateway.route-targets.hosts=127.0.0.1",
                "--edgeway.gateway.config-push.cache-file=" + dir.resolve("edge-gateway-config.json"),
                "--management.tracing.sampling.probability=1.0",
                "--management.opentelemetry.tracing.export.schedule-delay=100ms",
                "--management.opentelemetry.tracing.export.otlp.endpoint=" + collector.endpoint());
    }
}
