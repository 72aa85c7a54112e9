package io.edgeway.e2e;

import java.time.Duration;

import io.edgeway.e2e.support.ConfigGitRepo;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.edgeway.e2e.support.GatewayRoutes.withRoute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway rides out its config server going away: it keeps serving what it runs, a restart while the server is
 * down starts it from the config it last applied (kept on disk), and once the server is back it catches up on what
 * was committed meanwhile. The config server, its repository and the gateway are this test's own, so stopping them
 * touches no other test; Eureka and the backends are the shared stack's.
 */
class ConfigServerOutageIT {

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static final Stack stack = Stack.shared();

    private static final ConfigGitRepo repo = ConfigGitRepo.seededFromProject();

    private static ServiceProcess configServer;

    private static ServiceProcess gateway;

    @BeforeAll
    static void ownConfigServerAndGateway() {
        configServer = stack.startConfigServer("config-server-outage", repo).awaitHealthy(START_TIMEOUT);
        gateway = stack.startGateway("edge-gateway-outage", configServer).awaitHealthy(START_TIMEOUT);
    }

    @AfterAll
    static void stopThem() {
        if (gateway != null) {
            gateway.close();
        }
        if (configServer != null) {
            configServer.close();
        }
    }

    @Test
    void gatewayRestartedWhileTheConfigServerIsDownStartsFromItsLastConfigAndCatchesUpAfter() {
        String original = repo.read(GATEWAY_FILE);
        String before = repo.commit(GATEWAY_FILE, withRoute(original, "cached", "/cached"), "Cached route");
        awaitGatewayRuns(before);
        awaitAnswers("/cached");

        configServer.stopGracefully(Duration.ofSeconds(60));
        assertThat(Http.get(gateway.url("/cached")).status()).as("serves on with its config server gone").isEqualTo(200);
        gateway.stopGracefully(Duration.ofSeconds(60));
        gateway = stack.track(gateway.restart()).awaitHealthy(START_TIMEOUT);

        assertThat(revision()).contains("\"commit\":\"" + before).contains("\"source\":\"local-cache\"");
        awaitAnswers("/cached");
        awaitAnswers("/hello/id");

        String whileDown = repo.commit(GATEWAY_FILE, withRoute(original, "after-restart", "/after-restart"),
                "Committed while the config server was down");
        configServer = stack.track(configServer.restart()).awaitHealthy(START_TIMEOUT);

        awaitGatewayRuns(whileDown);
        assertThat(revision()).contains("\"source\":\"config-server\"");
        awaitAnswers("/after-restart");
    }

    /** The route answers 200; its instances come from Eureka, which a just-started gateway may still be fetching. */
    private static void awaitAnswers(String path) {
        await(gateway.name() + " answers " + path).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Http.get(gateway.url(path)).status() == 200);
    }

    private static void awaitGatewayRuns(String commit) {
        await(gateway.name() + " runs " + commit).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> revision().contains("\"commit\":\"" + commit));
    }

    private static String revision() {
        return Http.send("GET", gateway.managementUrl("/actuator/configrevision"), null, Stack.OPERATOR, Stack.OPERATOR_PASSWORD)
                .body();
    }
}
