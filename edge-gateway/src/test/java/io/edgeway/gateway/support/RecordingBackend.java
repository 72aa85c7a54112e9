package io.edgeway.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP backend on a loopback port that records every request it receives and answers with its name and
 * the request path, like sample-backend's {@code /id}.
 */
public final class RecordingBackend implements AutoCloseable {

    /** One request as the backend saw it. */
    public record Received(String method, String path, Headers headers) {

        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;

    private final String name;

    private final List<Received> received = new CopyOnWriteArrayList<>();

    private volatile Function<Received, Integer> status = r -> 200;

    private volatile CountDownLatch gate = new CountDownLatch(0);

    private RecordingBackend(String name, javax.net.ssl.SSLContext tls) {
        this.name = name;
        try {
            if (tls == null) {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            }
            else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer
                        .create(new InetSocketAddress("127.0.0.1", 0), 0);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/", this::handle);
        server.start();
    }

    public static RecordingBackend start(String name) {
        return new RecordingBackend(name, null);
    }

    /** A backend that speaks HTTPS only, with the certificate of this TLS context; its {@link #uri} is https. */
    public static RecordingBackend startTls(String name, javax.net.ssl.SSLContext tls) {
        return new RecordingBackend(name, tls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders());
        received.add(request);
        exchange.getRequestBody().readAllBytes();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IOException("held for 30 s and never released");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException(ex);
        }
        byte[] body = ("{\"instance\":\"" + name + "\",\"path\":\"" + request.path() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status.apply(request), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** From now on every request waits (in the backend, as if it were overloaded) until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets every held request, and all later ones, through. */
    public void release() {
        gate.countDown();
    }

    /** Sets the status the backend answers with. */
    public void answer(Function<Received, Integer> status) {
        this.status = status;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String uri() {
        return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http") + "://127.0.0.1:" + port();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public int count() {
        return received.size();
    }

    public void reset() {
        received.clear();
    }

    /** Spring properties that make {@code lb://serviceId} resolve to these backends, each with its metadata. */
    public static Map<String, String> simpleDiscovery(String serviceId, Map<RecordingBackend, Map<String, String>> backends) {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        int i = 0;
        for (var entry : backends.entrySet()) {
            String prefix = "spring.cloud.discovery.client.simple.instances." + serviceId + "[" + i++ + "].";
            properties.put(prefix + "uri", entry.getKey().uri());
            properties.put(prefix + "instance-id", entry.getKey().name());
            entry.getValue().forEach((k, v) -> properties.put(prefix + "metadata." + k, v));
        }
        return properties;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
