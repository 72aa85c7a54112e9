package io.edgeway.e2e;

import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Secure by default: anonymous callers get health and info, and a 401 from every write endpoint. */
class SecurityIT {

    private final Stack stack = Stack.shared();

    @Test
    void anonymousCallersAreRefusedByEveryWriteEndpoint() {
        var backend = stack.backends().get(0);
        assertThat(Http.send("POST", stack.gateway().url("/actuator/refresh")).status()).isEqualTo(401);
        assertThat(Http.send("POST", backend.url("/actuator/refresh")).status()).isEqualTo(401);
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
        assertThat(Http.get(stack.gateway().url("/actuator/gateway/routes")).status()).isEqualTo(401);
    }

    @Test
    void healthAndInfoAreOpen() {
        for (var service : java.util.List.of(stack.gateway(), stack.discoveryServer(), stack.configServer(),
                stack.backends().get(0))) {
            assertThat(Http.get(service.url("/actuator/health")).status()).as(service.name()).isEqualTo(200);
            assertThat(Http.get(service.url("/actuator/info")).status()).as(service.name()).isEqualTo(200);
        }
    }

    @Test
    void wrongCredentialsAreRefused() {
        assertThat(Http.send("POST", stack.gateway().url("/actuator/refresh"), null, Stack.OPERATOR, "guess").status())
                .isEqualTo(401);
        assertThat(Http.send("GET", stack.configServer().url("/sample-backend/default"), null, "config", "guess")
                .status()).isEqualTo(401);
    }
}
