package io.edgeway.lbadapter.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A real redis-server (Debian's package; .ci/install-test-deps.sh installs it) on a free loopback port, stopped by PID. */
public final class RedisServer implements AutoCloseable {

    private final int port = freePort();

    private Process process;

    public RedisServer() {
        start();
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() {
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("redis-server is missing: run .ci/install-test-deps.sh");
        }
        try {
            process = new ProcessBuilder(List.of(binary.toString(), "--port", Integer.toString(port), "--bind",
                    "127.0.0.1", "--save", "", "--appendonly", "no")).redirectErrorStream(true)
                    .redirectOutput(new File("target/redis-" + port + ".log")).start();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("redis-server listening").atMost(Duration.ofSeconds(20)).until(this::listening);
    }

    /** Stops it by its PID (SIGTERM) and waits for it to exit. */
    public void stop() {
        stopAndWait(process, false);
    }

    /** Signals one child process by its PID (SIGKILL when {@code kill}, else SIGTERM) and waits for its exit. */
    static void stopAndWait(Process child, boolean kill) {
        if (kill) {
            child.destroyForcibly();
        }
        else {
            child.destroy();
        }
        try {
            child.waitFor(20, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }
}
