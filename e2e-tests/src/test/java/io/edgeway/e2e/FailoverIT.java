package io.edgeway.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Losing an instance costs clients nothing: a crash costs no GET, a graceful stop no request at all. */
class FailoverIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Stack stack = Stack.shared();

    @Test
    void crashedInstanceCostsNoFailedGet() throws Exception {
        ServiceProcess doomed = stack.startBackend("v1", List.of()).awaitHealthy(Duration.ofMinutes(2));
        try (Traffic traffic = Traffic.start(4, "GET", stack.gateway().url("/hello/id"))) {
            await("traffic reaches the doomed instance").atMost(Duration.ofSeconds(10))
                    .until(() -> traffic.answeredBy(doomed.port()) > 20);

            doomed.kill();
            long answeredBefore = traffic.answered();
            await("evicted from Eureka").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> stack.eureka().instanceOnPort("sample-backend", doomed.port()).isEmpty());
            await("traffic goes on after eviction").atMost(Duration.ofSeconds(10))
                    .until(() -> traffic.answered() > answeredBefore + 200);

            assertThat(traffic.failures()).as("failed GETs").isEmpty();
        }
    }

    @Test
    void gracefulStopCostsNoRequest() throws Exception {
        ServiceProcess leaving = stack.startBackend("v1", List.of("--edgeway.backend.shutdown.deregistration-delay=3s",
                "--management.endpoints.web.exposure.include=health,info,metrics")).awaitHealthy(Duration.ofMinutes(2));
        // POST is never retried: a single request sent to a closing instance would show up as a failure.
        try (Traffic traffic = Traffic.start(4, "POST", stack.gateway().url("/hello/id"))) {
            await("traffic reaches the leaving instance").atMost(Duration.ofSeconds(10))
                    .until(() -> traffic.answeredBy(leaving.port()) > 20);
            // Still running when the web server starts its graceful shutdown (after the 3 s deregistration delay).
            CompletableFuture<Http.Response> inFlight = CompletableFuture
                    .supplyAsync(() -> Http.send("POST", leaving.url("/id?delayMs=8000")));
            // The traffic's requests take milliseconds: only the slow one is in flight at the instance this long.
            await("slow request in flight at the instance").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> longestRequestInFlightSeconds(leaving) >= 1);

            CompletableFuture<Integer> exit = CompletableFuture
                    .supplyAsync(() -> leaving.stopGracefully(Duration.ofSeconds(40)));
            await("leaves Eureka before it stops serving").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100)).until(() -> stack.eureka()
                            .instanceOnPort("sample-backend", leaving.port()).filter(i -> i.status().equals("UP")).isEmpty());
            assertThat(leaving.isAlive()).as("still serving after leaving Eureka").isTrue();
            exit.get(60, TimeUnit.SECONDS);
            long answeredAfterStop = traffic.answered();
            await("traffic goes on after the stop").atMost(Duration.ofSeconds(10))
                    .until(() -> traffic.answered() > answeredAfterStop + 100);

            assertThat(inFlight.get().status()).as("in-flight request finished").isEqualTo(200);
            assertThat(traffic.failures()).as("failed requests").isEmpty();
        }
    }

    /** The longest request the instance is serving now, from its {@code http.server.requests.active} timer. */
    private static double longestRequestInFlightSeconds(ServiceProcess instance) {
        Http.Response response = Http.send("GET",
                instance.managementUrl("/actuator/metrics/http.server.requests.active"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD);
        if (response.status() != 200) {
            return 0;
        }
        return JSON.readTree(response.body()).path("measurements").valueStream()
                .filter(m -> m.path("statistic").asString().equals("MAX")).mapToDouble(m -> m.path("value").asDouble())
                .findFirst().orElse(0);
    }
}
