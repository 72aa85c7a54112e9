package io.edgeway.lbadapter.mirror;

import java.time.Duration;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.lbadapter.support.EmulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The plan and virtual server endpoints and the dry-run loop: they read the registry and the device, never write. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.lb-adapter.reconcile.dry-run=true", "edgeway.lb-adapter.reconcile.registry-poll-interval=100ms",
        "edgeway.lb-adapter.reconcile.full-interval=200ms",
        "edgeway.lb-adapter.mappings[0].application=sample-backend", "edgeway.lb-adapter.mappings[0].device=f5",
        "edgeway.lb-adapter.mappings[0].partition=Common", "edgeway.lb-adapter.mappings[0].pool=web",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].uri=http://127.0.0.1:9001",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].instance-id=backend-1" })
class PlanControllerIntegrationTest {

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> DEVICE = EmulatedDevice.f5("f5", F5Emulator.start(F5Settings.defaults())
            .addPool("Common", "web", null).addMember("Common", "web", "10.9.9.9:80")
            .addVirtual("Common", "web_vs", "10.10.0.1:443", "web"));

    private static final F5Emulator F5 = DEVICE.emulator();

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        DEVICE.register(properties);
    }

    @Test
    void showsThePlanWithoutWritingIt() {
        String plan = client().get().uri("/api/plan").headers(h -> h.setBasicAuth("operator", "test-secret"))
                .retrieve().body(String.class);

        assertThat(plan).contains("\"pool\":\"f5/Common/web\"")
                .contains("{\"action\":\"ADD\",\"member\":\"127.0.0.1:9001\",\"weight\":1,\"reason\":\"instance backend-1 is UP\"}")
                .contains("\"holds\":[{\"members\":1,\"reason\":\"no wanted member serves yet");
        assertThat(F5.members("Common", "web")).extracting(F5Emulator.Member::name).containsExactly("10.9.9.9:80");
    }

    @Test
    void dryRunLoopReadsTheDeviceButNeverWritesIt() {
        long before = F5.requests();

        await().atMost(Duration.ofSeconds(10)).until(() -> F5.requests() >= before + 3);

        assertThat(F5.members("Common", "web")).extracting(F5Emulator.Member::name).containsExactly("10.9.9.9:80");
        assertThat(F5.member("Common", "web", "10.9.9.9:80").orElseThrow().session()).isEqualTo("user-enabled");
    }

    @Test
    void listsTheVirtualServersOfEveryDevice() {
        String virtuals = client().get().uri("/api/virtual-servers")
                .headers(h -> h.setBasicAuth("operator", "test-secret")).retrieve().body(String.class);

        assertThat(virtuals).contains("{\"device\":\"f5\",\"partition\":\"Common\",\"name\":\"web_vs\","
                + "\"address\":\"10.10.0.1\",\"port\":443,\"protocol\":\"tcp\",\"enabled\":true");
        assertThat(virtuals).contains("\"errors\":{}");
    }

    @Test
    void refusesAnonymousCallers() {
        HttpStatus status = client().get().uri("/api/plan")
                .exchange((request, response) -> HttpStatus.valueOf(response.getStatusCode().value()));

        assertThat(status).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private RestClient client() {
        return RestClient.create("http://127.0.0.1:" + port);
    }
}
