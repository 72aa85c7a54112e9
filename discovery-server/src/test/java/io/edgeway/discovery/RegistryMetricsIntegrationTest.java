package io.edgeway.discovery;

import java.time.Duration;
import java.util.List;

import io.edgeway.testsupport.PrometheusScrape;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real discovery server's metrics, scraped with the dashboard login on the management port, move as instances
 * register, renew, change status, arrive by replication, cancel and expire.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "edgeway.discovery.registrants.metrics-app.password=app-secret",
        "edgeway.discovery.reader-password=reader-secret", "edgeway.discovery.operator-password=operator-secret",
        "edgeway.discovery.peer-password=peer-secret", "edgeway.discovery.dashboard-password=dashboard-secret" })
class RegistryMetricsIntegrationTest {

    private static final String APP = "METRICS-APP";

    private static final String[] REGISTRANT = { "metrics-app", "app-secret" };

    private static final String[] PEER = { "peer", "peer-secret" };

    private static final String[] DASHBOARD = { "dashboard", "dashboard-secret" };

    /** The registry is counted every second; requests on a loaded machine take their time too. */
    private static final Duration SEEN = Duration.ofSeconds(10);

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void instancesByApplicationAndStatusAndEachRegistryActionAreCounted() {
        PrometheusScrape before = scrape();

        assertThat(call("POST", "/eureka/apps/" + APP, REGISTRANT, instance("m-1", 30), false)).isEqualTo(204);
        assertThat(call("PUT", "/eureka/apps/" + APP + "/m-1", REGISTRANT, null, false)).isEqualTo(200);
        await().atMost(SEEN).until(() -> instances("UP") == 1);
        assertThat(call("PUT", "/eureka/apps/" + APP + "/m-1/status?value=OUT_OF_SERVICE", REGISTRANT, null, false))
                .isEqualTo(200);
        await().atMost(SEEN).until(() -> instances("OUT_OF_SERVICE") == 1 && instances("UP") == 0);
        assertThat(call("POST", "/eureka/apps/" + APP, PEER, instance("m-2", 30), true)).isEqualTo(204);
        await().atMost(SEEN).until(() -> instances("UP") == 1);
        assertThat(call("DELETE", "/eureka/apps/" + APP + "/m-1", REGISTRANT, null, false)).isEqualTo(200);
        await().atMost(SEEN).until(() -> instances("OUT_OF_SERVICE") == 0);
        PrometheusScrape after = scrape();

        assertThat(delta(before, after, "edgeway_eureka_registrations_total{origin=\"client\"}")).isEqualTo(1);
        assertThat(delta(before, after, "edgeway_eureka_registrations_total{origin=\"peer\"}")).isEqualTo(1);
        assertThat(delta(before, after, "edgeway_eureka_renewals_total{origin=\"client\"}")).isEqualTo(1);
        assertThat(delta(before, after, "edgeway_eureka_status_updates_total{origin=\"client\"}")).isEqualTo(1);
        assertThat(delta(before, after, "edgeway_eureka_cancellations_total{origin=\"client\"}")).isEqualTo(1);
        assertThat(after.has("edgeway_eureka_replications_total{outcome=\"failed\"}")).isTrue();
    }

    @Test
    void anInstanceThatStopsRenewingIsEvicted() {
        double evictions = scrape().value("edgeway_eureka_evictions_total");

        assertThat(call("POST", "/eureka/apps/" + APP, REGISTRANT, instance("short-lease", 1), false)).isEqualTo(204);

        await().atMost(Duration.ofSeconds(30)).until(() -> scrape().value("edgeway_eureka_evictions_total") > evictions);
    }

    @Test
    void theScrapeNeedsALogin() {
        assertThat(call("GET", "/actuator/prometheus", null, null, false)).isEqualTo(401);
        assertThat(call("GET", "/actuator/prometheus", REGISTRANT, null, false)).isEqualTo(403);
    }

    private double instances(String status) {
        return scrape().value("edgeway_eureka_instances{application=\"" + APP + "\",status=\"" + status + "\"}");
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String series) {
        return after.value(series) - before.value(series);
    }

    private PrometheusScrape scrape() {
        return new PrometheusScrape(RestClient.create("http://127.0.0.1:" + managementPort).get()
                .uri("/actuator/prometheus").headers(h -> h.setBasicAuth(DASHBOARD[0], DASHBOARD[1])).retrieve()
                .body(String.class));
    }

    private static String instance(String id, int leaseSeconds) {
        return """
                {"instance":{"instanceId":"%s","hostName":"127.0.0.1","app":"%s","ipAddr":"127.0.0.1",
                "status":"UP","port":{"$":1,"@enabled":"true"},"leaseInfo":{"durationInSecs":%d},"dataCenterInfo":{
                "@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}"""
                .formatted(id, APP, leaseSeconds);
    }

    private int call(String method, String path, String[] login, String body, boolean replicated) {
        int target = path.startsWith("/actuator") ? managementPort : port;
        var request = RestClient.create("http://127.0.0.1:" + target).method(HttpMethod.valueOf(method)).uri(path)
                .headers(h -> {
                    h.setAccept(List.of(MediaType.APPLICATION_JSON));
                    if (login != null) {
                        h.setBasicAuth(login[0], login[1]);
                    }
                    if (replicated) {
                        h.set("x-netflix-discovery-replication", "true");
                    }
                });
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, response) -> response.getStatusCode().value());
    }
}
