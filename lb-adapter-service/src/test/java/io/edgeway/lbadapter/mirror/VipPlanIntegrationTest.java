package io.edgeway.lbadapter.mirror;

import java.time.Duration;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.lbadapter.support.EmulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A declared VIP in dry-run mode: {@code /api/plan} shows its creation on the device chosen by network; nothing is written. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.lb-adapter.reconcile.dry-run=true", "edgeway.lb-adapter.reconcile.registry-poll-interval=100ms",
        "edgeway.lb-adapter.reconcile.full-interval=200ms",
        "edgeway.lb-adapter.devices.f5.member-networks=127.0.0.0/8",
        "edgeway.lb-adapter.devices.f5.vip-networks=10.30.0.0/16",
        "edgeway.lb-adapter.vips[0].name=shop", "edgeway.lb-adapter.vips[0].address=10.30.0.50",
        "edgeway.lb-adapter.vips[0].port=80", "edgeway.lb-adapter.vips[0].protocol=http",
        "edgeway.lb-adapter.vips[0].application=sample-backend",
        "edgeway.lb-adapter.vips[0].health.http-get=/monitor/l7check",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].uri=http://127.0.0.1:9001",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].instance-id=backend-1" })
class VipPlanIntegrationTest {

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> DEVICE = EmulatedDevice.f5("f5", F5Emulator.start(F5Settings.defaults()));

    private static final F5Emulator F5 = DEVICE.emulator();

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        DEVICE.register(properties);
    }

    @Test
    void planShowsTheVipToCreateOnTheDeviceChosenByNetwork() {
        String plan = RestClient.create("http://127.0.0.1:" + port).get().uri("/api/plan")
                .headers(h -> h.setBasicAuth("operator", "test-secret")).retrieve().body(String.class);

        assertThat(plan).contains("\"vips\":[{\"action\":\"CREATE\",\"device\":\"f5\",\"partition\":\"Common\","
                + "\"vip\":\"shop\"").contains("\"unplacedVips\":{}");
    }

    @Test
    void dryRunLoopReadsTheDeviceButCreatesNothing() {
        long before = F5.requests();

        await().atMost(Duration.ofSeconds(10)).until(() -> F5.requests() >= before + 10);

        assertThat(F5.writes()).noneMatch(w -> w.path().startsWith("/mgmt/tm/"));
    }
}
