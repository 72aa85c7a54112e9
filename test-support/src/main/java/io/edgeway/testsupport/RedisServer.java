package io.edgeway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real redis-server (Debian's package; ./test.sh installs it) on a free loopback port, started when created and
 * stopped by its own process handle (PID). {@link #stop()} and {@link #start()} again keep the port, so clients
 * reconnect to the same address.
 */
public final class RedisServer implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port = LoopbackPorts.free();

    private final Path logDir;

    private Process process;

    /** Logs to {@code target/}. */
    public RedisServer() {
        this(Path.of("target"));
    }

    public RedisServer(Path logDir) {
        this.logDir = logDir;
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server (again) on its port and waits until it accepts connections. */
    public void start() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("redis-server is missing: run ./test.sh, which installs it");
        }
        try {
            Files.createDirectories(logDir);
            process = new ProcessBuilder(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve("redis-" + port + ".log").toFile()))
                    .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        await("redis-server listening").atMost(Duration.ofSeconds(20)).until(this::listening);
    }

    /** Stops the server (SIGTERM to its PID, SIGKILL if it does not exit) and waits until it has exited. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
