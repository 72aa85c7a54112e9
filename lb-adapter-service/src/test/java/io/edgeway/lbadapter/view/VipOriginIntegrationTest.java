package io.edgeway.lbadapter.view;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Declared VIPs through two config commits on an emulated F5 that also holds hand-made VIPs: {@code /api/vips} and
 * {@code /api/virtual-servers} say which VIPs are declared and by which commit (read back from the ownership mark
 * on the device), which were made by hand, and which are being removed; every VIP write is in {@code /api/audit}
 * with the commit, device, partition, VIP and the fields changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=" + AdapterClient.USER, "spring.security.user.password=" + AdapterClient.PASSWORD,
        "config.client.version=" + VipOriginIntegrationTest.COMMIT_A,
        "edgeway.lb-adapter.view.poll-interval=200ms",
        "edgeway.lb-adapter.reconcile.registry-poll-interval=100ms", "edgeway.lb-adapter.reconcile.full-interval=500ms",
        "edgeway.lb-adapter.reconcile.drain-check-interval=200ms",
        // A removed VIP's member with open connections stays draining for the whole test, until they close.
        "edgeway.lb-adapter.reconcile.drain-grace-period=1h",
        "edgeway.lb-adapter.devices.f5.partitions=Common,Tenant1",
        "edgeway.lb-adapter.devices.f5.member-networks=127.0.0.0/8",
        "edgeway.lb-adapter.devices.f5.vip-networks=10.40.0.0/16",
        "edgeway.lb-adapter.vips[0].name=shop", "edgeway.lb-adapter.vips[0].address=10.40.0.10",
        "edgeway.lb-adapter.vips[0].port=80", "edgeway.lb-adapter.vips[0].protocol=http",
        "edgeway.lb-adapter.vips[0].application=sample-backend",
        "edgeway.lb-adapter.vips[1].name=cart", "edgeway.lb-adapter.vips[1].address=10.40.0.11",
        "edgeway.lb-adapter.vips[1].port=80", "edgeway.lb-adapter.vips[1].application=sample-backend",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].uri=http://127.0.0.1:9001",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].instance-id=backend-1" })
// Its pollers and loop would otherwise keep calling the stopped emulator while later test classes run.
@DirtiesContext
class VipOriginIntegrationTest {

    static final String COMMIT_A = "aaaaaaa1111111111111111111111111111111aa";

    static final String COMMIT_B = "bbbbbbb2222222222222222222222222222222bb";

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.f5("f5",
            F5Emulator.start(F5Settings.defaults()).preloadDemo());

    private static final F5Emulator F5 = F5_DEVICE.emulator();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private ConfigurableApplicationContext context;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
    }

    @Test
    void showsWhoDeclaredEachVipAndAuditsEveryVipWrite() {
        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<String, JsonNode> vips = vips();
            assertThat(vips).containsKeys("f5/Common/shop", "f5/Common/cart", "f5/Common/legacy-app_vs");
            assertOrigin(vips.get("f5/Common/shop"), "DECLARED", COMMIT_A);
            assertOrigin(vips.get("f5/Common/cart"), "DECLARED", COMMIT_A);
            assertOrigin(vips.get("f5/Common/legacy-app_vs"), "HAND_MADE", null);
        });
        assertThat(client().get("/api/vips").path("commit").asString()).isEqualTo(COMMIT_A);
        JsonNode shopRow = StreamSupport.stream(client().get("/api/virtual-servers?q=shop").path("virtualServers")
                .spliterator(), false).filter(v -> v.path("name").asString().equals("shop")).findFirst().orElseThrow();
        assertOrigin(shopRow, "DECLARED", COMMIT_A);
        JsonNode created = only(audit("shop"), "VIP_CREATE");
        assertThat(created.path("outcome").asString()).isEqualTo("OK");
        assertThat(created.path("commit").asString()).isEqualTo(COMMIT_A);
        assertThat(created.path("actor").asString()).isEqualTo("reconciler");
        assertThat(created.path("device").asString()).isEqualTo("f5");
        assertThat(created.path("partition").asString()).isEqualTo("Common");
        assertThat(created.path("vip").asString()).isEqualTo("shop");
        assertThat(created.path("reason").asString()).contains("created 10.40.0.10:80 http");

        // Commit B: shop moves to port 8080, cart is no longer declared; its member still has open connections.
        F5.setConnections("Common", "cart_pool", "127.0.0.1:9001", 3);
        commit(COMMIT_B, Map.of("edgeway.lb-adapter.vips[0].name", "shop",
                "edgeway.lb-adapter.vips[0].address", "10.40.0.10", "edgeway.lb-adapter.vips[0].port", "8080",
                "edgeway.lb-adapter.vips[0].protocol", "http",
                "edgeway.lb-adapter.vips[0].application", "sample-backend"));

        await().atMost(DEADLINE).untilAsserted(() -> {
            Map<String, JsonNode> vips = vips();
            assertOrigin(vips.get("f5/Common/shop"), "DECLARED", COMMIT_B);
            assertOrigin(vips.get("f5/Common/cart"), "REMOVING", COMMIT_A);
            assertThat(audit("cart")).anyMatch(e -> e.path("action").asString().equals("VIP_DRAIN"));
        });
        assertThat(client().get("/api/vips").path("commit").asString()).isEqualTo(COMMIT_B);
        JsonNode updated = only(audit("shop"), "VIP_UPDATE");
        assertThat(updated.path("outcome").asString()).isEqualTo("OK");
        assertThat(updated.path("commit").asString()).isEqualTo(COMMIT_B);
        assertThat(updated.path("reason").asString()).isEqualTo("changed port 80 -> 8080");
        JsonNode drained = only(audit("cart"), "VIP_DRAIN");
        assertThat(drained.path("member").asString()).isEqualTo("127.0.0.1:9001");
        assertThat(drained.path("commit").asString()).isEqualTo(COMMIT_B);
        assertThat(drained.path("outcome").asString()).isEqualTo("OK");
        assertThat(audit("cart")).noneMatch(e -> e.path("action").asString().equals("VIP_DELETE"));

        // The connections close: cart is deleted, and that is audited too.
        F5.setConnections("Common", "cart_pool", "127.0.0.1:9001", 0);
        await().atMost(DEADLINE).untilAsserted(() -> {
            assertThat(vips()).doesNotContainKey("f5/Common/cart").containsKey("f5/Common/legacy-app_vs");
            JsonNode deleted = only(audit("cart"), "VIP_DELETE");
            assertThat(deleted.path("outcome").asString()).isEqualTo("OK");
            assertThat(deleted.path("commit").asString()).isEqualTo(COMMIT_B);
            assertThat(deleted.path("reason").asString()).startsWith("no longer declared");
        });
        // The unfiltered audit holds the VIP writes beside the members' changes.
        assertThat(client().get("/api/audit?limit=500").path("entries").findValuesAsString("action"))
                .contains("VIP_CREATE", "VIP_UPDATE", "VIP_DRAIN", "VIP_DELETE");
    }

    private void commit(String commit, Map<String, Object> declarations) {
        Map<String, Object> source = new LinkedHashMap<>(declarations);
        source.put("config.client.version", commit);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("commit-" + commit, source));
        context.publishEvent(new EnvironmentChangeEvent(context, source.keySet()));
    }

    private static void assertOrigin(JsonNode vip, String origin, String commit) {
        assertThat(vip).as("VIP").isNotNull();
        assertThat(vip.path("origin").asString()).isEqualTo(origin);
        assertThat(vip.path("declaredBy").isNull() ? null : vip.path("declaredBy").asString()).isEqualTo(commit);
    }

    private Map<String, JsonNode> vips() {
        Map<String, JsonNode> byPath = new LinkedHashMap<>();
        client().get("/api/vips").path("vips").forEach(v -> byPath.put(v.path("device").asString() + "/"
                + v.path("partition").asString() + "/" + v.path("name").asString(), v));
        return byPath;
    }

    private List<JsonNode> audit(String vip) {
        return StreamSupport.stream(client().get("/api/audit?limit=500&vip=" + vip).path("entries").spliterator(),
                false).toList();
    }

    private static JsonNode only(List<JsonNode> entries, String action) {
        List<JsonNode> matching = entries.stream().filter(e -> e.path("action").asString().equals(action)).toList();
        assertThat(matching).as(action).hasSize(1);
        return matching.get(0);
    }

    private AdapterClient client() {
        return new AdapterClient(port);
    }
}
