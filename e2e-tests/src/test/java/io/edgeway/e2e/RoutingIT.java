package io.edgeway.e2e;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.edgeway.e2e.support.Eureka;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway routes through Eureka to every instance, and picks up a new one within seconds. */
class RoutingIT {

    /** sample-backend.message in config-repo/sample-backend.yml. */
    private static final String CONFIGURED_MESSAGE = "Hello from edgeway";

    private final Stack stack = Stack.shared();

    @Test
    void requestsReachEveryInstance() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            Http.Response response = Http.get(stack.gateway().url("/hello/id"));
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            stack.backends().stream().filter(b -> response.body().contains(":" + b.port() + "\""))
                    .forEach(b -> ports.add(b.port()));
        }
        assertThat(ports).containsExactlyInAnyOrderElementsOf(stack.backends().stream().map(ServiceProcess::port).toList());
    }

    /**
     * The message of config-repo/sample-backend.yml, through the gateway and from every instance: a backend that got
     * no config from the config server answers its built-in default ("Hello"), and a gateway without config has no
     * /hello route at all.
     */
    @Test
    void helloAnswersWithTheConfiguredMessage() {
        Http.Response response = Http.get(stack.gateway().url("/hello"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(CONFIGURED_MESSAGE);
        for (ServiceProcess backend : stack.backends()) {
            assertThat(Http.get(backend.url("/")).body()).as(backend.name()).isEqualTo(CONFIGURED_MESSAGE);
        }
    }

    @Test
    void newInstanceGetsTrafficWithinSecondsOfUp() throws Exception {
        ServiceProcess fresh = stack.startBackend("v1", List.of());
        try (Traffic traffic = Traffic.start(2, "GET", stack.gateway().url("/hello/id"))) {
            Eureka eureka = stack.eureka();
            await("registered UP").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> eureka.instanceOnPort("sample-backend", fresh.port())
                            .filter(i -> i.status().equals("UP")).isPresent());

            await("first request through the gateway").atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(50))
                    .until(() -> traffic.answeredBy(fresh.port()) > 0);
            assertThat(traffic.failures()).isEmpty();
        }
        finally {
            fresh.close();
        }
    }
}
