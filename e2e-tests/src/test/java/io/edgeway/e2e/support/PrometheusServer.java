package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.edgeway.testsupport.LoopbackPorts;
import io.edgeway.testsupport.Processes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's package; ./test.sh installs it) on a free loopback port, with a data directory of its
 * own under the test's folder, started when created and stopped by its own process handle (PID). The package's
 * system service, if the machine runs one, is neither used nor touched.
 */
public final class PrometheusServer implements AutoCloseable {

    /** Where Debian installs the server; the sibling {@code promtool} checks rule and config files. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;

    private final Process process;

    private final Path log;

    /**
     * Starts Prometheus on {@code port} (from {@link #freePort()}, so that its config can name it) with
     * {@code configFile}, keeping its data and log under {@code dir}, and waits until it is ready.
     */
    public PrometheusServer(int port, Path configFile, Path dir) {
        this.port = port;
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("prometheus is missing: run ./test.sh, which installs Debian's package");
        }
        try {
            Path data = Files.createDirectories(dir.resolve("data-" + port));
            log = dir.resolve("prometheus-" + port + ".log");
            process = new ProcessBuilder(List.of(BINARY.toString(), "--config.file=" + configFile,
                    "--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=2h",
                    "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle"))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        await("prometheus ready on " + port).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("prometheus exited: " + tail());
                    }
                    return Http.get(url("/-/ready")).status() == 200;
                });
    }

    public static int freePort() {
        return LoopbackPorts.free();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public long pid() {
        return process.pid();
    }

    /** The result of an instant query now: the {@code data} object ({@code resultType}, {@code result}). */
    public JsonNode query(String expr) {
        return api("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    /** The series (vector) or points (scalar) an instant query returns now; empty when it selects nothing. */
    public int resultSize(String expr) {
        JsonNode data = query(expr);
        JsonNode result = data.get("result");
        return "scalar".equals(data.get("resultType").asString()) ? 1 : result.size();
    }

    /** Every scrape target with its health ({@code up}, {@code down}, {@code unknown}). */
    public List<JsonNode> targets() {
        List<JsonNode> targets = new ArrayList<>();
        api("/api/v1/targets?state=active").get("activeTargets").forEach(targets::add);
        return targets;
    }

    /** Every rule of every group as Prometheus evaluates it, with its {@code health} and {@code lastError}. */
    public List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        api("/api/v1/rules").get("groups").forEach(group -> group.get("rules").forEach(rules::add));
        return rules;
    }

    /** The alerts firing now (state {@code firing}; pending ones are left out). */
    public List<JsonNode> firingAlerts() {
        List<JsonNode> firing = new ArrayList<>();
        api("/api/v1/alerts").get("alerts").forEach(alert -> {
            if ("firing".equals(alert.get("state").asString())) {
                firing.add(alert);
            }
        });
        return firing;
    }

    private JsonNode api(String pathAndQuery) {
        Http.Response response = Http.get(url(pathAndQuery));
        if (response.status() != 200) {
            throw new IllegalStateException("prometheus " + pathAndQuery + " -> " + response.status() + " "
                    + response.body());
        }
        return JSON.readTree(response.body()).get("data");
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    /** SIGTERM to its PID (SIGKILL if it does not exit), and waits for the exit. */
    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(20));
    }
}
