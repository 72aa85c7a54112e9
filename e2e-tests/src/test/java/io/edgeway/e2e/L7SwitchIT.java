package io.edgeway.e2e;

import java.time.Duration;

import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The L7 switch takes an instance out of the gateways' pools and puts it back, with no failed request. */
class L7SwitchIT {

    private final Stack stack = Stack.shared();

    @Test
    void switchTakesInstanceOutAndBackIn() throws Exception {
        ServiceProcess backend = stack.backends().get(0);
        String instance = ":" + backend.port() + "\"";
        try (Traffic traffic = Traffic.start(2, "GET", stack.gateway().url("/hello/id"))) {
            assertThat(flip(backend, "DOWN").status()).isEqualTo(200);
            assertThat(Http.get(backend.url("/monitor/l7check")).status()).isEqualTo(503);
            await("OUT_OF_SERVICE in Eureka").atMost(Duration.ofSeconds(5))
                    .until(() -> stack.eureka().instanceOnPort("sample-backend", backend.port())
                            .filter(i -> i.status().equals("OUT_OF_SERVICE")).isPresent());
            await("gateway stops sending to it").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        for (int i = 0; i < 20; i++) {
                            assertThat(Http.get(stack.gateway().url("/hello/id")).body()).doesNotContain(instance);
                        }
                    });

            assertThat(flip(backend, "UP").status()).isEqualTo(200);
            assertThat(Http.get(backend.url("/monitor/l7check")).status()).isEqualTo(200);
            long beforeUp = traffic.answeredBy(backend.port());
            await("back in the gateway's pool").atMost(Duration.ofSeconds(5))
                    .until(() -> traffic.answeredBy(backend.port()) > beforeUp);
            assertThat(traffic.failures()).isEmpty();
        }
        finally {
            flip(backend, "UP");
        }
    }

    @Test
    void switchRefusesAnUnknownState() {
        Http.Response response = Http.send("PUT", stack.backends().get(1).url("/monitor/l7check"),
                "{\"status\":\"SIDEWAYS\"}", Stack.OPERATOR, Stack.OPERATOR_PASSWORD);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("UP").contains("DOWN");
    }

    private static Http.Response flip(ServiceProcess backend, String status) {
        return Http.send("PUT", backend.url("/monitor/l7check"), "{\"status\":\"" + status + "\"}", Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD);
    }
}
