package io.edgeway.lbadapter.view;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.support.FaultSettings;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

import static io.edgeway.lbadapter.view.VipViewIntegrationTest.members;
import static io.edgeway.lbadapter.view.VipViewIntegrationTest.vip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The VIP view polls: a change made by hand on a device shows within one poll, and a failed poll says why. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=" + AdapterClient.USER, "spring.security.user.password=" + AdapterClient.PASSWORD,
        "edgeway.lb-adapter.view.poll-interval=500ms", "edgeway.lb-adapter.reconcile.enabled=false",
        "edgeway.lb-adapter.devices.ns.retry.max-attempts=1" })
// Its pollers and loop would otherwise keep calling the stopped emulators while later test classes run.
@DirtiesContext
class VipPollingIntegrationTest {

    private static final Duration POLL = Duration.ofMillis(500);

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.demoF5();

    @RegisterExtension
    static final EmulatedDevice<NitroEmulator> NITRO_DEVICE = EmulatedDevice.demoNetscaler();

    private static final F5Emulator F5 = F5_DEVICE.emulator();

    private static final NitroEmulator NITRO = NITRO_DEVICE.emulator();

    @Value("${local.server.port}")
    private int port;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
        NITRO_DEVICE.register(properties);
    }

    @Test
    void showsAChangeMadeByHandOnTheDeviceWithinOnePoll() throws Exception {
        assertThat(members(vip(client().get("/api/virtual-servers"), "f5/Common/legacy-app_vs")))
                .contains("10.10.1.11:8080 ENABLED");

        HttpResponse<String> disabled = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(F5.uri() + "/mgmt/tm/ltm/pool/~Common~legacy-app/members/~Common~10.10.1.11:8080"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (F5Settings.DEMO_USER + ":" + F5Settings.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"session\":\"user-disabled\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(disabled.statusCode()).isEqualTo(200);

        // One poll interval, plus the time one poll takes on a busy machine.
        await().atMost(POLL.plusSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                members(vip(client().get("/api/virtual-servers"), "f5/Common/legacy-app_vs")))
                .contains("10.10.1.11:8080 DRAINING"));
    }

    @Test
    void reportsTheLastErrorOfADeviceAndKeepsShowingWhatItLastRead() {
        try {
            NITRO.faults(FaultSettings.none().withErrorEvery(503, 1));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode view = client().get("/api/virtual-servers");
                JsonNode ns = device(view, "ns");
                assertThat(ns.path("lastError").asString("")).contains("503");
                assertThat(ns.path("ageSeconds").asDouble()).isGreaterThan(0);
                assertThat(view.path("errors").path("ns").isString()).isTrue();
                assertThat(members(vip(view, "ns/default/vs_static"))).hasSize(2);
            });
        }
        finally {
            NITRO.faults(FaultSettings.none());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode ns = device(client().get("/api/virtual-servers"), "ns");
            assertThat(ns.path("lastError").isNull()).isTrue();
            assertThat(ns.path("ageSeconds").asDouble()).isLessThan(POLL.toMillis() / 1000.0 + 2);
        });
    }

    private static JsonNode device(JsonNode view, String name) {
        for (JsonNode device : view.path("devices")) {
            if (device.path("name").asString().equals(name)) {
                return device;
            }
        }
        throw new AssertionError("no device " + name + " in " + view.path("devices"));
    }

    private AdapterClient client() {
        return new AdapterClient(port);
    }
}
