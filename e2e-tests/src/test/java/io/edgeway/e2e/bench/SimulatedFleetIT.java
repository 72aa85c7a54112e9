package io.edgeway.e2e.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.edgeway.e2e.support.Eureka;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The registry benchmark's simulated clients against a real discovery-server: they register, renew, fetch and see. */
class SimulatedFleetIT {

    private static final int SIZE = 20;

    private static ServiceProcess server;

    private static Eureka eureka;

    @BeforeAll
    static void startServer() {
        server = ServiceProcess.start("discovery-server", "fleet-it-discovery", ServiceProcess.freePort(),
                Stack.discoveryEnv(), List.of()).awaitHealthy(Duration.ofMinutes(3));
        eureka = Eureka.reader(server);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void instancesRegisterAndStayRegisteredPastTheirLeaseByRenewing() {
        try (SimulatedFleet fleet = fleet("renew")) {
            fleet.start(Duration.ofMillis(500));

            await("20 listed by GET /eureka/apps").atMost(Duration.ofSeconds(60))
                    .until(() -> upInstances(fleet.appOf(0)) == SIZE);
            long renewsBefore = fleet.renews.get();
            // The lease is 5 s (and Eureka lets twice that lapse): 12 s listed means renewals keep them alive.
            await("still listed after the lease").during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(15))
                    .until(() -> upInstances(fleet.appOf(0)) == SIZE);
            assertThat(fleet.renews.get() - renewsBefore).isGreaterThanOrEqualTo(SIZE * 6L);
            assertThat(fleet.registrations.get()).isEqualTo(SIZE);
        }
    }

    @Test
    void everyClientFetchesTheRegistryAndSeesAStatusChange() {
        try (SimulatedFleet fleet = fleet("status")) {
            fleet.start(Duration.ofMillis(500));
            await("every client sees all 20").atMost(Duration.ofSeconds(60))
                    .until(() -> fleet.fetchersSeeing(SIZE) == SIZE);

            SimulatedFleet.Change change = fleet.changeStatus(7, "OUT_OF_SERVICE");

            await("every client sees the change").atMost(Duration.ofSeconds(15)).until(() -> change.seenBy() == SIZE);
            IntStream.range(0, SIZE).forEach(client -> assertThat(
                    fleet.statusSeenBy(client, fleet.appOf(7), fleet.idOf(7))).isEqualTo("OUT_OF_SERVICE"));
            assertThat(change.nanosUntilSeenBy(0.99, SIZE)).isPositive().isLessThan(Duration.ofSeconds(15).toNanos());
            assertThat(eureka.instances(fleet.appOf(7))).filteredOn(i -> i.instanceId().equals(fleet.idOf(7)))
                    .singleElement().extracting(Eureka.Instance::status).isEqualTo("OUT_OF_SERVICE");
            assertThat(fleet.deltaFetches.get()).isPositive();
            assertThat(fleet.fullFetches.get()).isGreaterThanOrEqualTo(SIZE);

            SimulatedFleet.Change back = fleet.changeStatus(7, "UP");
            await("every client sees it UP again").atMost(Duration.ofSeconds(15)).until(() -> back.seenBy() == SIZE);
        }
    }

    @Test
    void aCancelledInstanceLeavesAtOnceAndAStoppedOneExpires() {
        try (SimulatedFleet fleet = fleet("stop")) {
            fleet.start(Duration.ofMillis(500));
            await("every client sees all 20").atMost(Duration.ofSeconds(60))
                    .until(() -> fleet.fetchersSeeing(SIZE) == SIZE);

            fleet.stop(18, true);
            fleet.stop(19, false);

            await("cancelled: gone from the registry").atMost(Duration.ofSeconds(5))
                    .until(() -> listed(fleet, 18) == false);
            await("not renewed: expired").atMost(Duration.ofSeconds(30)).until(() -> listed(fleet, 19) == false);
            await("and gone from every running client's view").atMost(Duration.ofSeconds(10))
                    .until(() -> IntStream.range(0, 18).allMatch(c -> fleet.statusSeenBy(c, fleet.appOf(19),
                            fleet.idOf(19)) == null && fleet.statusSeenBy(c, fleet.appOf(18), fleet.idOf(18)) == null));
            assertThat(upInstances(fleet.appOf(0))).isEqualTo(SIZE - 2);
        }
    }

    private static SimulatedFleet fleet(String prefix) {
        return new SimulatedFleet(new SimulatedFleet.Settings(
                List.of(new InetSocketAddress("127.0.0.1", server.port())), "peer", Stack.EUREKA_PEER_PASSWORD,
                "it-" + prefix, SIZE, SIZE, SIZE, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }

    private static long upInstances(String app) {
        return eureka.instances(app).stream().filter(i -> i.status().equals("UP")).count();
    }

    private static boolean listed(SimulatedFleet fleet, int index) {
        return eureka.instances(fleet.appOf(index)).stream().anyMatch(i -> i.instanceId().equals(fleet.idOf(index)));
    }
}
