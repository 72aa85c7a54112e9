package io.edgeway.lbadapter.mirror;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.lbadapter.support.EmulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The whole adapter against an emulated F5 and NetScaler: registry changes reach the pools within seconds, leaving
 * instances drain before they go, and a change made by hand on a device is repaired. Each test owns one application
 * and its pool, so that the tests share one context without sharing state.
 */
@SpringBootTest(properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "edgeway.lb-adapter.reconcile.registry-poll-interval=100ms", "edgeway.lb-adapter.reconcile.drain-check-interval=200ms",
        "edgeway.lb-adapter.reconcile.full-interval=500ms", "edgeway.lb-adapter.reconcile.drain-grace-period=60s",
        "edgeway.lb-adapter.mappings[0].application=app-add", "edgeway.lb-adapter.mappings[0].device=f5",
        "edgeway.lb-adapter.mappings[0].partition=Common", "edgeway.lb-adapter.mappings[0].pool=add",
        "edgeway.lb-adapter.mappings[1].application=app-drain", "edgeway.lb-adapter.mappings[1].device=f5",
        "edgeway.lb-adapter.mappings[1].partition=Common", "edgeway.lb-adapter.mappings[1].pool=drain",
        "edgeway.lb-adapter.mappings[2].application=app-drift", "edgeway.lb-adapter.mappings[2].device=f5",
        "edgeway.lb-adapter.mappings[2].partition=Common", "edgeway.lb-adapter.mappings[2].pool=drift",
        "edgeway.lb-adapter.mappings[3].application=app-ns", "edgeway.lb-adapter.mappings[3].device=ns",
        "edgeway.lb-adapter.mappings[3].partition=tenant1", "edgeway.lb-adapter.mappings[3].pool=ns-pool",
        "edgeway.lb-adapter.mappings[3].port=8443", "edgeway.lb-adapter.mappings[3].weight-metadata-key=weight",
        "edgeway.lb-adapter.mappings[4].application=app-net", "edgeway.lb-adapter.mappings[4].device=f5",
        "edgeway.lb-adapter.mappings[4].partition=Common", "edgeway.lb-adapter.mappings[4].pool=net",
        "edgeway.lb-adapter.instances.applications.app-net.allowed-networks=127.0.0.1/32",
        "spring.cloud.discovery.client.simple.instances.app-add[0].uri=http://127.0.0.1:9001",
        "spring.cloud.discovery.client.simple.instances.app-drain[0].uri=http://127.0.0.1:9002",
        "spring.cloud.discovery.client.simple.instances.app-drain[1].uri=http://127.0.0.2:9002",
        "spring.cloud.discovery.client.simple.instances.app-drift[0].uri=http://127.0.0.1:9003",
        "spring.cloud.discovery.client.simple.instances.app-ns[0].uri=http://127.0.0.1:9004",
        "spring.cloud.discovery.client.simple.instances.app-ns[0].metadata.weight=7",
        "spring.cloud.discovery.client.simple.instances.app-net[0].uri=http://127.0.0.1:9005",
        "spring.cloud.discovery.client.simple.instances.app-net[0].metadata.lb-weight=100",
        "spring.cloud.discovery.client.simple.instances.app-net[1].uri=http://127.0.0.2:9005",
        "spring.cloud.discovery.client.simple.instances.app-net[2].uri=http://203.0.113.9:9005",
        "spring.cloud.discovery.client.simple.instances.app-net[3].uri=http://backend.internal:9005" })
class MirroringIntegrationTest {

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.f5("f5", F5Emulator.start(F5Settings.defaults())
            .addPool("Common", "add", null).addPool("Common", "drain", null).addPool("Common", "drift", null)
            .addPool("Common", "net", null));

    @RegisterExtension
    static final EmulatedDevice<NitroEmulator> NITRO_DEVICE = EmulatedDevice.netscaler("ns", NitroEmulator.start(
            NitroSettings.defaults().withPartitions("tenant1")).addServiceGroup("tenant1", "ns-pool", "HTTP"));

    private static final F5Emulator F5 = F5_DEVICE.emulator();

    private static final NitroEmulator NITRO = NITRO_DEVICE.emulator();

    @Autowired
    private SimpleDiscoveryProperties registry;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
        NITRO_DEVICE.register(properties);
    }

    @Test
    void addsARegisteredInstanceToItsF5Pool() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(F5.members("Common", "add"))
                .extracting(F5Emulator.Member::name, F5Emulator.Member::session)
                .containsExactly(tuple("127.0.0.1:9001", "user-enabled")));
    }

    @Test
    void addsAnInstanceToItsServiceGroupWithTheMappedPortAndItsWeight() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(NITRO.members("tenant1", "ns-pool"))
                .singleElement().satisfies(member -> {
                    assertThat(member.ip()).isEqualTo("127.0.0.1");
                    assertThat(member.port()).isEqualTo(8443);
                    assertThat(member.weight()).isEqualTo(7);
                }));
    }

    @Test
    void mirrorsOnlyInstancesInsideTheAllowedNetworksWithTheirWeightCapped() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(F5.members("Common", "net"))
                .extracting(F5Emulator.Member::name, F5Emulator.Member::ratio)
                .containsExactly(tuple("127.0.0.1:9005", 10)));
        // Still only that one once the registry has been read many more times.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                F5.members("Common", "net")).extracting(F5Emulator.Member::name).containsExactly("127.0.0.1:9005"));
    }

    @Test
    void drainsAnInstanceThatLeavesThenDeletesItWhenItsConnectionsEnd() {
        await().atMost(Duration.ofSeconds(10)).until(() -> F5.members("Common", "drain").size() == 2);
        F5.setConnections("Common", "drain", "127.0.0.2:9002", 5);

        List<InstanceProperties> remaining = new ArrayList<>(registry.getInstances().get("app-drain"));
        remaining.removeIf(instance -> instance.getHost().equals("127.0.0.2"));
        registry.getInstances().put("app-drain", remaining);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                F5.member("Common", "drain", "127.0.0.2:9002").orElseThrow().session()).isEqualTo("user-disabled"));
        F5.setConnections("Common", "drain", "127.0.0.2:9002", 0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(F5.members("Common", "drain"))
                .extracting(F5Emulator.Member::name).containsExactly("127.0.0.1:9002"));
    }

    @Test
    void repairsAMemberDeletedByHandOnTheDevice() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> F5.members("Common", "drift").size() == 1);

        HttpResponse<String> deleted = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(F5.uri() + "/mgmt/tm/ltm/pool/~Common~drift/members/~Common~127.0.0.1:9003"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (F5Settings.DEMO_USER + ":" + F5Settings.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(F5.members("Common", "drift")).isEmpty();

        await().atMost(Duration.ofSeconds(5)).until(() -> F5.members("Common", "drift").size() == 1);
    }
}
