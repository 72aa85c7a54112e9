package io.edgeway.discovery;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each credential of the real discovery server does what its role allows, over HTTP on loopback: a registrant writes
 * only its own application, the reader only reads, the operator sets any status, only peers replicate, and the
 * dashboard has its own login. Each test uses instance ids of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "edgeway.discovery.registrants.sample-backend.password=backend-secret",
        "edgeway.discovery.registrants.edge-gateway.password=gateway-secret",
        "edgeway.discovery.registrants.edge-gateway.reads-registry=true",
        "edgeway.discovery.reader-password=reader-secret", "edgeway.discovery.operator-password=operator-secret",
        "edgeway.discovery.peer-password=peer-secret", "edgeway.discovery.dashboard-password=dashboard-secret" })
class RegistryRolesIntegrationTest {

    private static final Login BACKEND = new Login("sample-backend", "backend-secret");

    private static final Login GATEWAY = new Login("edge-gateway", "gateway-secret");

    private static final Login READER = new Login("reader", "reader-secret");

    private static final Login OPERATOR = new Login("operator", "operator-secret");

    private static final Login PEER = new Login("peer", "peer-secret");

    private static final Login DASHBOARD = new Login("dashboard", "dashboard-secret");

    @Value("${local.server.port}")
    private int port;

    @LocalManagementPort
    private int managementPort;

    @Test
    void healthIsOpen() {
        assertThat(call("GET", "/actuator/health", null, null)).isEqualTo(200);
        assertThat(call("GET", "/readyz", null, null)).as("on the traffic port").isEqualTo(200);
    }

    @Test
    void managementPortKeepsTheSecurity() {
        assertThat(call("GET", "/actuator/env", null, null)).isEqualTo(401);
        assertThat(call("GET", "/actuator/health", null, null)).isEqualTo(200);
    }

    @Test
    void theDashboardOpensWithTheDashboardLoginOnly() {
        assertThat(call("GET", "/", null, null)).isEqualTo(401);
        assertThat(call("GET", "/", new Login("dashboard", "wrong"), null)).isEqualTo(401);
        assertThat(call("GET", "/", DASHBOARD, null)).isEqualTo(200);
        assertThat(call("GET", "/lastn", DASHBOARD, null)).isEqualTo(200);
        assertThat(call("GET", "/eureka/css/wro.css", DASHBOARD, null)).isEqualTo(200);
        assertThat(call("GET", "/", BACKEND, null)).isEqualTo(403);
        assertThat(call("GET", "/", READER, null)).isEqualTo(403);
    }

    @Test
    void aRegistrantRegistersRenewsAndCancelsItsOwnApplicationInAnyCase() {
        assertThat(call("POST", "/eureka/apps/SAMPLE-BACKEND", BACKEND, instance("SAMPLE-BACKEND", "own-1"))).isEqualTo(204);
        assertThat(call("POST", "/eureka/apps/sample-backend", BACKEND, instance("SAMPLE-BACKEND", "own-2"))).isEqualTo(204);
        assertThat(call("PUT", "/eureka/apps/SAMPLE-BACKEND/own-1", BACKEND, null)).isEqualTo(200);
        assertThat(call("PUT", "/eureka/apps/SAMPLE-BACKEND/own-1/status?value=OUT_OF_SERVICE", BACKEND, null))
                .isEqualTo(200);
        assertThat(call("DELETE", "/eureka/apps/SAMPLE-BACKEND/own-1/status", BACKEND, null)).isEqualTo(200);
        assertThat(call("DELETE", "/eureka/apps/SAMPLE-BACKEND/own-1", BACKEND, null)).isEqualTo(200);
        assertThat(call("GET", "/eureka/apps/SAMPLE-BACKEND/own-2", READER, null)).isEqualTo(200);
    }

    @Test
    void aRegistrantCannotRegisterAnotherApplication() {
        assertThat(call("POST", "/eureka/apps/EDGE-GATEWAY", BACKEND, instance("EDGE-GATEWAY", "intruder-1")))
                .isEqualTo(403);
        assertThat(call("POST", "/eureka/apps/edge-gateway", BACKEND, instance("EDGE-GATEWAY", "intruder-2")))
                .isEqualTo(403);
        // Its own path with another application in the body: Eureka refuses the mismatch itself.
        assertThat(call("POST", "/eureka/apps/SAMPLE-BACKEND", BACKEND, instance("EDGE-GATEWAY", "intruder-3")))
                .isEqualTo(400);
        assertThat(call("GET", "/eureka/apps/EDGE-GATEWAY/intruder-1", READER, null)).isEqualTo(404);
        assertThat(call("GET", "/eureka/apps/EDGE-GATEWAY/intruder-3", READER, null)).isEqualTo(404);
    }

    @Test
    void aRegistrantCannotTouchAnotherApplicationsInstances() {
        assertThat(call("POST", "/eureka/apps/EDGE-GATEWAY", GATEWAY, instance("EDGE-GATEWAY", "victim"))).isEqualTo(204);

        assertThat(call("PUT", "/eureka/apps/EDGE-GATEWAY/victim/status?value=OUT_OF_SERVICE", BACKEND, null))
                .isEqualTo(403);
        assertThat(call("PUT", "/eureka/apps/EDGE-GATEWAY/victim/metadata?lb-weight=100", BACKEND, null))
                .isEqualTo(403);
        assertThat(call("PUT", "/eureka/apps/EDGE-GATEWAY/victim", BACKEND, null)).isEqualTo(403);
        assertThat(call("DELETE", "/eureka/apps/EDGE-GATEWAY/victim", BACKEND, null)).isEqualTo(403);
        assertThat(body("/eureka/apps/EDGE-GATEWAY/victim", READER)).contains("\"status\":\"UP\"")
                .doesNotContain("lb-weight");
    }

    @Test
    void aRegistrantCannotPassItselfOffAsAPeer() {
        assertThat(call("POST", "/eureka/peerreplication/batch", BACKEND, "{\"replicationList\":[]}")).isEqualTo(403);
        assertThat(call("POST", "/eureka/apps/SAMPLE-BACKEND", BACKEND, instance("SAMPLE-BACKEND", "replica"),
                "x-netflix-discovery-replication")).isEqualTo(403);
        assertThat(call("POST", "/eureka/peerreplication/batch", PEER, "{\"replicationList\":[]}")).isEqualTo(200);
        assertThat(call("POST", "/eureka/apps/EDGE-GATEWAY", PEER, instance("EDGE-GATEWAY", "replicated"),
                "x-netflix-discovery-replication")).isEqualTo(204);
    }

    @Test
    void theReaderReadsButCannotRegisterOrChangeAnything() {
        assertThat(call("GET", "/eureka/apps", READER, null)).isEqualTo(200);
        assertThat(call("GET", "/eureka/apps/delta", READER, null)).isEqualTo(200);
        assertThat(call("POST", "/eureka/apps/SAMPLE-BACKEND", READER, instance("SAMPLE-BACKEND", "reader-1")))
                .isEqualTo(403);
        assertThat(call("PUT", "/eureka/apps/SAMPLE-BACKEND/reader-1/status?value=OUT_OF_SERVICE", READER, null))
                .isEqualTo(403);
    }

    @Test
    void onlyRegistrantsThatRouteReadTheRegistry() {
        assertThat(call("GET", "/eureka/apps", BACKEND, null)).isEqualTo(403);
        assertThat(call("GET", "/eureka/apps/delta", GATEWAY, null)).isEqualTo(200);
    }

    @Test
    void theOperatorSetsTheStatusOfAnyApplicationButRegistersNothing() {
        assertThat(call("POST", "/eureka/apps/SAMPLE-BACKEND", BACKEND, instance("SAMPLE-BACKEND", "operated")))
                .isEqualTo(204);

        assertThat(call("PUT", "/eureka/apps/SAMPLE-BACKEND/operated/status?value=OUT_OF_SERVICE", OPERATOR, null))
                .isEqualTo(200);
        assertThat(body("/eureka/apps/SAMPLE-BACKEND/operated", OPERATOR)).contains("\"status\":\"OUT_OF_SERVICE\"");
        assertThat(call("DELETE", "/eureka/apps/SAMPLE-BACKEND/operated/status", OPERATOR, null)).isEqualTo(200);

        assertThat(call("POST", "/eureka/apps/SAMPLE-BACKEND", OPERATOR, instance("SAMPLE-BACKEND", "operator-1")))
                .isEqualTo(403);
        assertThat(call("DELETE", "/eureka/apps/SAMPLE-BACKEND/operated", OPERATOR, null)).isEqualTo(403);
    }

    private static String instance(String app, String id) {
        return """
                {"instance":{"instanceId":"%s","hostName":"127.0.0.1","app":"%s","ipAddr":"127.0.0.1",
                "status":"UP","port":{"$":1,"@enabled":"true"},"dataCenterInfo":{
                "@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}"""
                .formatted(id, app);
    }

    private int call(String method, String path, Login login, String body, String... trueHeaders) {
        int target = path.startsWith("/actuator") ? managementPort : port;
        var request = RestClient.create("http://127.0.0.1:" + target).method(HttpMethod.valueOf(method)).uri(path)
                .headers(h -> {
                    h.setAccept(List.of(MediaType.APPLICATION_JSON));
                    if (login != null) {
                        h.setBasicAuth(login.name(), login.password());
                    }
                    for (String header : trueHeaders) {
                        h.set(header, "true");
                    }
                });
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange((req, response) -> response.getStatusCode().value());
    }

    private String body(String path, Login login) {
        return RestClient.create("http://127.0.0.1:" + port).get().uri(path)
                .headers(h -> {
                    h.setAccept(List.of(MediaType.APPLICATION_JSON));
                    h.setBasicAuth(login.name(), login.password());
                })
                .retrieve().body(String.class);
    }

    private record Login(String name, String password) {
    }
}
