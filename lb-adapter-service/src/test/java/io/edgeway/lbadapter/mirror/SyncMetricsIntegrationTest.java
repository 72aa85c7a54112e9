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
import java.util.Map;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.support.FaultSettings;
import io.edgeway.lbadapter.support.AdapterClient;
import io.edgeway.lbadapter.support.EmulatedDevice;
import io.edgeway.testsupport.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.discovery.simple.InstanceProperties;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter's metrics, scraped on its management port with the read-only login, against an emulated F5: the sync
 * lag of a pool counts each registry change until the device has it, device calls count by answer (a failing
 * device's 503s too, and the pool is then not converged), tokens show against their limit, and a member that
 * drains shows until it is deleted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "management.endpoints.web.exposure.include=health,info,prometheus",
        "spring.security.user.name=" + AdapterClient.USER, "spring.security.user.password=" + AdapterClient.PASSWORD,
        "edgeway.lb-adapter.viewer.password=" + AdapterClient.VIEWER_PASSWORD,
        "edgeway.lb-adapter.view.poll-interval=1h",
        "edgeway.lb-adapter.reconcile.registry-poll-interval=100ms",
        "edgeway.lb-adapter.reconcile.drain-check-interval=200ms",
        "edgeway.lb-adapter.reconcile.full-interval=500ms", "edgeway.lb-adapter.reconcile.drain-grace-period=60s",
        "edgeway.lb-adapter.reconcile.max-failure-backoff=500ms",
        "edgeway.lb-adapter.mappings[0].application=app-metrics", "edgeway.lb-adapter.mappings[0].device=f5",
        "edgeway.lb-adapter.mappings[0].partition=Common", "edgeway.lb-adapter.mappings[0].pool=metrics",
        "edgeway.lb-adapter.mappings[1].application=app-held", "edgeway.lb-adapter.mappings[1].device=f5",
        "edgeway.lb-adapter.mappings[1].partition=Common", "edgeway.lb-adapter.mappings[1].pool=held",
        "spring.cloud.discovery.client.simple.instances.app-held[0].uri=http://127.0.0.1:9102",
        "spring.cloud.discovery.client.simple.instances.app-metrics[0].uri=http://127.0.0.1:9101",
        "spring.cloud.discovery.client.simple.instances.app-metrics[1].uri=http://127.0.0.2:9101" })
class SyncMetricsIntegrationTest {

    private static final String POOL = "{device=\"f5\",partition=\"Common\",pool=\"metrics\"}";

    private static final String F5_CALLS = "edgeway_lbadapter_device_calls_total{code=\"%s\",device=\"f5\",vendor=\"f5\"}";

    @RegisterExtension
    static final EmulatedDevice<F5Emulator> F5_DEVICE = EmulatedDevice.f5("f5", F5Emulator.start(F5Settings.defaults())
            .addPool("Common", "metrics", null).addPool("Common", "held", null));

    private static final F5Emulator F5 = F5_DEVICE.emulator();

    @Autowired
    private SimpleDiscoveryProperties registry;

    @LocalServerPort
    private int port;

    @LocalManagementPort
    private int managementPort;

    @DynamicPropertySource
    static void devices(DynamicPropertyRegistry properties) {
        F5_DEVICE.register(properties);
    }

    @Test
    void syncLagDeviceCallsTokensAndDrainsAreMeasuredOnTheRealAdapter() {
        await().atMost(Duration.ofSeconds(10)).until(() -> F5.members("Common", "metrics").size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> scrape().value("edgeway_lbadapter_pool_converged" + POOL) == 1);
        PrometheusScrape synced = scrape();
        assertThat(synced.value("edgeway_lbadapter_sync_lag_seconds_count" + POOL)).isPositive();
        assertThat(synced.value(F5_CALLS.formatted("200"))).isPositive();
        assertThat(synced.value("edgeway_lbadapter_device_sessions_in_use{device=\"f5\",vendor=\"f5\"}")).isPositive();
        assertThat(synced.value("edgeway_lbadapter_device_sessions_limit{device=\"f5\",vendor=\"f5\"}")).isPositive();

        // A registry change: a third instance, added to the device, one more lag measured.
        List<InstanceProperties> grown = new ArrayList<>(registry.getInstances().get("app-metrics"));
        grown.add(instance("127.0.0.3"));
        registry.getInstances().put("app-metrics", grown);
        await().atMost(Duration.ofSeconds(10)).until(() -> F5.members("Common", "metrics").size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> scrape().value("edgeway_lbadapter_sync_lag_seconds_count"
                + POOL) > synced.value("edgeway_lbadapter_sync_lag_seconds_count" + POOL));

        // The device fails every call: its 503s are counted, and the pool is not converged while it does.
        F5.faults(FaultSettings.none().withErrorEvery(503, 1));
        try {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                PrometheusScrape failing = scrape();
                assertThat(failing.value(F5_CALLS.formatted("503"))).isPositive();
                assertThat(failing.value("edgeway_lbadapter_pool_converged" + POOL)).isZero();
            });
        }
        finally {
            F5.faults(FaultSettings.none());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("edgeway_lbadapter_pool_converged" + POOL) == 1);

        // An instance leaves while it has connections: its member drains, and shows until it is gone.
        F5.setConnections("Common", "metrics", "127.0.0.2:9101", 3);
        List<InstanceProperties> remaining = new ArrayList<>(registry.getInstances().get("app-metrics"));
        remaining.removeIf(instance -> instance.getHost().equals("127.0.0.2"));
        registry.getInstances().put("app-metrics", remaining);
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("edgeway_lbadapter_drains" + POOL) == 1);
        F5.setConnections("Common", "metrics", "127.0.0.2:9101", 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("edgeway_lbadapter_drains" + POOL) == 0);
    }

    @Test
    void aMemberAnOperatorDrainedIsHeld() {
        String held = "{device=\"f5\",partition=\"Common\",pool=\"held\"}";
        await().atMost(Duration.ofSeconds(10)).until(() -> F5.members("Common", "held").size() == 1);
        assertThat(scrape().value("edgeway_lbadapter_holds" + held)).isZero();

        assertThat(new AdapterClient(port).post("/api/members/drain", Map.of("device", "f5", "partition", "Common",
                "pool", "held", "member", "127.0.0.1:9102")).status()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().value("edgeway_lbadapter_holds" + held) == 1);
    }

    @Test
    void theScrapeNeedsALogin() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    private static InstanceProperties instance(String host) {
        InstanceProperties instance = new InstanceProperties();
        instance.setServiceId("app-metrics");
        instance.setUri(URI.create("http://" + host + ":9101"));
        return instance;
    }

    /** As Prometheus scrapes: with the viewer, the read-only login. */
    private PrometheusScrape scrape() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + managementPort + "/actuator/prometheus")).header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString((AdapterClient.VIEWER + ":" + AdapterClient.VIEWER_PASSWORD)
                            .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return new PrometheusScrape(response.body());
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
