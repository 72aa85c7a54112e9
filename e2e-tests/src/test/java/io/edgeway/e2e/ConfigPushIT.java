package io.edgeway.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.edgeway.e2e.support.GatewayRoutes.withRoute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commit to the config repository reaches three running gateways within seconds, with no restart and no failed
 * request; a bad commit reaches none. Each test starts from a good commit of its own, in any order;
 * ConfigServerOutageIT stops a config server, its own.
 */
class ConfigPushIT {

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    private static final Stack stack = Stack.shared();

    private static final List<ServiceProcess> gateways = new ArrayList<>();

    private static String original;

    @BeforeAll
    static void threeGateways() {
        original = stack.configRepo().read(GATEWAY_FILE);
        gateways.add(stack.gateway());
        List<ServiceProcess> extra = List.of(stack.startGateway(), stack.startGateway());
        extra.parallelStream().forEach(g -> g.awaitHealthy(Duration.ofMinutes(3)));
        gateways.addAll(extra);
    }

    @AfterAll
    static void restoreConfig() {
        String commit = stack.configRepo().commit(GATEWAY_FILE, original, "Restore the gateway config");
        awaitEveryGatewayRuns(commit);
        gateways.subList(1, gateways.size()).forEach(ServiceProcess::close);
    }

    @Test
    void commitReachesEveryGatewayWithoutRestartOrFailedRequest() throws Exception {
        try (Traffic traffic = trafficThroughEveryGateway()) {
            String commit = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "hello-again", "/hello-again"),
                    "Add a route");

            awaitEveryGatewayRuns(commit);
            gateways.forEach(gateway -> awaitAnswers(gateway, "/hello-again"));
            await("every gateway advertises the commit in Eureka").atMost(Duration.ofSeconds(5))
                    .until(() -> eurekaMetadataRevisions().stream().filter(commit::equals).count() == gateways.size());
            assertThat(traffic.failures()).isEmpty();
        }
        for (ServiceProcess gateway : gateways) {
            assertThat(gateway.logText()).as("%s never left Eureka", gateway.name()).doesNotContain("Unregistering")
                    .containsOnlyOnce("Started EdgeGatewayApplication");
        }
    }

    @Test
    void badCommitsReachNoGatewayAndCostNoRequest() throws Exception {
        String good = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "good", "/good"), "A good commit");
        awaitEveryGatewayRuns(good);
        Map<String, String> badCommits = Map.of(
                "YAML syntax", original + "\n  broken: [unclosed\n",
                "duplicate route id", withRoute(original, "hello", "/hello-twice"),
                "invalid URI", withRoute(original, "bad-uri", "lb://", "Path=/bad-uri", "SetPath=/"),
                "unknown filter", withRoute(original, "typo", "lb://sample-backend", "Path=/typo", "SetPth=/"),
                "weight out of range", withRoute(original, "canary", "lb://sample-backend", "Weight=demo, 140", "SetPath=/"),
                "canary weight out of range", original.replace("weight: 10", "weight: 110"),
                "shedding limits", withGatewaySetting(original, "shedding:\n      min-limit: 400"),
                "HMAC token algorithm", withGatewaySetting(original, "auth.algorithms: HS256"));
        assertThat(badCommits.values()).as("every bad commit changes the config").doesNotContain(original);
        try (Traffic traffic = trafficThroughEveryGateway()) {
            for (Map.Entry<String, String> bad : badCommits.entrySet()) {
                String commit = stack.configRepo().commit(GATEWAY_FILE, bad.getValue(), "Bad: " + bad.getKey());
                await(bad.getKey() + " refused by the config server").atMost(Duration.ofSeconds(10))
                        .until(() -> configServerRevisions().contains("\"latest\":{\"commit\":\"" + commit));
                assertThat(configServerRevisions()).as(bad.getKey()).contains("\"published\":{\"commit\":\"" + good);
            }
            for (ServiceProcess gateway : gateways) {
                assertThat(revisionOf(gateway)).as(gateway.name()).contains("\"commit\":\"" + good);
                awaitAnswers(gateway, "/good");
            }
            assertThat(traffic.failures()).isEmpty();
        }
    }

    @Test
    void commitTheGatewayCannotBuildIsRefusedByEveryGateway() throws Exception {
        String good = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "before-teapot", "/before-teapot"),
                "A good commit");
        awaitEveryGatewayRuns(good);
        try (Traffic traffic = trafficThroughEveryGateway()) {
            // Valid for the config server (a known filter), but its argument is not a status the gateway can build.
            String commit = stack.configRepo().commit(GATEWAY_FILE,
                    withRoute(original, "teapot", "lb://sample-backend", "Path=/teapot", "SetStatus=banana"), "Bad status");

            await("every gateway refuses it").atMost(Duration.ofSeconds(10)).until(() -> gateways.stream()
                    .allMatch(g -> revisionOf(g).contains("\"lastRefused\":{\"commit\":\"" + commit)));
            for (ServiceProcess gateway : gateways) {
                assertThat(revisionOf(gateway)).contains("\"commit\":\"" + good).containsIgnoringCase("banana");
                assertThat(Http.get(gateway.url("/teapot")).status()).isEqualTo(404);
            }
            assertThat(traffic.failures()).isEmpty();
        }
    }

    /** The config with one more setting under {@code edgeway.gateway} (YAML indented for that level). */
    private static String withGatewaySetting(String config, String setting) {
        String gateway = "edgeway:\n  gateway:\n";
        assertThat(config).contains(gateway);
        return config.replace(gateway, gateway + "    " + setting + "\n");
    }

    /** The route answers 200; its instances come from Eureka, which a just-started gateway may still be fetching. */
    private static void awaitAnswers(ServiceProcess gateway, String path) {
        await(gateway.name() + " answers " + path).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.get(gateway.url(path)).status() == 200);
    }

    private static Traffic trafficThroughEveryGateway() {
        return Traffic.start(gateways.stream().map(g -> g.url("/hello/id")).toList());
    }

    static void awaitEveryGatewayRuns(String commit) {
        await("every gateway runs " + commit).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> gateways.stream().allMatch(g -> revisionOf(g).contains("\"commit\":\"" + commit)));
    }

    private static String revisionOf(ServiceProcess gateway) {
        return Http.send("GET", gateway.managementUrl("/actuator/configrevision"), null, Stack.OPERATOR, Stack.OPERATOR_PASSWORD).body();
    }

    private static String configServerRevisions() {
        return Http.send("GET", stack.configServer().url("/revisions/current"), null, "config", Stack.CONFIG_PASSWORD).body();
    }

    private static List<String> eurekaMetadataRevisions() {
        return stack.eureka().metadata("edge-gateway", "config-revision");
    }
}
