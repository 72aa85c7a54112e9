package io.edgeway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.edgeway.e2e.support.Eureka;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import io.edgeway.testsupport.LocalCa;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS from the gateway to a backend through the real registry: a sample-backend instance under the {@code tls}
 * profile registers its secure port only, and a gateway that trusts its CA
 * ({@code edgeway.gateway.tls.backends.trusted-ca}) sends it requests over HTTPS next to the plain instances, with no
 * failed request.
 */
class BackendTlsIT {

    private final Stack stack = Stack.shared();

    @Test
    void gatewayReachesAnHttpsInstanceRegisteredWithItsSecurePort() throws Exception {
        Path dir = Stack.logDir().resolveSibling("e2e-backend-tls");
        LocalCa ca = LocalCa.in(dir);
        ca.issue("127.0.0.1", List.of("127.0.0.1", "localhost"), dir.resolve("backend.pem"),
                dir.resolve("backend-key.pem"));
        ServiceProcess gateway = stack.startGateway("edge-gateway-backend-tls", stack.configServer(),
                Map.of("EDGEWAY_GATEWAY_TLS_BACKENDS_TRUSTEDCA", ca.certificateFile().toString()));
        ServiceProcess secure = stack.startBackend("v1", Map.of("SPRING_PROFILES_ACTIVE", "tls",
                "BACKEND_TLS_CERTIFICATE", dir.resolve("backend.pem").toString(),
                "BACKEND_TLS_PRIVATE_KEY", dir.resolve("backend-key.pem").toString()), List.of());
        try {
            gateway.awaitHealthy(Duration.ofMinutes(4));
            secure.awaitHealthy(Duration.ofMinutes(4));
            Eureka eureka = stack.eureka();
            await("registered with its secure port").atMost(Duration.ofMinutes(2))
                    .until(() -> eureka.securePorts("sample-backend").contains(secure.port()));

            try (Traffic traffic = Traffic.start(2, "GET", gateway.url("/hello/id"))) {
                await("answers from the HTTPS instance").atMost(Duration.ofMinutes(1))
                        .until(() -> traffic.answeredBy(secure.port()) >= 5);
                await("answers from the plain instances too").atMost(Duration.ofMinutes(1))
                        .until(() -> stack.backends().stream().allMatch(b -> traffic.answeredBy(b.port()) > 0));
                assertThat(traffic.failures()).isEmpty();
            }
        }
        finally {
            secure.stopGracefully(Duration.ofSeconds(30));
            gateway.stopGracefully(Duration.ofSeconds(30));
            // The shared gateway does not trust this CA: leave the registry as other tests expect it.
            await("TLS instance gone from the registry").atMost(Duration.ofMinutes(1))
                    .until(() -> !stack.eureka().securePorts("sample-backend").contains(secure.port()));
        }
    }
}
