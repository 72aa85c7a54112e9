package io.edgeway.gateway.pool;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 backend on a loopback port that keeps connections alive for {@code keepAlive}, counts the connections
 * it holds, and closes a connection whose idle time has run out exactly when the next request arrives on it: the
 * race of a backend closing an idle connection just as the gateway sends on it, every time instead of rarely. Each
 * request is answered after {@code answerDelay}.
 */
final class KeepAliveBackend implements AutoCloseable {

    private final ServerSocket server;

    private final long keepAliveNanos;

    private final Duration answerDelay;

    private final AtomicInteger accepted = new AtomicInteger();

    private final AtomicInteger open = new AtomicInteger();

    private final AtomicInteger maxOpen = new AtomicInteger();

    private final AtomicInteger answered = new AtomicInteger();

    private final AtomicInteger closedOnArrival = new AtomicInteger();

    KeepAliveBackend(Duration keepAlive, Duration answerDelay) {
        this.keepAliveNanos = keepAlive.toNanos();
        this.answerDelay = answerDelay;
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        Thread acceptor = new Thread(this::accept, "keep-alive-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted since the start. */
    int accepted() {
        return accepted.get();
    }

    /** The most connections open at once. */
    int maxOpen() {
        return maxOpen.get();
    }

    int answered() {
        return answered.get();
    }

    /** Requests met by a close because their connection had been idle for the keep-alive timeout. */
    int closedOnArrival() {
        return closedOnArrival.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                Thread connection = new Thread(() -> serve(socket), "keep-alive-backend-connection");
                connection.setDaemon(true);
                connection.start();
            }
            catch (IOException ex) {
                // closed by the test
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            long idleSince = System.nanoTime();
            int first;
            while ((first = in.read()) != -1) {
                if (System.nanoTime() - idleSince >= keepAliveNanos) {
                    closedOnArrival.incrementAndGet();
                    return;
                }
                int contentLength = readHeaders(first, in);
                in.readNBytes(contentLength);
                if (!answerDelay.isZero()) {
                    Thread.sleep(answerDelay.toMillis());
                }
                byte[] body = "{\"instanceId\":\"keep-alive\"}".getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nKeep-Alive: timeout=" + Duration.ofNanos(keepAliveNanos).toSeconds() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                answered.incrementAndGet();
                idleSince = System.nanoTime();
            }
        }
        catch (IOException | InterruptedException ex) {
            // the gateway closed the connection, or the test stopped
        }
        finally {
            open.decrementAndGet();
        }
    }

    /** Reads the request line and headers (the first byte already read) and returns the Content-Length. */
    private static int readHeaders(int first, InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(first);
        byte[] end = { '\r', '\n', '\r', '\n' };
        int matched = first == '\r' ? 1 : 0;
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
