package io.edgeway.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgeway.e2e.support.Eureka;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Secure by default: anonymous callers get health and info (on the management port; /livez and /readyz on the
 * traffic port), and a 401 from every write endpoint; no service starts
 * with a demo secret outside the demo profile (the shared stack runs its clients and Eureka without it), and no
 * password appears in a log.
 */
class SecurityIT {

    private final Stack stack = Stack.shared();

    @Test
    void anonymousCallersAreRefusedByEveryWriteEndpoint() {
        var backend = stack.backends().get(0);
        assertThat(Http.send("POST", stack.gateway().managementUrl("/actuator/refresh")).status()).isEqualTo(401);
        assertThat(Http.send("POST", backend.managementUrl("/actuator/refresh")).status()).isEqualTo(401);
        assertThat(Http.send("PUT", backend.url("/monitor/l7check"), "{\"status\":\"DOWN\"}", null, null).status())
                .isEqualTo(401);
        assertThat(Http.send("POST", stack.discoveryServer().url("/eureka/apps/INTRUDER"),
                "{\"instance\":{}}", null, null).status()).isEqualTo(401);
        assertThat(Http.send("DELETE", stack.discoveryServer().url("/eureka/apps/SAMPLE-BACKEND/x")).status())
                .isEqualTo(401);
        assertThat(Http.send("PUT", stack.discoveryServer().url("/eureka/apps/SAMPLE-BACKEND/x/status?value=DOWN"))
                .status()).isEqualTo(401);
        assertThat(Http.get(backend.url("/monitor/l7check")).status()).as("the switch stayed up").isEqualTo(200);
    }

    @Test
    void anonymousCallersCannotReadTheRegistryConfigOrRoutes() {
        assertThat(Http.get(stack.discoveryServer().url("/")).status()).isEqualTo(401);
        assertThat(Http.get(stack.discoveryServer().url("/eureka/apps")).status()).isEqualTo(401);
        assertThat(Http.get(stack.configServer().url("/sample-backend/default")).status()).isEqualTo(401);
        assertThat(Http.get(stack.gateway().managementUrl("/actuator/gateway/routes")).status()).isEqualTo(401);
    }

    @Test
    void healthAndInfoAreOpen() {
        for (var service : java.util.List.of(stack.gateway(), stack.discoveryServer(), stack.configServer(),
                stack.backends().get(0))) {
            assertThat(Http.get(service.managementUrl("/actuator/health")).status()).as(service.name()).isEqualTo(200);
            assertThat(Http.get(service.managementUrl("/actuator/info")).status()).as(service.name()).isEqualTo(200);
            assertThat(Http.get(service.url("/readyz")).status()).as(service.name()).isEqualTo(200);
            assertThat(Http.get(service.url("/livez")).status()).as(service.name()).isEqualTo(200);
        }
    }

    @Test
    void theActuatorIsOnTheManagementPortOnly() {
        assertThat(Http.send("GET", stack.gateway().url("/actuator/gateway/routes"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD).status()).isEqualTo(404);
        assertThat(Http.send("GET", stack.gateway().managementUrl("/actuator/gateway/routes"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD).status()).isEqualTo(200);
        assertThat(Http.get(stack.backends().get(0).url("/actuator/health")).status()).isEqualTo(404);
        // The gateway routes nothing on its management port.
        assertThat(Http.get(stack.gateway().managementUrl("/hello/id")).status()).isEqualTo(404);
    }

    @Test
    void theRegistryPointsHealthChecksAtTheManagementPort() {
        var backend = stack.backends().get(0);
        assertThat(Eureka.reader(stack.discoveryServer()).healthCheckUrls("sample-backend"))
                .anyMatch(url -> url.endsWith(":" + backend.managementPort() + "/actuator/health"));
    }

    @Test
    void wrongCredentialsAreRefused() {
        assertThat(Http.send("POST", stack.gateway().managementUrl("/actuator/refresh"), null, Stack.OPERATOR, "guess")
                .status()).isEqualTo(401);
        assertThat(Http.send("GET", stack.configServer().url("/sample-backend/default"), null, "config", "guess")
                .status()).isEqualTo(401);
    }

    @Test
    void aServiceWithTheDemoSecretRefusesToStartOutsideTheDemoProfileAndAClientNeverLogsItsEurekaPassword()
            throws IOException {
        ServiceProcess refused = stack.track(ServiceProcess.start("discovery-server", "discovery-server-demo-secret",
                ServiceProcess.freePort(), Map.of(Stack.NO_DEMO_PROFILE, "", "EUREKA_READER_PASSWORD", "demo-eureka-reader-secret"),
                List.of()));
        int nobody;
        try (ServerSocket socket = new ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        ServiceProcess lost = stack.startBackend("v1", Map.of("EUREKA_URL", "http://127.0.0.1:" + nobody + "/eureka/"),
                List.of());
        try {
            await("the discovery server refuses to start").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(250)).until(() -> !refused.isAlive());
            assertThat(refused.logText()).contains("EUREKA_READER_PASSWORD is the demo secret; set it, or run with the demo "
                    + "profile");
            // Registration fails against a port where nothing listens: the Eureka client logs the endpoint.
            await("the backend's Eureka client fails and logs its endpoint").atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(250)).until(() -> lost.logText()
                            .contains("Request execution error. endpoint=DefaultEndpoint{ serviceUrl='http://127.0.0.1:"
                                    + nobody));
            assertThat(lost.logText()).doesNotContain(Stack.EUREKA_SAMPLE_BACKEND_PASSWORD);
        }
        finally {
            lost.close();
        }
    }
}
