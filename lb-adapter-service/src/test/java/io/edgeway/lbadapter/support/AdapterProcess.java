package io.edgeway.lbadapter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.edgeway.lbadapter.LbAdapterApplication;
import io.edgeway.testsupport.JvmOptions;
import io.edgeway.testsupport.LoopbackPorts;

/** The adapter in a JVM of its own (this test run's class path), so that a test can kill it with SIGKILL. */
public final class AdapterProcess implements AutoCloseable {

    private final Process process;

    private final int managementPort;

    private AdapterProcess(Process process, int managementPort) {
        this.process = process;
        this.managementPort = managementPort;
    }

    /** Starts the adapter with these properties (as {@code --key=value}) on a free port; logs go to {@code log}. */
    public static AdapterProcess start(Map<String, String> properties, Path log) {
        int port = LoopbackPorts.free();
        int managementPort = LoopbackPorts.free();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        // As run.sh starts it (README, "JVM options"); the tests run in the module's directory.
        command.addAll(JvmOptions.of(Path.of("").toAbsolutePath().getParent(), "lb-adapter-service"));
        command.add("-Xmx256m");
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                LbAdapterApplication.class.getName(), "--server.port=" + port,
                "--server.address=127.0.0.1", "--management.server.port=" + managementPort));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            return new AdapterProcess(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start(), managementPort);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of {@code GET /actuator/info} on the management port, or empty while it does not answer. */
    public String info() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/actuator/info")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        }
        catch (IOException e) {
            return "";
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** SIGKILL by PID, as {@code kill -9}: no shutdown hook, no lock released, no logout. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
