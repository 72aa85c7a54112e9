package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The edge stack the end-to-end tests share: a config server over a real git repository, a Eureka server, two
 * sample-backend instances and the gateway, started once per test JVM and stopped (by PID) when it exits.
 * Tests that kill or stop an instance start one of their own with {@link #startBackend}; tests that stop a config
 * server start their own with {@link #startConfigServer}, over a repository of their own, and gateways that take
 * their config from it with {@link #startGateway(String, ServiceProcess)}.
 */
public final class Stack {

    /** The registry's credentials (README, "Registry roles"): each client sends its own, outside the URL. */
    public static final String EUREKA_SAMPLE_BACKEND_PASSWORD = "e2e-eureka-sample-backend-secret";

    public static final String EUREKA_EDGE_GATEWAY_PASSWORD = "e2e-eureka-edge-gateway-secret";

    public static final String EUREKA_READER_PASSWORD = "e2e-eureka-reader-secret";

    public static final String EUREKA_OPERATOR_PASSWORD = "e2e-eureka-operator-secret";

    public static final String EUREKA_PEER_PASSWORD = "e2e-eureka-peer-secret";

    public static final String EUREKA_DASHBOARD_PASSWORD = "e2e-eureka-dashboard-secret";

    public static final String CONFIG_PASSWORD = "e2e-config-secret";

    public static final String OPERATOR = "operator";

    public static final String OPERATOR_PASSWORD = "e2e-operator-secret";

    /** Set empty: the service runs without the demo profile (all its secrets are the e2e ones, none a demo one). */
    public static final String NO_DEMO_PROFILE = "SPRING_PROFILES_INCLUDE";

    public static final String WEBHOOK_SECRET = "e2e-webhook-secret";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private static Stack shared;

    private final List<ServiceProcess> processes = new CopyOnWriteArrayList<>();

    private final ConfigGitRepo configRepo = ConfigGitRepo.seededFromProject();

    private ServiceProcess configServer;

    private ServiceProcess discoveryServer;

    private ServiceProcess gateway;

    private final List<ServiceProcess> backends = new ArrayList<>();

    private DemoTokens tokens;

    private Stack() {
    }

    /** The shared stack, started on first use. */
    public static synchronized Stack shared() {
        if (shared == null) {
            Stack stack = new Stack();
            Runtime.getRuntime().addShutdownHook(new Thread(stack::stopAll, "e2e-stack-shutdown"));
            stack.start();
            shared = stack;
        }
        return shared;
    }

    public static Path root() {
        return Path.of(System.getProperty("edgeway.root", "..")).toAbsolutePath().normalize();
    }

    public static Path logDir() {
        Path dir = root().resolve("e2e-tests/target/e2e-logs");
        try {
            return Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void start() {
        configServer = startConfigServer("config-server", configRepo);
        discoveryServer = track(ServiceProcess.start("discovery-server", "discovery-server",
                ServiceProcess.freePort(), discoveryEnv(), List.of()));
        configServer.awaitHealthy(START_TIMEOUT);
        discoveryServer.awaitHealthy(START_TIMEOUT);
        backends.add(startBackend("v1", List.of()));
        backends.add(startBackend("v2", List.of()));
        // As run.sh does: the demo token issuer's key pair, whose public half every gateway trusts.
        tokens = DemoTokens.init(logDir().resolveSibling("e2e-demo-jwt"));
        gateway = startGateway();
        backends.forEach(b -> b.awaitHealthy(START_TIMEOUT));
        gateway.awaitHealthy(START_TIMEOUT);
    }

    /** Starts one more gateway (not yet healthy), keeping its last applied config in the test's log folder. */
    public ServiceProcess startGateway() {
        return startGateway("edge-gateway", configServer);
    }

    /**
     * Starts one more gateway (not yet healthy) named {@code name} in the logs, that takes its config from
     * {@code server} (for a test that stops its own config server) and registers with this stack's Eureka.
     */
    public ServiceProcess startGateway(String name, ServiceProcess server) {
        return startGateway(name, server, Map.of());
    }

    /** Starts one more gateway as {@link #startGateway(String, ServiceProcess)} does, with environment overrides. */
    public ServiceProcess startGateway(String name, ServiceProcess server, Map<String, String> envOverrides) {
        int port = ServiceProcess.freePort();
        List<String> args = new ArrayList<>(clientArgs());
        args.add("--edgeway.gateway.config-push.cache-file=" + logDir().resolve(name + "-" + port + "-config.json"));
        args.add("--edgeway.gateway.canary.rollout-weights-file=" + rolloutWeightsFile(name, port));
        // Every test client comes from 127.0.0.1: the shipped per-address limit of public routes (20/s) would refuse
        // the traffic loops that play many clients. Public routes keep their other default, best-effort shedding.
        args.add("--edgeway.gateway.public-routes.rate-limit.requests=1000000");
        args.add("--edgeway.gateway.public-routes.rate-limit.burst=1000000");
        Map<String, String> env = new HashMap<>(clientEnv());
        env.put("CONFIG_SERVER_URL", server.url(""));
        env.put("EDGEWAY_JWT_PUBLIC_KEYS", tokens.publicKeyLocation());
        env.putAll(envOverrides);
        return track(ServiceProcess.start("edge-gateway", name, port, env, args));
    }

    /** Where a gateway started by this stack keeps the rollout controller's last weights. */
    public static Path rolloutWeightsFile(ServiceProcess gateway) {
        return rolloutWeightsFile(gateway.name(), gateway.port());
    }

    private static Path rolloutWeightsFile(String name, int port) {
        return logDir().resolve(name + "-" + port + "-rollout-weights.json");
    }

    /** Starts a config server (not yet healthy) over {@code repo}'s main branch, named {@code name} in the logs. */
    public ServiceProcess startConfigServer(String name, ConfigGitRepo repo) {
        return startConfigServer(name, repo, Map.of());
    }

    /** Starts a config server as {@link #startConfigServer(String, ConfigGitRepo)} does, with environment overrides. */
    public ServiceProcess startConfigServer(String name, ConfigGitRepo repo, Map<String, String> envOverrides) {
        Map<String, String> env = new HashMap<>(configServerEnv(repo));
        env.putAll(envOverrides);
        return track(ServiceProcess.start("config-server", name, ServiceProcess.freePort(), env, List.of()));
    }

    /** What a config server gets to serve {@code repo}'s main branch (files at the top), as run.sh gives it. */
    public static Map<String, String> configServerEnv(ConfigGitRepo repo) {
        return Map.of("CONFIG_GIT_URI", repo.uri(), "CONFIG_GIT_SEARCH_PATHS", "", "CONFIG_GIT_LABEL", "main",
                "CONFIG_SERVER_PASSWORD", CONFIG_PASSWORD, "CONFIG_WEBHOOK_SECRET", WEBHOOK_SECRET);
    }

    /** Starts one more sample-backend instance (not yet healthy) with extra arguments. */
    public ServiceProcess startBackend(String version, List<String> extraArgs) {
        return startBackend(version, Map.of(), extraArgs);
    }

    /** Starts one more sample-backend instance, with environment overrides (for example another EUREKA_URL). */
    public ServiceProcess startBackend(String version, Map<String, String> envOverrides, List<String> extraArgs) {
        Map<String, String> env = new HashMap<>(clientEnv());
        env.putAll(envOverrides);
        env.put("INSTANCE_VERSION", version);
        // Drain and failover tests hold requests open with /id?delayMs=, which only the delay hook honours.
        env.put("BACKEND_DELAY_HOOK", "true");
        List<String> args = new ArrayList<>(clientArgs());
        args.addAll(extraArgs);
        return track(ServiceProcess.start("sample-backend", "sample-backend-" + version, ServiceProcess.freePort(),
                env, args));
    }

    /**
     * What every config and Eureka client of this stack gets, as run.sh gives it, with secrets of its own: no demo
     * profile.
     */
    public Map<String, String> clientEnv() {
        return clientEnv(configServer, discoveryServer);
    }

    /** What a config and Eureka client of these two servers gets, as run.sh gives it. */
    public static Map<String, String> clientEnv(ServiceProcess configServer, ServiceProcess discoveryServer) {
        return Map.of("CONFIG_SERVER_URL", configServer.url(""), "CONFIG_SERVER_PASSWORD", CONFIG_PASSWORD,
                "EUREKA_URL", eurekaUrl(discoveryServer), "OPERATOR_PASSWORD", OPERATOR_PASSWORD,
                "EUREKA_SAMPLE_BACKEND_PASSWORD", EUREKA_SAMPLE_BACKEND_PASSWORD,
                "EUREKA_EDGE_GATEWAY_PASSWORD", EUREKA_EDGE_GATEWAY_PASSWORD,
                "EUREKA_READER_PASSWORD", EUREKA_READER_PASSWORD, NO_DEMO_PROFILE, "");
    }

    /** What a discovery server of this stack gets: every credential of the registry, none a demo one. */
    public static Map<String, String> discoveryEnv() {
        return Map.of("EUREKA_SAMPLE_BACKEND_PASSWORD", EUREKA_SAMPLE_BACKEND_PASSWORD,
                "EUREKA_EDGE_GATEWAY_PASSWORD", EUREKA_EDGE_GATEWAY_PASSWORD,
                "EUREKA_READER_PASSWORD", EUREKA_READER_PASSWORD, "EUREKA_OPERATOR_PASSWORD", EUREKA_OPERATOR_PASSWORD,
                "EUREKA_PEER_PASSWORD", EUREKA_PEER_PASSWORD, "EUREKA_DASHBOARD_PASSWORD", EUREKA_DASHBOARD_PASSWORD,
                NO_DEMO_PROFILE, "");
    }

    public static List<String> clientArgs() {
        return List.of("--eureka.instance.ip-address=127.0.0.1", "--eureka.instance.hostname=127.0.0.1");
    }

    /** The registry's URL as clients get it: no credentials in it. */
    public static String eurekaUrl(ServiceProcess discovery) {
        return discovery.url("/eureka/");
    }

    /** A node's URL as a node of a cluster lists its peers in EUREKA_PEERS: no credentials in it either. */
    public static String peerUrl(String host, int port) {
        return "http://" + host + ":" + port + "/eureka/";
    }

    public ServiceProcess track(ServiceProcess process) {
        processes.add(process);
        return process;
    }

    public ConfigGitRepo configRepo() {
        return configRepo;
    }

    public ServiceProcess configServer() {
        return configServer;
    }

    public ServiceProcess discoveryServer() {
        return discoveryServer;
    }

    public ServiceProcess gateway() {
        return gateway;
    }

    /** The two instances started with the stack (v1, v2); never stopped by a test. */
    public List<ServiceProcess> backends() {
        return List.copyOf(backends);
    }

    /** Bearer tokens the gateway accepts, as {@code ./run.sh token} makes them. */
    public DemoTokens tokens() {
        return tokens;
    }

    /** The registry as the reader sees it. */
    public Eureka eureka() {
        return Eureka.reader(discoveryServer);
    }

    private void stopAll() {
        List<ServiceProcess> reversed = new ArrayList<>(processes);
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().forEach(ServiceProcess::close);
    }
}
