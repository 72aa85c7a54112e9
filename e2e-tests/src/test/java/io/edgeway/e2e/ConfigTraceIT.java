package io.edgeway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgeway.e2e.support.ConfigGitRepo;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.testsupport.OtlpTraceReceiver;
import io.edgeway.testsupport.ReceivedSpan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.edgeway.e2e.support.GatewayRoutes.withRoute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commit's way from the repository into a gateway is one trace: the packaged config server's
 * {@code config.publish} span and the packaged gateway's {@code config.apply} span, its child, both exported over
 * OTLP/HTTP; a commit the gateway cannot build is a {@code refused} apply in the trace of its publication. The
 * gateway's JSON log line of the apply carries the trace id. The config server, its repository and the gateway are
 * this test's own, so their tracing settings touch no other test.
 */
class ConfigTraceIT {

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final Duration EXPORTED = Duration.ofSeconds(30);

    private static final Stack stack = Stack.shared();

    private static final ConfigGitRepo repo = ConfigGitRepo.seededFromProject();

    private static final OtlpTraceReceiver collector = OtlpTraceReceiver.start();

    private static ServiceProcess configServer;

    private static ServiceProcess gateway;

    @BeforeAll
    static void tracedConfigServerAndGateway() {
        Map<String, String> traced = Map.of(
                "MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", collector.endpoint(),
                "TRACING_SAMPLING_PROBABILITY", "1.0",
                "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
        configServer = stack.startConfigServer("config-server-traced", repo, traced).awaitHealthy(START_TIMEOUT);
        gateway = stack.startGateway("edge-gateway-config-traced", configServer, traced).awaitHealthy(START_TIMEOUT);
    }

    @AfterAll
    static void stopThem() {
        if (gateway != null) {
            gateway.close();
        }
        if (configServer != null) {
            configServer.close();
        }
        collector.close();
    }

    @Test
    void aCommitsPublicationAndItsApplyAreOneTrace() {
        String original = repo.read(GATEWAY_FILE);
        String commit = repo.commit(GATEWAY_FILE, withRoute(original, "traced", "/traced"), "A traced commit");

        ReceivedSpan publish = awaitSpan("config.publish", commit);
        ReceivedSpan apply = awaitSpan("config.apply", commit);

        assertThat(publish.service()).isEqualTo("config-server");
        assertThat(publish.attribute("outcome")).isEqualTo("published");
        assertThat(apply.service()).isEqualTo("edge-gateway");
        assertThat(apply.attribute("outcome")).isEqualTo("applied");
        assertThat(apply.traceId()).isEqualTo(publish.traceId());
        assertThat(apply.parentSpanId()).isEqualTo(publish.spanId());
        await("the gateway's JSON log line of the apply").atMost(Duration.ofSeconds(10))
                .until(() -> gateway.logText().lines().anyMatch(line -> line.startsWith("{")
                        && line.contains("Applied config commit " + commit) && line.contains(publish.traceId())));

        // Valid for the config server (a known filter), but its argument is not a status the gateway can build.
        String refused = repo.commit(GATEWAY_FILE,
                withRoute(original, "teapot", "lb://sample-backend", "Path=/teapot", "SetStatus=banana"), "Bad status");

        ReceivedSpan refusedPublish = awaitSpan("config.publish", refused);
        ReceivedSpan refusedApply = awaitSpan("config.apply", refused);
        assertThat(refusedApply.attribute("outcome")).isEqualTo("refused");
        assertThat(refusedApply.traceId()).isEqualTo(refusedPublish.traceId());
        assertThat(refusedApply.parentSpanId()).isEqualTo(refusedPublish.spanId());
        assertThat(Http.send("GET", gateway.managementUrl("/actuator/configrevision"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD).body()).contains("\"commit\":\"" + commit);
    }

    private static ReceivedSpan awaitSpan(String name, String commit) {
        List<ReceivedSpan> spans = await(name + " span of " + commit).atMost(EXPORTED)
                .until(() -> collector.spans().stream()
                        .filter(span -> span.name().equals(name) && commit.equals(span.attribute("config.commit")))
                        .toList(), found -> !found.isEmpty());
        assertThat(spans).as("one %s span of %s", name, commit).hasSize(1);
        return spans.get(0);
    }
}
