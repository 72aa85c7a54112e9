package io.edgeway.gateway.revision;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The config server as the gateway sees it, on a loopback port: the published commit
 * ({@code GET /revisions/current}), its stream of server-sent events ({@code GET /revisions/stream}) and the config
 * of an application at a commit ({@code GET /{application}/{profiles}[/{label}]}, as Spring Cloud Config answers it).
 * Commits are whatever the test adds; it records every request path.
 */
final class StubConfigServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final Map<String, ServedConfig> commits = new ConcurrentHashMap<>();

    private final List<HttpExchange> streams = new CopyOnWriteArrayList<>();

    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private volatile String published;

    /** The traceparent given with each commit published with one, as the config server names its publication. */
    private final Map<String, String> traceparents = new ConcurrentHashMap<>();

    private volatile boolean checksFail;

    StubConfigServer() {
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

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Makes the config at this commit available, without publishing it. */
    StubConfigServer add(ServedConfig config) {
        commits.put(config.version(), config);
        return this;
    }

    /** Serves {@code config} under another label: a server that answers the wrong commit. */
    StubConfigServer addUnder(String label, ServedConfig config) {
        commits.put(label, config);
        return this;
    }

    /** Publishes the commit: it becomes the current one and goes out on every open stream. */
    synchronized void publish(String commit) {
        publish(commit, null);
    }

    /** Publishes the commit with the W3C traceparent of its publication (null for none). */
    synchronized void publish(String commit, String traceparent) {
        if (traceparent != null) {
            traceparents.put(commit, traceparent);
        }
        published = commit;
        for (HttpExchange stream : streams) {
            try {
                sendEvent(stream, commit, traceparents.get(commit));
            }
            catch (IOException ex) {
                streams.remove(stream);
            }
        }
    }

    /** Answers every periodic check with 503, so that only the stream can bring a commit. */
    StubConfigServer failChecks() {
        checksFail = true;
        return this;
    }

    /** Answers periodic checks again, after {@link #failChecks()}. */
    StubConfigServer answerChecks() {
        checksFail = false;
        return this;
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

    /** The paths of every request so far, oldest first. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    long requestsTo(String path) {
        return requests.stream().filter(path::equals).count();
    }

    long fetchesOf(String commit) {
        return requests.stream().filter(path -> path.endsWith("/" + commit)).count();
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    @Override
    public void close() {
        dropStreams();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(path);
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            authorizations.add(authorization);
        }
        if (path.equals("/revisions/stream")) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            synchronized (this) {
                if (published != null) {
                    sendEvent(exchange, published, traceparents.get(published));
                }
                streams.add(exchange);
            }
            return;
        }
        if (path.equals("/revisions/current") && checksFail) {
            respond(exchange, 503, "{\"error\":\"Service Unavailable\"}");
            return;
        }
        if (path.equals("/revisions/current")) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("published", published == null ? null : revision(published));
            view.put("latest", published == null ? null : revision(published));
            view.put("rejected", List.of());
            respond(exchange, 200, JSON.writeValueAsString(view));
            return;
        }
        String[] parts = path.substring(1).split("/");
        String label = parts.length == 3 ? parts[2] : parts.length == 2 ? published : null;
        ServedConfig config = label == null ? null : commits.get(label);
        if (config == null) {
            respond(exchange, 404, "{\"error\":\"Not Found\",\"path\":\"" + path + "\"}");
            return;
        }
        respond(exchange, 200, JSON.writeValueAsString(environment(parts[0], parts[1], label, config)));
    }

    /** As Spring Cloud Config's {@code Environment} is serialised, with the fields the gateway does not read. */
    private static Map<String, Object> environment(String application, String profiles, String label,
            ServedConfig config) {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("name", application);
        environment.put("profiles", List.of(profiles.split(",")));
        environment.put("label", label);
        environment.put("version", config.version());
        environment.put("state", "");
        environment.put("propertySources", config.propertySources());
        return environment;
    }

    private Map<String, Object> revision(String commit) {
        Map<String, Object> revision = new LinkedHashMap<>(
                Map.of("commit", commit, "checkedAt", "2026-01-01T00:00:00Z", "problems", List.of()));
        if (traceparents.containsKey(commit)) {
            revision.put("traceparent", traceparents.get(commit));
        }
        return revision;
    }

    private static void sendEvent(HttpExchange stream, String commit, String traceparent) throws IOException {
        OutputStream body = stream.getResponseBody();
        String traced = traceparent == null ? "" : ",\"traceparent\":\"" + traceparent + "\"";
        synchronized (stream) {
            body.write(("event:revision\nid:" + commit + "\ndata:{\"commit\":\"" + commit + "\"" + traced + "}\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.flush();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }
}
