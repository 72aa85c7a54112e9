package io.edgeway.lbadapter.revision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The config server's revision endpoints on a loopback port, as the adapter sees them: the published commit
 * ({@code GET /revisions/current}) and its server-sent events ({@code GET /revisions/stream}, the current commit first,
 * as {@code RevisionController} sends them). Records the Authorization header of every request.
 */
final class StubRevisionServer implements AutoCloseable {

    private final HttpServer server;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final List<HttpExchange> streams = new CopyOnWriteArrayList<>();

    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private volatile String published;

    private volatile boolean streamRefused;

    StubRevisionServer(String published) {
        this.published = published;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Publishes the commit: it becomes the current one and goes out on every open stream. */
    synchronized void publish(String commit) {
        published = commit;
        for (HttpExchange stream : streams) {
            try {
                sendEvent(stream, commit);
            }
            catch (IOException ex) {
                streams.remove(stream);
            }
        }
    }

    /** Answers every stream request with 503, so that only the periodic check can bring a commit. */
    void refuseStreams() {
        streamRefused = true;
    }

    /** Ends every open stream, as a config server going away does. */
    void dropStreams() {
        List<HttpExchange> open = new ArrayList<>(streams);
        streams.clear();
        open.forEach(HttpExchange::close);
    }

    int openStreams() {
        return streams.size();
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/revisions/stream") && !streamRefused) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            synchronized (this) {
                sendEvent(exchange, published);
                streams.add(exchange);
            }
            return;
        }
        if (path.equals("/revisions/current")) {
            byte[] body = ("{\"published\":{\"commit\":\"" + published + "\"},\"latest\":null,\"rejected\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
    }

    private static void sendEvent(HttpExchange stream, String commit) throws IOException {
        OutputStream body = stream.getResponseBody();
        body.write(("event:revision\nid:" + commit + "\ndata:{\"commit\":\"" + commit + "\"}\n\n")
                .getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    @Override
    public void close() {
        dropStreams();
        server.stop(0);
        threads.shutdownNow();
    }
}
