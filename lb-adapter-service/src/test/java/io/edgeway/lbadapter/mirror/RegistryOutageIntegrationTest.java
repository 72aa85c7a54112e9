package io.edgeway.lbadapter.mirror;

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

/**
 * A real Eureka client that cannot reach its server: the adapter still adds what it knows of, but removes nothing,
 * since an unreachable registry says nothing about which instances are gone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=true", "eureka.client.register-with-eureka=false",
        "eureka.client.fetch-registry=true", "eureka.client.service-url.defaultZone=http://127.0.0.1:9/eureka/",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret",
        "edgeway.lb-adapter.reconcile.enabled=false",
        "edgeway.lb-adapter.mappings[0].application=sample-backend", "edgeway.lb-adapter.mappings[0].device=f5",
        "edgeway.lb-adapter.mappings[0].partition=Common", "edgeway.lb-adapter.mappings[0].pool=web",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].uri=http://127.0.0.1:9001",
        "spring.cloud.discovery.client.simple.instances.sample-backend[0].instance-id=backend-1" })
class RegistryOutageIntegrationTest {

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> DEVICE = EmulatedDevice.f5("f5", F5Emulator.start(F5Settings.defaults())
            .addPool("Common", "web", null).addMember("Common", "web", "10.9.9.9:80")
            .addMember("Common", "web", "127.0.0.1:9001"));

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        DEVICE.register(properties);
    }

    @Test
    void removesNothingWhileTheRegistryCannotBeFetched() {
        String plan = RestClient.create("http://127.0.0.1:" + port).get().uri("/api/plan")
                .headers(h -> h.setBasicAuth("operator", "test-secret")).retrieve().body(String.class);

        assertThat(plan).contains("\"registryAvailable\":false").contains("\"changes\":[]")
                .contains("registry unavailable: no member is removed until it answers");
    }
}
