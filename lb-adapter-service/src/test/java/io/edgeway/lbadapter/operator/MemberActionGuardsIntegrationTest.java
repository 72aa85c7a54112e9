package io.edgeway.lbadapter.operator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.support.FaultSettings;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import io.edgeway.lbadapter.view.VipView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.edgeway.lbadapter.support.AdapterClient.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What guards a member action: the viewer reads but is refused (403) any action, a pool the adapter does not mirror is
 * refused (403), and each refusal is audited; an action's audit row is written before the device call and completed
 * after it, also when the call fails. The reconcile loop is off, so that only the actions call the devices (and the
 * fault tests count their requests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=" + AdapterClient.USER, "spring.security.user.password=" + AdapterClient.PASSWORD,
        "edgeway.lb-adapter.viewer.name=" + AdapterClient.VIEWER,
        "edgeway.lb-adapter.viewer.password=" + AdapterClient.VIEWER_PASSWORD,
        "edgeway.lb-adapter.reconcile.enabled=false", "edgeway.lb-adapter.view.poll-interval=1h",
        "edgeway.lb-adapter.devices.flaky.retry.max-attempts=1",
        "edgeway.lb-adapter.devices.flaky.request-timeout=2s",
        "edgeway.lb-adapter.mappings[0].application=app-guard", "edgeway.lb-adapter.mappings[0].device=f5",
        "edgeway.lb-adapter.mappings[0].partition=Common", "edgeway.lb-adapter.mappings[0].pool=mapped",
        "edgeway.lb-adapter.mappings[1].application=app-flaky", "edgeway.lb-adapter.mappings[1].device=flaky",
        "edgeway.lb-adapter.mappings[1].partition=Common", "edgeway.lb-adapter.mappings[1].pool=flaky" })
@DirtiesContext
class MemberActionGuardsIntegrationTest {

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.f5("f5", F5Emulator.start(F5Settings.defaults())
            .addPool("Common", "mapped", null).addMember("Common", "mapped", "10.90.0.1:80")
            .addVirtual("Common", "mapped_vs", "10.90.0.100:80", "mapped")
            // On the device, and drainable there, but not among the adapter's mappings.
            .addPool("Common", "unmapped", null).addMember("Common", "unmapped", "10.91.0.1:80")
            .addVirtual("Common", "unmapped_vs", "10.91.0.100:80", "unmapped"));

    /** Its faults count requests: only the tests call it. */
    @RegisterExtension
    static final EmulatedDevice<F5Emulator> FLAKY_DEVICE = EmulatedDevice.f5("flaky", F5Emulator.start(
            F5Settings.defaults()).addPool("Common", "flaky", null).addMember("Common", "flaky", "10.70.0.1:80")
            .addMember("Common", "flaky", "10.70.0.2:80").addVirtual("Common", "flaky_vs", "10.70.0.100:80", "flaky"));

    private static final F5Emulator F5 = F5_DEVICE.emulator();

    private static final F5Emulator FLAKY = FLAKY_DEVICE.emulator();

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private VipView view;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
        FLAKY_DEVICE.register(properties);
    }

    @Test
    void theViewerReadsEverythingButGets403OnAnActionWhichIsAudited() {
        AdapterClient viewer = AdapterClient.viewer(port);
        for (String path : new String[] { "/api/virtual-servers", "/api/plan", "/api/instances", "/api/audit",
                "/api/leader", "/" }) {
            assertThat(viewer.send("GET", path, null, true, Map.of()).status()).as(path).isEqualTo(200);
        }
        assertThat(viewer.get("/api/operator").path("operator").asBoolean()).isFalse();
        assertThat(new AdapterClient(port).get("/api/operator").path("operator").asBoolean()).isTrue();

        AdapterClient.Reply drain = viewer.post("/api/members/drain", member("f5", "Common", "mapped", "10.90.0.1:80"));
        AdapterClient.Reply enable = viewer.post("/api/members/enable",
                member("f5", "Common", "mapped", "10.90.0.1:80"));

        assertThat(drain.status()).isEqualTo(403);
        assertThat(drain.json().path("detail").asString()).contains("'viewer' may view but not drain")
                .contains("operator role");
        assertThat(enable.status()).isEqualTo(403);
        assertThat(F5.member("Common", "mapped", "10.90.0.1:80").orElseThrow().session()).isEqualTo("user-enabled");
        assertThat(F5.writes()).isEmpty();
        JsonNode refused = auditEntry("viewer", "DRAIN", "mapped").orElseThrow();
        assertThat(refused.path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.path("error").asString()).contains("operator role");
        assertThat(auditEntry("viewer", "ENABLE", "mapped")).isPresent();
        // Every other write needs the operator: the filter chain refuses it before any controller.
        assertThat(AdapterClient.viewer(managementPort).send("POST", "/actuator/refresh", null, true, Map.of())
                .status()).isEqualTo(403);
    }

    @Test
    void refusesAndAuditsAnActionOnAPoolTheAdapterDoesNotMirror() {
        AdapterClient.Reply drain = new AdapterClient(port).post("/api/members/drain",
                member("f5", "Common", "unmapped", "10.91.0.1:80"));

        assertThat(drain.status()).isEqualTo(403);
        assertThat(drain.json().path("detail").asString())
                .contains("f5/Common/unmapped is not a pool this adapter mirrors").contains("f5/Common/mapped");
        assertThat(F5.member("Common", "unmapped", "10.91.0.1:80").orElseThrow().session()).isEqualTo("user-enabled");
        JsonNode refused = auditEntry(AdapterClient.USER, "DRAIN", "unmapped").orElseThrow();
        assertThat(refused.path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(refused.path("member").asString()).isEqualTo("10.91.0.1:80");
    }

    @Test
    void writesThePendingAuditRowBeforeTheDeviceCallAndCompletesItWhenTheCallFails() {
        // Read (and logged into) once already, so that the member check is the next request and passes; the write
        // after it hangs past the 2 s request timeout.
        await("a first read of flaky").atMost(Duration.ofSeconds(30))
                .until(() -> view.refresh("flaky").error() == null);
        FLAKY.faults(FaultSettings.none().withHangEvery(Duration.ofSeconds(6), 2));
        try {
            CompletableFuture<AdapterClient.Reply> drain = CompletableFuture.supplyAsync(() -> new AdapterClient(port)
                    .post("/api/members/drain", member("flaky", "Common", "flaky", "10.70.0.1:80")));

            await("the intent, while the device call hangs").atMost(Duration.ofSeconds(10))
                    .until(() -> outcome("10.70.0.1:80").filter("PENDING"::equals).isPresent());
            assertThat(drain).isNotDone();
            AdapterClient.Reply failed = drain.join();

            assertThat(failed.status()).isEqualTo(504);
            assertThat(failed.json().path("detail").asString()).startsWith("device failed: flaky:");
        }
        finally {
            FLAKY.faults(FaultSettings.none());
        }
        JsonNode entry = auditEntry(AdapterClient.USER, "DRAIN", "flaky").orElseThrow();
        assertThat(entry.path("outcome").asString()).isEqualTo("FAILED");
        assertThat(entry.path("error").asString()).contains("no answer within 2000 ms");
        assertThat(entry.path("completedAt").isNull()).isFalse();
        // One row: the pending one, completed.
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE member_address = '10.70.0.1:80'").query(Long.class)
                .single()).isEqualTo(1);
        // A failed drain holds nothing.
        assertThat(new AdapterClient(port).get("/api/plan").toString()).doesNotContain("drained by operator");
    }

    @Test
    void completesThePendingAuditRowWithOkAfterTheDeviceCall() {
        AdapterClient.Reply drained = new AdapterClient(port).post("/api/members/drain",
                member("flaky", "Common", "flaky", "10.70.0.2:80"));

        assertThat(drained.status()).isEqualTo(200);
        JsonNode entry = auditEntry(AdapterClient.USER, "DRAIN", "flaky").filter(e -> e.path("member").asString()
                .equals("10.70.0.2:80")).orElseThrow();
        assertThat(entry.path("outcome").asString()).isEqualTo("OK");
        assertThat(entry.path("error").isNull()).isTrue();
        assertThat(entry.path("completedAt").asString()).isNotBlank();
    }

    private Optional<String> outcome(String member) {
        return jdbc.sql("SELECT outcome FROM audit_entry WHERE member_address = ?").param(member).query(String.class)
                .optional();
    }

    private Optional<JsonNode> auditEntry(String actor, String action, String pool) {
        return new AdapterClient(port).get("/api/audit?limit=100").path("entries").valueStream()
                .filter(e -> e.path("actor").asString().equals(actor) && e.path("action").asString().equals(action)
                        && e.path("pool").asString().equals(pool))
                .findFirst();
    }
}
