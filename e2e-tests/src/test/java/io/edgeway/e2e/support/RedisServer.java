package io.edgeway.e2e.support;

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

/** A real redis-server (Debian's package; ./test.sh installs it) on a loopback port, stopped by its PID. */
public final class RedisServer implements AutoCloseable {

    private final int port;

    private Process process;

    public RedisServer() {
        this.port = ServiceProcess.freePort();
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() {
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("redis-server is missing: run ./test.sh, which installs it");
        }
        try {
            process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                    .redirectOutput(Stack.logDir().resolve("redis-" + port + ".log").toFile()).start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        await("redis-server listening").atMost(Duration.ofSeconds(20)).until(this::listening);
    }

    public void stop() {
        process.destroy();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
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

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
