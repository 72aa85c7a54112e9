package io.edgeway.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.edgeway.testsupport.JvmOptions;
import io.edgeway.testsupport.Processes;

import static org.awaitility.Awaitility.await;

/**
 * One packaged service started as a real JVM process on a loopback port, with its actuator on a management port of
 * its own ({@code MANAGEMENT_PORT}), stopped by its PID.
 */
public final class ServiceProcess {

    private final String module;

    private final String name;

    private final Map<String, String> env;

    private final List<String> args;

    private final String host;

    private final int port;

    private final int managementPort;

    private final Process process;

    private final Path log;

    private ServiceProcess(String module, String name, Map<String, String> env, List<String> args, String host,
            int port, int managementPort, Process process, Path log) {
        this.module = module;
        this.env = env;
        this.args = args;
        this.name = name;
        this.host = host;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code <root>/<module>/target/<module>.jar} with the given environment and arguments; it listens on
     * 127.0.0.1 unless the arguments give another {@code --server.address}. It runs with the demo profile, which
     * accepts the repository's demo secrets, unless the environment gives {@code SPRING_PROFILES_INCLUDE}. Its
     * actuator listens on a free port, or on the environment's {@code MANAGEMENT_PORT}.
     */
    public static ServiceProcess start(String module, String name, int port, Map<String, String> env,
            List<String> args) {
        int managementPort = env.containsKey("MANAGEMENT_PORT") ? Integer.parseInt(env.get("MANAGEMENT_PORT"))
                : freePort();
        return start(module, name, port, managementPort, env, args);
    }

    private static ServiceProcess start(String module, String name, int port, int managementPort,
            Map<String, String> env, List<String> args) {
        Path jar = Stack.root().resolve(module).resolve("target").resolve(module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package (or verify) first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions(module));
        command.add("-jar");
        command.add(jar.toString());
        String host = args.stream().filter(a -> a.startsWith("--server.address=")).findFirst()
                .map(a -> a.substring("--server.address=".length())).orElse("127.0.0.1");
        command.add("--server.address=" + host);
        command.addAll(args.stream().filter(a -> !a.startsWith("--server.address=")).toList());
        Path log = Stack.logDir().resolve(name + "-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("SPRING_PROFILES_INCLUDE", "demo");
        builder.environment().putAll(env);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("MANAGEMENT_PORT", Integer.toString(managementPort));
        try {
            return new ServiceProcess(module, name, env, args, host, port, managementPort, builder.start(), log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The JVM options a service starts with: those it ships with (as run.sh gives them) and a 256 MB heap. */
    public static List<String> jvmOptions(String module) {
        List<String> options = new ArrayList<>(JvmOptions.of(Stack.root(), module));
        options.add("-Xmx256m");
        return options;
    }

    /** The same service again, on the same ports, with the same environment and arguments (after a stop). */
    public ServiceProcess restart() {
        if (process.isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        return start(module, name, port, managementPort, env, args);
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public int managementPort() {
        return managementPort;
    }

    public String url(String path) {
        return "http://" + host + ":" + port + path;
    }

    /** A URL on the management port, where the actuator is: {@code managementUrl("/actuator/health")}. */
    public String managementUrl(String path) {
        return "http://" + host + ":" + managementPort + path;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until {@code /actuator/health} (on the management port) answers UP; fails at once if the process exits. */
    public ServiceProcess awaitHealthy(Duration timeout) {
        await(name + " healthy on port " + port).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue()
                                + "; last log lines:\n" + tail(40));
                    }
                    Http.Response health = Http.get(managementUrl("/actuator/health"));
                    return health.status() == 200 && health.body().contains("\"UP\"");
                });
        return this;
    }

    /** SIGTERM, as an orchestrator stops a service; waits for the exit. */
    public int stopGracefully(Duration timeout) {
        process.destroy();
        return awaitExit(timeout);
    }

    /** SIGKILL: the process gets no chance to deregister or finish anything. */
    public void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    private int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(name + " did not exit within " + timeout);
            }
            return process.exitValue();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Stops the process whatever state it is in; for clean-up. */
    public void close() {
        Processes.stop(process, Duration.ofSeconds(30));
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        }
        catch (IOException ex) {
            return "(no log: " + ex.getMessage() + ")";
        }
    }

    public String logText() {
        try {
            return Files.readString(log);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + pid() + ", port " + port + "]";
    }
}
