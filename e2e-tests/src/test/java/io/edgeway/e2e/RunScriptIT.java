package io.edgeway.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.edgeway.e2e.support.ConfigGitRepo;
import io.edgeway.e2e.support.GatewayRoutes;
import io.edgeway.e2e.support.Http;
import io.edgeway.e2e.support.RunDir;
import io.edgeway.e2e.support.Stack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's one command: ./run.sh starts the whole stack, and SIGTERM stops every process it started. */
class RunScriptIT {

    private static final List<Integer> PORTS = List.of(8888, 8761, 8081, 8082, 8083, 8070, 8080, 9443, 9080);

    /** One process per port, except the emulated devices: one process serves both 9443 (F5) and 9080 (NetScaler). */
    private static final int PROCESSES = PORTS.size() - 1;

    /** The actuators' ports: each Spring service's traffic port + 10000. */
    private static final List<Integer> MANAGEMENT_PORTS = List.of(18888, 18761, 18081, 18082, 18083, 18070, 18080);

    private static final String OWN_OPERATOR_PASSWORD = "run-sh-operator-secret";

    @Test
    void failsFastWhenAPortIsTaken() throws Exception {
        assertThat(PORTS).as("the stack's default ports are free").noneMatch(RunDir::inUse);
        try (ServerSocket taken = new ServerSocket(8888, 50, InetAddress.getByName("127.0.0.1"))) {
            Process run = new ProcessBuilder("bash", Stack.root().resolve("run.sh").toString()).redirectErrorStream(true)
                    .start();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("exited at once").isTrue();
            String output = new String(run.getInputStream().readAllBytes());
            assertThat(run.exitValue()).isNotZero();
            assertThat(output).contains("port 8888").contains("already in use");
        }
    }

    @Test
    void failsFastWhenAManagementPortIsTaken() throws Exception {
        assertThat(MANAGEMENT_PORTS).as("the stack's management ports are free").noneMatch(RunDir::inUse);
        try (ServerSocket taken = new ServerSocket(18080, 50, InetAddress.getByName("127.0.0.1"))) {
            Process run = new ProcessBuilder("bash", Stack.root().resolve("run.sh").toString()).redirectErrorStream(true)
                    .start();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("exited at once").isTrue();
            String output = new String(run.getInputStream().readAllBytes());
            assertThat(run.exitValue()).isNotZero();
            assertThat(output).contains("port 18080").contains("already in use");
        }
    }

    @Test
    void eurekaClusterFailsFastWhenANodesPortIsTaken() throws Exception {
        assertThat(PORTS).as("the stack's default ports are free").noneMatch(RunDir::inUse);
        // Node 3 of --eureka-nodes 3 listens on 127.0.0.3:8763.
        try (ServerSocket taken = new ServerSocket(8763, 50, InetAddress.getByName("127.0.0.3"))) {
            Process run = new ProcessBuilder("bash", Stack.root().resolve("run.sh").toString(), "--eureka-nodes", "3")
                    .redirectErrorStream(true).start();
            assertThat(run.waitFor(30, TimeUnit.SECONDS)).as("exited at once").isTrue();
            String output = new String(run.getInputStream().readAllBytes());
            assertThat(run.exitValue()).isNotZero();
            assertThat(output).contains("port 8763 on 127.0.0.3").contains("already in use");
        }
    }

    @Test
    void startsTheWholeStackAndStopsEveryProcessOnSigterm() throws Exception {
        assertThat(PORTS).as("the stack's default ports are free").noneMatch(RunDir::inUse);
        assertThat(MANAGEMENT_PORTS).as("the stack's management ports are free").noneMatch(RunDir::inUse);
        Path output = Stack.logDir().resolve("run-sh.out");
        ProcessBuilder builder = new ProcessBuilder("bash", Stack.root().resolve("run.sh").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("EDGEWAY_LOG_DIR", Stack.logDir().resolve("run-sh").toString());
        // One secret of the user's own: run.sh never prints it; the others are demo ones, printed, under the demo profile.
        builder.environment().put("OPERATOR_PASSWORD", OWN_OPERATOR_PASSWORD);
        builder.environment().keySet().removeAll(List.of("CONFIG_SERVER_PASSWORD", "CONFIG_WEBHOOK_SECRET",
                "EUREKA_SAMPLE_BACKEND_PASSWORD", "EUREKA_EDGE_GATEWAY_PASSWORD", "EUREKA_READER_PASSWORD",
                "EUREKA_OPERATOR_PASSWORD", "EUREKA_PEER_PASSWORD", "EUREKA_DASHBOARD_PASSWORD",
                "LB_ADAPTER_VIEWER_PASSWORD", "SPRING_PROFILES_INCLUDE", "SPRING_PROFILES_ACTIVE"));
        Process run = builder.start();
        try {
            // 10 min: the gateway's C2 start-up (README, "JVM options") took it past 6 min twice on a loaded 2-core VM.
            await("run.sh reports the stack up").atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (!run.isAlive()) {
                            throw new IllegalStateException("run.sh exited: " + Files.readString(output));
                        }
                        return Files.readString(output).contains("edgeway is up");
                    });
            List<Long> children;
            try (Stream<Path> pidFiles = Files.list(Stack.root().resolve(".run"))) {
                children = pidFiles.filter(p -> p.toString().endsWith(".pid")).map(RunDir::readPid).toList();
            }
            assertThat(children).hasSize(PROCESSES);
            assertThat(commandLine(RunDir.readPid(Stack.root().resolve(".run/edge-gateway.pid"))))
                    .as("the gateway runs with the optimizing JIT (C2) and SerialGC")
                    .noneMatch(option -> option.startsWith("-XX:TieredStopAtLevel")).contains("-XX:+UseSerialGC");

            String printed = Files.readString(output);
            assertThat(printed).doesNotContain(OWN_OPERATOR_PASSWORD).contains("operator / (from $OPERATOR_PASSWORD)")
                    .contains("dashboard / demo-eureka-dashboard-secret")
                    .contains("Demo profile on: demo secrets for CONFIG_SERVER_PASSWORD CONFIG_WEBHOOK_SECRET "
                            + "EUREKA_SAMPLE_BACKEND_PASSWORD");
            assertThat(Http.send("POST", "http://127.0.0.1:18080/actuator/refresh", null, "operator",
                    OWN_OPERATOR_PASSWORD).status()).as("the user's own operator password is the one in force")
                    .isEqualTo(200);

            Http.Response hello = Http.get("http://127.0.0.1:8080/hello");
            assertThat(hello.status()).isEqualTo(200);
            assertThat(hello.body()).isEqualTo("Hello from edgeway");
            assertThat(Http.get("http://127.0.0.1:8080/hello/id").body()).contains("\"instanceId\"");

            run.destroy();
            assertThat(run.waitFor(90, TimeUnit.SECONDS)).as("run.sh exited after SIGTERM").isTrue();
            assertThat(children).noneMatch(RunDir::alive);
            assertThat(PORTS).as("no port left bound").noneMatch(RunDir::inUse);
            assertThat(MANAGEMENT_PORTS).as("no management port left bound").noneMatch(RunDir::inUse);
        }
        finally {
            if (run.isAlive()) {
                run.destroy();
                run.waitFor(90, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void configDiffPrintsTheChangeAndRefusesAnInvalidRevision() throws Exception {
        ConfigGitRepo repo = ConfigGitRepo.seededFromProject();
        String gateway = repo.read("edge-gateway.yml");
        String good = repo.commit("edge-gateway.yml", GatewayRoutes.withRoute(gateway, "pr-route", "/pr"), "Add a route");
        String bad = repo.commit("edge-gateway.yml",
                GatewayRoutes.withRoute(gateway, "pr-route", "lb://", "Path=/pr", "SetPath=/"), "Break its URI");

        Process valid = configDiff(repo, good + "~1", good);
        String validOutput = new String(valid.getInputStream().readAllBytes());
        assertThat(valid.waitFor()).as(validOutput).isZero();
        assertThat(validOutput).contains("+ route pr-route").contains("Path=/pr").endsWith("valid\n");

        Process invalid = configDiff(repo, good, bad);
        String invalidOutput = new String(invalid.getInputStream().readAllBytes());
        assertThat(invalid.waitFor()).isEqualTo(1);
        assertThat(invalidOutput).contains("INVALID").contains("route 'pr-route'").contains("lb://");
    }

    private static Process configDiff(ConfigGitRepo repo, String from, String to) throws IOException {
        return new ProcessBuilder("bash", Stack.root().resolve("run.sh").toString(), "config", "diff", "--repo",
                repo.uri(), "--path", "", from, to).redirectErrorStream(true).start();
    }

    private static List<String> commandLine(long pid) throws IOException {
        return List.of(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0"));
    }
}
