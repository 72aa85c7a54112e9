package io.edgeway.lbadapter.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The VIP view with a poll interval of an hour: everything it shows after start-up comes from the first poll or from
 * write-through, so a change the adapter makes that shows at once proves the write-through.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=" + AdapterClient.USER, "spring.security.user.password=" + AdapterClient.PASSWORD,
        "edgeway.lb-adapter.view.poll-interval=1h",
        "edgeway.lb-adapter.reconcile.registry-poll-interval=100ms", "edgeway.lb-adapter.reconcile.full-interval=500ms",
        "edgeway.lb-adapter.devices.f5.partitions=Common,Tenant1", "edgeway.lb-adapter.devices.ns.partitions=default,tenant1",
        "edgeway.lb-adapter.mappings[0].application=sample-backend", "edgeway.lb-adapter.mappings[0].device=f5",
        "edgeway.lb-adapter.mappings[0].partition=Common", "edgeway.lb-adapter.mappings[0].pool=sample-backend",
        // No instance: the loop leaves it as it is, and operators may drain in it (only mirrored pools).
        "edgeway.lb-adapter.mappings[1].application=static", "edgeway.lb-adapter.mappings[1].device=ns",
        "edgeway.lb-adapter.mappings[1].partition=default", "edgeway.lb-adapter.mappings[1].pool=static" })
// Its pollers and loop would otherwise keep calling the stopped emulators while later test classes run.
@DirtiesContext
class VipViewIntegrationTest {

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.f5("f5", F5Emulator.start(F5Settings.defaults())
            .preloadDemo().addPool("Common", "payments-pool", null)
            .addMember("Common", "payments-pool", "10.10.3.33:8443")
            .addVirtual("Common", "pay_vs", "10.10.0.30:443", "payments-pool"));

    @RegisterExtension
    static final EmulatedDevice<NitroEmulator> NITRO_DEVICE = EmulatedDevice.demoNetscaler();

    private static final NitroEmulator NITRO = NITRO_DEVICE.emulator();

    @Value("${local.server.port}")
    private int port;

    @Autowired
    private SimpleDiscoveryProperties registry;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
        NITRO_DEVICE.register(properties);
    }

    @Test
    void listsTheVirtualServersOfEveryDeviceAndPartitionWithTheirMembers() {
        JsonNode view = client().get("/api/virtual-servers");

        assertThat(names(view)).contains("f5/Common/legacy-app_vs", "f5/Tenant1/shop_vs", "ns/default/vs_static",
                "ns/tenant1/vs_shop");
        JsonNode legacy = vip(view, "f5/Common/legacy-app_vs");
        assertThat(legacy.path("address").asString()).isEqualTo("10.10.0.11");
        assertThat(legacy.path("port").asInt()).isEqualTo(443);
        assertThat(legacy.path("pool").asString()).isEqualTo("legacy-app");
        assertThat(members(legacy)).containsExactly("10.10.1.11:8080 ENABLED", "10.10.1.12:8080 ENABLED");
        assertThat(members(vip(view, "ns/tenant1/vs_shop"))).containsExactly("10.40.1.21:443 ENABLED");
        assertThat(view.path("devices")).extracting(d -> d.path("name").asString()).containsExactly("f5", "ns");
        view.path("devices").forEach(device -> {
            assertThat(device.path("ageSeconds").isNumber()).as("age of %s", device).isTrue();
            assertThat(device.path("lastError").isNull()).as("error of %s", device).isTrue();
        });
    }

    @Test
    void searchesByNameAddressPoolAndMember() {
        assertThat(names(client().get("/api/virtual-servers?q=PAY_VS"))).containsExactly("f5/Common/pay_vs");
        assertThat(names(client().get("/api/virtual-servers?q=10.10.0.30"))).containsExactly("f5/Common/pay_vs");
        assertThat(names(client().get("/api/virtual-servers?q=payments"))).containsExactly("f5/Common/pay_vs");
        assertThat(names(client().get("/api/virtual-servers?q=10.10.3.33"))).containsExactly("f5/Common/pay_vs");
        assertThat(names(client().get("/api/virtual-servers?q=10.40.1.21:443"))).containsExactly("ns/tenant1/vs_shop");

        JsonNode none = client().get("/api/virtual-servers?q=no-such-thing");
        assertThat(none.path("virtualServers").size()).isZero();
        assertThat(none.path("devices").size()).isEqualTo(2);
    }

    @Test
    void showsTheReconcilersChangesWithoutWaitingForAPoll() {
        assertThat(members(vip(client().get("/api/virtual-servers"), "f5/Common/sample-backend_vs"))).isEmpty();

        InstanceProperties instance = new InstanceProperties();
        instance.setServiceId("sample-backend");
        instance.setUri(java.net.URI.create("http://127.0.0.1:9101"));
        registry.getInstances().put("sample-backend", new ArrayList<>(List.of(instance)));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                members(vip(client().get("/api/virtual-servers"), "f5/Common/sample-backend_vs")))
                .containsExactly("127.0.0.1:9101 ENABLED"));
    }

    @Test
    void showsAnOperatorsDrainInTheAnswerThatFollowsIt() {
        // Open connections keep a graceful disable GOING OUT OF SERVICE (DRAINING) instead of OUT OF SERVICE.
        NITRO.setConnections("default", "static", "10.30.1.12", 80, 3);
        AdapterClient.Reply drained = client().post("/api/members/drain",
                AdapterClient.member("ns", "default", "static", "10.30.1.12:80"));
        assertThat(drained.status()).isEqualTo(200);

        assertThat(members(vip(client().get("/api/virtual-servers"), "ns/default/vs_static")))
                .containsExactly("10.30.1.11:80 ENABLED", "10.30.1.12:80 DRAINING");
    }

    private AdapterClient client() {
        return new AdapterClient(port);
    }

    static List<String> names(JsonNode view) {
        return StreamSupport.stream(view.path("virtualServers").spliterator(), false)
                .map(v -> v.path("device").asString() + "/" + v.path("partition").asString() + "/"
                        + v.path("name").asString())
                .toList();
    }

    static JsonNode vip(JsonNode view, String name) {
        return StreamSupport.stream(view.path("virtualServers").spliterator(), false)
                .filter(v -> (v.path("device").asString() + "/" + v.path("partition").asString() + "/"
                        + v.path("name").asString()).equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + names(view)));
    }

    static List<String> members(JsonNode vip) {
        return StreamSupport.stream(vip.path("members").spliterator(), false)
                .map(m -> m.path("member").asString() + " " + m.path("state").asString()).sorted().toList();
    }
}
