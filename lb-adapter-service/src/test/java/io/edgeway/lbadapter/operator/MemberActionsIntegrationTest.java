package io.edgeway.lbadapter.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

import static io.edgeway.lbadapter.support.AdapterClient.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operators drain and enable members: refused without credentials, 400 for a malformed request, 403 for a pool the
 * adapter does not mirror, 404 for an unknown device or member; a drain holds against the reconcile loop until an
 * enable; every device change, the loop's and the operators', lands in the audit log. Each test owns its pool or
 * member. Roles, intent rows and device failures: {@link MemberActionGuardsIntegrationTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=" + AdapterClient.USER, "spring.security.user.password=" + AdapterClient.PASSWORD,
        "edgeway.lb-adapter.view.poll-interval=1h",
        "edgeway.lb-adapter.reconcile.registry-poll-interval=100ms", "edgeway.lb-adapter.reconcile.full-interval=200ms",
        "edgeway.lb-adapter.reconcile.drain-check-interval=200ms",
        "edgeway.lb-adapter.mappings[0].application=app-op", "edgeway.lb-adapter.mappings[0].device=f5",
        "edgeway.lb-adapter.mappings[0].partition=Common", "edgeway.lb-adapter.mappings[0].pool=op",
        // No instance ever: the loop reads the service group and leaves it as it is.
        "edgeway.lb-adapter.mappings[1].application=app-ns", "edgeway.lb-adapter.mappings[1].device=ns",
        "edgeway.lb-adapter.mappings[1].partition=default", "edgeway.lb-adapter.mappings[1].pool=ns-pool",
        "spring.cloud.discovery.client.simple.instances.app-op[0].uri=http://127.0.0.1:9201",
        "spring.cloud.discovery.client.simple.instances.app-op[1].uri=http://127.0.0.2:9201" })
// Its pollers and loop would otherwise keep calling the stopped emulators while later test classes run.
@DirtiesContext
class MemberActionsIntegrationTest {

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.f5("f5", F5Emulator.start(F5Settings.defaults())
            .addPool("Common", "op", null).addVirtual("Common", "op_vs", "10.60.0.1:80", "op"));

    @RegisterExtension
    static final EmulatedDevice<NitroEmulator> NITRO_DEVICE = EmulatedDevice.netscaler("ns", NitroEmulator.start(
            NitroSettings.defaults()).addServiceGroup("default", "ns-pool", "HTTP")
            .addMember("default", "ns-pool", "10.50.0.1", 80).addMember("default", "ns-pool", "10.50.0.2", 80)
            .addVserver("default", "ns_vs", "10.50.0.100", 80, "HTTP", "ns-pool"));

    private static final F5Emulator F5 = F5_DEVICE.emulator();

    private static final NitroEmulator NITRO = NITRO_DEVICE.emulator();

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Autowired
    private JdbcClient jdbc;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
        NITRO_DEVICE.register(properties);
    }

    @Test
    void refusesCallersWithoutCredentials() {
        assertThat(client().send("POST", "/api/members/drain", member("ns", "default", "ns-pool", "10.50.0.2:80"),
                false, Map.of()).status()).isEqualTo(401);
        assertThat(client().send("GET", "/api/audit", null, false, Map.of()).status()).isEqualTo(401);
        assertThat(client().send("GET", "/api/virtual-servers", null, false, Map.of()).status()).isEqualTo(401);
        assertThat(client().send("GET", "/", null, false, Map.of()).status()).isEqualTo(401);
        AdapterClient management = new AdapterClient(managementPort);
        assertThat(management.send("GET", "/actuator/health", null, false, Map.of()).status()).isEqualTo(200);
        assertThat(management.send("POST", "/actuator/refresh", null, false, Map.of()).status()).isEqualTo(401);
        assertThat(client().send("GET", "/readyz", null, false, Map.of()).status()).isEqualTo(200);
        assertThat(NITRO.member("default", "ns-pool", "10.50.0.2", 80).orElseThrow().enabled()).isTrue();
    }

    @Test
    void refusesABrowserPostWithoutTheCsrfToken() {
        AdapterClient.Reply forged = client().send("POST", "/api/members/drain",
                member("ns", "default", "ns-pool", "10.50.0.2:80"), true, Map.of("Origin", "https://evil.example"));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(NITRO.member("default", "ns-pool", "10.50.0.2", 80).orElseThrow().enabled()).isTrue();
    }

    @Test
    void answers400ForAMalformedRequest() {
        AdapterClient.Reply blank = client().post("/api/members/drain", member("f5", "Common", " ", "10.0.0.1:80"));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().path("detail").asString()).contains("pool must not be blank");

        AdapterClient.Reply noPort = client().post("/api/members/drain", member("f5", "Common", "op", "10.0.0.1"));
        assertThat(noPort.status()).isEqualTo(400);
        assertThat(noPort.json().path("detail").asString()).contains("is not ip:port");
    }

    @Test
    void answers404ForAnUnknownDeviceOrMemberAnd403ForAPoolNotMirrored() {
        AdapterClient.Reply device = client().post("/api/members/drain", member("nope", "Common", "op", "10.0.0.1:80"));
        assertThat(device.status()).isEqualTo(404);
        assertThat(device.json().path("detail").asString()).contains("no device named 'nope'");

        AdapterClient.Reply pool = client().post("/api/members/drain", member("f5", "Common", "missing", "10.0.0.1:80"));
        assertThat(pool.status()).isEqualTo(403);
        assertThat(pool.json().path("detail").asString())
                .contains("f5/Common/missing is not a pool this adapter mirrors");

        AdapterClient.Reply member = client().post("/api/members/enable", member("ns", "default", "ns-pool", "10.9.9.9:1"));
        assertThat(member.status()).isEqualTo(404);
        assertThat(member.json().path("detail").asString()).contains("no member 10.9.9.9:1 in ns/default/ns-pool");
    }

    @Test
    void drainHoldsAMemberAgainstTheReconcilerUntilAnOperatorEnablesIt() {
        await().atMost(Duration.ofSeconds(10)).until(() -> F5.members("Common", "op").size() == 2);

        AdapterClient.Reply drained = client().post("/api/members/drain", member("f5", "Common", "op", "127.0.0.2:9201"));
        assertThat(drained.status()).isEqualTo(200);
        assertThat(drained.json().path("by").asString()).isEqualTo(AdapterClient.USER);
        assertThat(session("127.0.0.2:9201")).isEqualTo("user-disabled");

        // The instance is UP, so without the hold the loop (a cycle every 200 ms) would re-enable the member.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> session("127.0.0.2:9201").equals("user-disabled"));
        assertThat(client().get("/api/plan").toString()).contains("127.0.0.2:9201 drained by operator operator");
        JsonNode held = heldMember(client().get("/api/virtual-servers"), "127.0.0.2:9201");
        assertThat(held.path("state").asString()).isEqualTo("DRAINING");
        assertThat(held.path("heldBy").asString()).isEqualTo(AdapterClient.USER);

        AdapterClient.Reply enabled = client().post("/api/members/enable", member("f5", "Common", "op", "127.0.0.2:9201"));
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(session("127.0.0.2:9201")).isEqualTo("user-enabled");
        assertThat(client().get("/api/plan").toString()).doesNotContain("drained by operator");

        List<String> audit = audit(client().get("/api/audit?limit=100"));
        assertThat(audit).containsSubsequence(
                "operator ENABLE f5/Common/op 127.0.0.2:9201 OK", "operator DRAIN f5/Common/op 127.0.0.2:9201 OK",
                "reconciler ADD f5/Common/op 127.0.0.2:9201 OK");
    }

    @Test
    void drainsANetScalerMemberGracefullyAndRecordsWhoDidIt() {
        NITRO.setConnections("default", "ns-pool", "10.50.0.1", 80, 2);
        AdapterClient.Reply drained = client().post("/api/members/drain",
                member("ns", "default", "ns-pool", "10.50.0.1:80"));

        assertThat(drained.status()).isEqualTo(200);
        NitroEmulator.Member member = NITRO.member("default", "ns-pool", "10.50.0.1", 80).orElseThrow();
        assertThat(member.svrstate()).isEqualTo("GOING OUT OF SERVICE");
        assertThat(member.graceful()).isTrue();
        assertThat(member.delaySeconds()).isEqualTo(30);
        assertThat(audit(client().get("/api/audit"))).contains("operator DRAIN ns/default/ns-pool 10.50.0.1:80 OK");
    }

    @Test
    void pagesTheAuditLogNewestFirst() {
        await().atMost(Duration.ofSeconds(10)).until(() -> client().get("/api/audit?limit=2").path("entries").size() == 2);

        JsonNode first = client().get("/api/audit?limit=1");
        assertThat(first.path("entries").size()).isEqualTo(1);
        JsonNode second = client().get(first.path("next").asString());

        long newest = first.path("entries").get(0).path("id").asLong();
        assertThat(second.path("entries").get(0).path("id").asLong()).isLessThan(newest);
        assertThat(Instant.parse(second.path("entries").get(0).path("at").asString()))
                .isBeforeOrEqualTo(Instant.parse(first.path("entries").get(0).path("at").asString()));
    }

    @Test
    void keepsHoldsAcrossARestart() {
        PoolKey pool = new PoolKey("f5", "Common", "restart-pool");
        MemberAddress member = new MemberAddress("10.80.0.1", 80);
        new OperatorHoldStore(jdbc).hold(pool, member, "alice", Instant.parse("2026-01-02T03:04:05Z"));

        OperatorHoldStore restarted = new OperatorHoldStore(jdbc);

        assertThat(restarted.heldIn(pool)).containsEntry(member,
                "drained by operator alice at 2026-01-02T03:04:05Z");
        restarted.release(pool, member);
        assertThat(new OperatorHoldStore(jdbc).heldIn(pool)).isEmpty();
    }

    private String session(String member) {
        return F5.member("Common", "op", member).orElseThrow().session();
    }

    private static JsonNode heldMember(JsonNode view, String member) {
        return view.path("virtualServers").valueStream().filter(v -> v.path("name").asString().equals("op_vs"))
                .flatMap(v -> v.path("members").valueStream())
                .filter(m -> m.path("member").asString().equals(member)).findFirst().orElseThrow();
    }

    private static List<String> audit(JsonNode page) {
        return StreamSupport.stream(page.path("entries").spliterator(), false)
                .map(e -> String.join(" ", e.path("actor").asString(), e.path("action").asString(),
                        e.path("device").asString() + "/" + e.path("partition").asString() + "/"
                                + e.path("pool").asString(),
                        e.path("member").asString(), e.path("outcome").asString()))
                .toList();
    }

    private AdapterClient client() {
        return new AdapterClient(port);
    }
}
