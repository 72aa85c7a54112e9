package io.edgeway.e2e;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.edgeway.e2e.support.AlertRules;
import io.edgeway.e2e.support.DashboardQueries;
import io.edgeway.e2e.support.DashboardSnapshot;
import io.edgeway.e2e.support.DeviceEmulators;
import io.edgeway.e2e.support.Eureka;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.PrometheusConfig;
import io.edgeway.e2e.support.PrometheusServer;
import io.edgeway.e2e.support.ServiceProcess;
import io.edgeway.e2e.support.Stack;
import io.edgeway.e2e.support.Traffic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static io.edgeway.e2e.support.GatewayRoutes.withRoute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards and alerts of observability/ against the running stack and Debian's Prometheus: Prometheus runs
 * the shipped scrape config (Eureka discovery included) against the e2e services' management ports, every
 * dashboard query and recording rule must return data, and each alert must fire when its fault is injected.
 * <p>
 * Alerts wait minutes in production ({@code for: 5m}...); the test loads a copy of the rules with every
 * {@code for:} set to {@value #TEST_FOR}, and scrapes and evaluates every second, so an alert fires within seconds
 * of its fault. The expressions, thresholds and windows are the shipped ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final String TEST_FOR = "2s";

    private static final String GATEWAY_FILE = "edge-gateway.yml";

    private static final String VIEWER_PASSWORD = "e2e-viewer-secret";

    private static final Duration START = Duration.ofMinutes(3);

    private static final Duration FIRES = Duration.ofSeconds(60);

    private final Stack stack = Stack.shared();

    private final String original = read(Stack.root().resolve("config-repo").resolve(GATEWAY_FILE));

    private DeviceEmulators devices;

    private ServiceProcess adapter;

    private ServiceProcess doomedBackend;

    private PrometheusServer prometheus;

    private Instant started;

    @BeforeAll
    void startPrometheusOnTheStack() throws IOException {
        // Whatever an earlier test left at the head of the config repository, the stack runs the shipped config.
        String commit = stack.configRepo().commit(GATEWAY_FILE, original, "The shipped gateway config");
        awaitGatewayRuns(commit);
        devices = new DeviceEmulators();
        Map<String, String> adapterEnv = new HashMap<>(stack.clientEnv());
        // The emulators accept only their demo logins, which the adapter takes under the demo profile alone.
        adapterEnv.put("SPRING_PROFILES_INCLUDE", "demo");
        adapterEnv.put("LB_F5_URL", devices.f5Url());
        adapterEnv.put("LB_NETSCALER_URL", devices.nitroUrl());
        adapterEnv.put("LB_ADAPTER_VIEWER_PASSWORD", VIEWER_PASSWORD);
        adapterEnv.put("LB_ADAPTER_DB_URL", "jdbc:h2:mem:observability;DB_CLOSE_DELAY=-1");
        adapter = stack.track(ServiceProcess.start("lb-adapter-service", "lb-adapter-service",
                ServiceProcess.freePort(), adapterEnv, Stack.clientArgs()));
        adapter.awaitHealthy(START);

        Path dir = Files.createDirectories(Stack.logDir().resolve("prometheus"));
        int port = PrometheusServer.freePort();
        List<Path> rules = AlertRules.writeTestCopies(dir, TEST_FOR, expectedInstances(1));
        Path config = PrometheusConfig.write(dir,
                Map.of("prometheus", List.of("127.0.0.1:" + port),
                        "config-server", PrometheusConfig.managementTargets(stack.configServer()),
                        "discovery-server", PrometheusConfig.managementTargets(stack.discoveryServer()),
                        "lb-adapter-service", PrometheusConfig.managementTargets(adapter)),
                Stack.eurekaUrl(stack.discoveryServer()).replaceFirst("/$", ""),
                Map.of("operator", Stack.OPERATOR_PASSWORD, "config", Stack.CONFIG_PASSWORD,
                        "eureka-reader", Stack.EUREKA_READER_PASSWORD,
                        "eureka-dashboard", Stack.EUREKA_DASHBOARD_PASSWORD, "lb-adapter-viewer", VIEWER_PASSWORD),
                rules, "1s");
        prometheus = new PrometheusServer(port, config, dir);
        started = Instant.now();
        await("the adapter's pools scraped").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> prometheus.resultSize("edgeway_lbadapter_sync_lag_seconds_count") > 0);
        // Registered while Prometheus watches: the adapter adds it to the F5 pool, a sync lag to see.
        doomedBackend = stack.startBackend("v1", List.of()).awaitHealthy(START);
        awaitRegistered("SAMPLE-BACKEND", doomedBackend.port());
    }

    @AfterAll
    void stopWhatTheTestStarted() {
        stack.configRepo().commit(GATEWAY_FILE, original, "Restore the gateway config");
        if (prometheus != null) {
            prometheus.close();
        }
        if (devices != null) {
            devices.close();
        }
        Stream.of(adapter, doomedBackend).filter(Objects::nonNull).forEach(ServiceProcess::close);
    }

    @Test
    @Order(1)
    void scrapesEveryServiceOfTheStackThroughTheShippedConfig() {
        await("every target up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<JsonNode> targets = prometheus.targets();
                    assertThat(targets).allSatisfy(t -> assertThat(t.get("health").asString())
                            .as("%s %s", t.get("scrapeUrl").asString(), t.get("lastError").asString())
                            .isEqualTo("up"));
                    assertThat(targets.stream().map(t -> t.get("labels").get("job").asString()).collect(
                            Collectors.toSet())).contains("prometheus", "config-server", "discovery-server",
                                    "lb-adapter-service", "edge-gateway", "sample-backend");
                    // Found through Eureka: the stack's gateway and every backend, on their management ports.
                    assertThat(instancesOf(targets, "edge-gateway")).contains(target(stack.gateway()));
                    assertThat(instancesOf(targets, "sample-backend")).contains(target(doomedBackend))
                            .containsAll(stack.backends().stream().map(ObservabilityIT::target).toList());
                });
    }

    @Test
    @Order(2)
    void aHealthyStackUnderTrafficFiresNoAlert() {
        sendEveryKindOfRequest();
        await("the canary rules see both sides").atMost(FIRES).pollInterval(Duration.ofMillis(500))
                .until(() -> prometheus.resultSize("edgeway:canary_side_latency_seconds:p95_rate5m") == 2);

        await("no alert fires for 5 s").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(prometheus.firingAlerts()).as("firing").isEmpty());
    }

    @Test
    @Order(3)
    void aRouteWhoseServiceHasNoInstanceFiresTheErrorRatioAlert() {
        String commit = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "obs-no-instance",
                "lb://no-such-service", "Path=/obs-no-instance", "SetPath=/"), "A route to a service with no instance");
        awaitGatewayRuns(commit);
        // A counter's first scrape is its baseline, so the route's series must exist before its errors count.
        assertThat(Http.get(stack.gateway().url("/obs-no-instance")).status()).isEqualTo(503);
        await("the route's requests scraped").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> prometheus.resultSize("edgeway_gateway_requests_seconds_count{route=\"obs-no-instance\"}") > 0);
        for (int i = 0; i < 30; i++) {
            assertThat(Http.get(stack.gateway().url("/obs-no-instance")).status()).isEqualTo(503);
        }

        awaitFiring("EdgewayRouteErrorRatioHigh", "route", "obs-no-instance");
    }

    /** The canary (v2) answers 3 s slower than stable (a loaded CI machine slows stable too); testers force each side with the override header. */
    @Test
    @Order(4)
    void aSlowCanaryFiresCanaryWorseThanStable() {
        String tester = stack.tokens().mint("obs-tester", "api canary");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int round = 0; round < 4; round++) {
            List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(client.sendAsync(apiRequest(tester, "v2", "/api/id?delayMs=3000"),
                        HttpResponse.BodyHandlers.discarding()));
                answers.add(client.sendAsync(apiRequest(tester, "v1", "/api/id"),
                        HttpResponse.BodyHandlers.discarding()));
            }
            assertThat(answers).allSatisfy(answer -> assertThat(answer.join().statusCode()).isEqualTo(200));
        }

        awaitFiring("EdgewayCanaryWorseThanStable", "route", "api");
    }

    /** 40 clients hold slow requests on a public route: best-effort is shed past half of sample-backend's limit. */
    @Test
    @Order(5)
    void sustainedSheddingFiresSheddingSustained() throws Exception {
        try (Traffic flood = Traffic.start(40, "GET", stack.gateway().url("/hello/id?delayMs=400"))) {
            await("requests shed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> flood.failures().stream().filter(f -> f.contains("-> 503")).count() >= 50);
            awaitFiring("EdgewaySheddingSustained", "limiter", "sample-backend");
        }
    }

    /**
     * A commit the config server publishes but the gateway refuses (a status it cannot build): the gateway stays on
     * the commit before, and the alert fires; the next good commit ends it.
     */
    @Test
    @Order(6)
    void aCommitTheGatewayRefusesFiresGatewayOnOldCommit() {
        String refused = stack.configRepo().commit(GATEWAY_FILE, withRoute(original, "obs-teapot",
                "lb://sample-backend", "Path=/obs-teapot", "SetStatus=banana"), "A status the gateway cannot build");
        await("the gateway refuses it").atMost(Duration.ofSeconds(20)).until(() -> revisionOfGateway()
                .contains("\"lastRefused\":{\"commit\":\"" + refused));

        awaitFiring("EdgewayGatewayOnOldCommit", "instance", target(stack.gateway()));

        String good = stack.configRepo().commit(GATEWAY_FILE, original, "The shipped gateway config again");
        awaitGatewayRuns(good);
        await("the alert ends").atMost(FIRES).pollInterval(Duration.ofMillis(500))
                .until(() -> firing("EdgewayGatewayOnOldCommit").isEmpty());
    }

    /**
     * Both devices stop; then a backend is killed under traffic, so the adapter has a change to write and cannot:
     * device sync fails, the registry holds fewer backends than expected, and the gateway retries and ejects.
     */
    @Test
    @Order(7)
    void stoppedDevicesAndAKilledBackendFireDeviceSyncFailingAndRegistryBelowExpected() throws Exception {
        devices.close();
        try (Traffic traffic = Traffic.start(8, "GET", stack.gateway().url("/hello/id"))) {
            await("traffic reaches the doomed backend").atMost(Duration.ofSeconds(30))
                    .until(() -> traffic.answeredBy(doomedBackend.port()) > 20);
            doomedBackend.kill();
            await("the registry drops the killed backend").atMost(Duration.ofSeconds(30))
                    .until(() -> stack.eureka().instanceOnPort("SAMPLE-BACKEND", doomedBackend.port()).isEmpty());
            assertThat(traffic.failures()).as("retried on another instance").isEmpty();
        }

        awaitFiring("EdgewayRegistryBelowExpected", "application", "SAMPLE-BACKEND");
        awaitFiring("EdgewayDeviceSyncFailing", "device", "f5-demo");
    }

    /** A dashboard that shows nothing (a renamed metric or label, a wrong expression) fails here. */
    @Test
    @Order(8)
    void everyDashboardQueryReturnsData() {
        List<DashboardQueries.Query> queries = DashboardQueries.all();
        List<String> empty = new ArrayList<>();
        for (DashboardQueries.Query query : queries) {
            if (!hasValue(query.expr())) {
                empty.add(query.toString());
            }
        }

        assertThat(queries).hasSizeGreaterThan(40);
        assertThat(empty).as("queries that return no data").isEmpty();
    }

    @Test
    @Order(9)
    void everyRecordingRuleReturnsDataAndEveryRuleEvaluates() {
        List<String> empty = AlertRules.all().stream().filter(rule -> !rule.alert())
                .filter(rule -> !hasValue(rule.name())).map(AlertRules.Rule::toString).toList();

        assertThat(empty).as("recording rules with no data").isEmpty();
        assertThat(prometheus.rules()).allSatisfy(rule -> assertThat(rule.get("health").asString())
                .as("%s: %s", rule.get("name").asString(), rule.path("lastError").asString()).isEqualTo("ok"));
    }

    /**
     * With {@code -Dedgeway.dashboard-snapshots=DIR}: a picture of each dashboard from this run's data into DIR
     * (docs/dashboards/ holds the README's), drawn by DashboardSnapshot, not by Grafana.
     */
    @Test
    @Order(10)
    void rendersEachDashboardWhenAsked() {
        String dir = System.getProperty("edgeway.dashboard-snapshots");
        Assumptions.assumeTrue(dir != null && !dir.isBlank(), "no -Dedgeway.dashboard-snapshots=DIR");
        Instant to = Instant.now();
        for (Path dashboard : DashboardQueries.files()) {
            Path png = Path.of(dir).toAbsolutePath().resolve(dashboard.getFileName().toString().replace(".json", ".png"));
            DashboardSnapshot.render(dashboard, prometheus, started, to, png, Stack.logDir().resolve("snapshots"));
            assertThat(png).isNotEmptyFile();
        }
    }

    /** Public routes, the canary API as many users (both sides), a 401, a 403 and a 429, and the static route. */
    private void sendEveryKindOfRequest() {
        for (int i = 0; i < 20; i++) {
            assertThat(Http.get(stack.gateway().url("/hello")).status()).isEqualTo(200);
            assertThat(Http.get(stack.gateway().url("/hello/id")).status()).isEqualTo(200);
            assertThat(Http.get(stack.gateway().url("/robots.txt")).status()).isEqualTo(200);
        }
        for (int user = 0; user < 60; user++) {
            assertThat(api(stack.tokens().mint("obs-user-" + user, "api"), null, "/api/id").status()).isEqualTo(200);
        }
        assertThat(api(null, null, "/api/id").status()).isEqualTo(401);
        assertThat(api(stack.tokens().mint("obs-reader", "read"), null, "/api/id").status()).isEqualTo(403);
        // 100 requests from one subject, 8 at a time: far past 20 a second and the burst of 40, so some get 429, yet
        // within the service's capacity (at its floor the limiter still admits 17 default requests at once), so a
        // healthy stack sheds none. More at once is an overload, and shedding it is right.
        HttpRequest greedy = Http.request(stack.gateway().url("/api/id"))
                .header("Authorization", "Bearer " + stack.tokens().mint("obs-greedy", "api")).GET().build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Callable<Integer> send = () -> client.send(greedy, HttpResponse.BodyHandlers.discarding()).statusCode();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            await("a burst is rate limited").atMost(Duration.ofSeconds(60)).until(() -> senders
                    .invokeAll(Collections.nCopies(100, send)).stream().map(ObservabilityIT::join)
                    .collect(Collectors.toSet()).contains(429));
        }
        finally {
            senders.shutdownNow();
        }
    }

    private boolean hasValue(String expr) {
        JsonNode data = prometheus.query(expr);
        JsonNode result = data.get("result");
        if ("scalar".equals(data.get("resultType").asString())) {
            return !"NaN".equals(result.get(1).asString());
        }
        for (JsonNode series : result) {
            if (!"NaN".equals(series.get("value").get(1).asString())) {
                return true;
            }
        }
        return false;
    }

    private void awaitFiring(String alert, String label, String value) {
        String expr = AlertRules.alerts().stream().filter(rule -> rule.name().equals(alert)).findFirst()
                .orElseThrow().expr();
        await(alert + " fires for " + label + "=" + value).atMost(FIRES).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(firing(alert)).as("%s now: %s; its expression now: %s", alert,
                        prometheus.firingAlerts(), prometheus.query(expr)).anyMatch(a -> value.equals(
                                a.get("labels").path(label).asString())));
    }

    private List<JsonNode> firing(String alert) {
        return prometheus.firingAlerts().stream()
                .filter(a -> alert.equals(a.get("labels").get("alertname").asString())).toList();
    }

    /**
     * What the alert expects: the UP instances of each application in the registry now, and {@code moreBackends}
     * sample-backends about to start.
     */
    private Map<String, Integer> expectedInstances(int moreBackends) {
        Eureka eureka = stack.eureka();
        Map<String, Integer> expected = new HashMap<>();
        for (String app : List.of("SAMPLE-BACKEND", "EDGE-GATEWAY")) {
            expected.put(app, (int) eureka.instances(app).stream().filter(i -> "UP".equals(i.status())).count());
        }
        expected.merge("SAMPLE-BACKEND", moreBackends, Integer::sum);
        return expected;
    }

    private void awaitRegistered(String app, int port) {
        await(app + " on " + port + " registered UP").atMost(Duration.ofSeconds(60))
                .until(() -> stack.eureka().instanceOnPort(app, port).filter(i -> "UP".equals(i.status()))
                        .isPresent());
    }

    private void awaitGatewayRuns(String commit) {
        await("the gateway runs " + commit).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> revisionOfGateway().contains("\"commit\":\"" + commit));
    }

    private String revisionOfGateway() {
        return Http.send("GET", stack.gateway().managementUrl("/actuator/configrevision"), null, Stack.OPERATOR,
                Stack.OPERATOR_PASSWORD).body();
    }

    private Http.Response api(String token, String version, String path) {
        return Http.send(apiBuilder(token, version, path));
    }

    private HttpRequest apiRequest(String token, String version, String path) {
        return apiBuilder(token, version, path).build();
    }

    private HttpRequest.Builder apiBuilder(String token, String version, String path) {
        var request = Http.request(stack.gateway().url(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (version != null) {
            request.header("X-Canary-Version", version);
        }
        return request;
    }

    private static Set<String> instancesOf(List<JsonNode> targets, String job) {
        return targets.stream().filter(t -> job.equals(t.get("labels").get("job").asString()))
                .map(t -> t.get("labels").get("instance").asString()).collect(Collectors.toSet());
    }

    private static String target(ServiceProcess process) {
        return "127.0.0.1:" + process.managementPort();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static int join(Future<Integer> status) {
        try {
            return status.get();
        }
        catch (InterruptedException | ExecutionException ex) {
            throw new IllegalStateException("a request of the burst failed", ex);
        }
    }
}
