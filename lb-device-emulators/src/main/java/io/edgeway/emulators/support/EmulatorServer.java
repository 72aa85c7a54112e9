package io.edgeway.emulators.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;

/**
 * Serves one emulated device over HTTP: its API through the fault knobs, and the admin endpoint under
 * {@code /emulator/} ({@code GET health}, {@code GET|PUT|DELETE faults}, {@code POST sessions/kill},
 * {@code GET stats}, {@code PUT members}). The device API answers on whatever address it is bound to; the admin
 * endpoint only to a request that arrived on a loopback address from a loopback peer (403 otherwise), so that binding
 * the device to {@code 0.0.0.0} never lets another host inject faults or change members. Both addresses come from the
 * kernel's socket, not from the request, so no header can fake them. {@code GET /emulator/health} stays open: it is
 * what a supervisor polls, and tells nothing.
 */
public final class EmulatorServer implements AutoCloseable {

    private static final String ADMIN = "/emulator/";

    static {
        // Without TCP_NODELAY, the server's separate header and body writes meet the client's delayed ACK: 40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final DeviceApi api;

    private final Faults faults = new Faults();

    private final HttpServer server;

    private final ExecutorService executor;

    private final AtomicLong requests = new AtomicLong();

    private final AtomicLong injected = new AtomicLong();

    private EmulatorServer(DeviceApi api, HttpServer server, ExecutorService executor) {
        this.api = api;
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code api} on {@code host:port} (port 0 picks a free one). */
    public static EmulatorServer start(String name, String host, int port, DeviceApi api) {
        AtomicInteger threads = new AtomicInteger();
        // Unbounded on purpose: hung requests hold a thread each, and a device never refuses a TCP connection.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 200);
            EmulatorServer emulator = new EmulatorServer(api, server, executor);
            server.createContext("/", emulator::handle);
            server.setExecutor(executor);
            server.start();
            return emulator;
        }
        catch (IOException e) {
            executor.shutdownNow();
            throw new IllegalStateException("cannot bind " + name + " emulator to " + host + ":" + port, e);
        }
    }

    /** Where to reach the device: the bound address, or loopback when bound to every address (0.0.0.0, ::). */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void faults(FaultSettings settings) {
        faults.set(settings);
        api.occupySessions(settings.occupiedSessions());
    }

    public FaultSettings faults() {
        return faults.settings();
    }

    /** Device API requests served so far, injected faults included. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = read(exchange);
            Response response = !request.rawPath().startsWith(ADMIN) ? device(request)
                    : fromLoopback(exchange) || isHealth(request) ? admin(request) : adminRefused(request);
            write(exchange, response);
        }
        catch (IOException e) {
            // The client went away (typically after its own timeout on a hung request): nothing to answer.
        }
    }

    private Response device(Request request) {
        requests.incrementAndGet();
        Faults.Decision decision = faults.next();
        pause(decision.delayMillis());
        pause(decision.hangMillis());
        if (decision.errorStatus() != 0) {
            injected.incrementAndGet();
            return api.injectedFailure(decision.errorStatus(), request);
        }
        try {
            return api.handle(request);
        }
        catch (DeviceFailure failure) {
            return failure.response();
        }
    }

    private static boolean fromLoopback(HttpExchange exchange) {
        return exchange.getLocalAddress().getAddress().isLoopbackAddress()
                && exchange.getRemoteAddress().getAddress().isLoopbackAddress();
    }

    private static boolean isHealth(Request request) {
        return request.method().equals("GET") && request.rawPath().equals(ADMIN + "health");
    }

    private static Response adminRefused(Request request) {
        return Response.json(403, Json.object("message", request.method() + " " + request.rawPath()
                + " answers only on loopback (127.0.0.1 or ::1), whatever address the device API is bound to"));
    }

    private Response admin(Request request) {
        String what = request.rawPath().substring(ADMIN.length());
        try {
            switch (request.method() + " " + what) {
                case "GET health":
                    return Response.json(200, Json.object("status", "UP"));
                case "GET faults":
                    return Response.json(200, faults.settings());
                case "PUT faults":
                    faults(Json.MAPPER.treeToValue(request.json(), FaultSettings.class));
                    return Response.json(200, faults.settings());
                case "DELETE faults":
                    faults(FaultSettings.none());
                    return Response.json(200, faults.settings());
                case "POST sessions/kill":
                    api.killSessions();
                    return Response.json(200, Json.object("killed", true));
                case "GET stats":
                    Map<String, Object> stats = new LinkedHashMap<>();
                    stats.put("requests", requests.get());
                    stats.put("injectedFaults", injected.get());
                    stats.putAll(api.stats());
                    return Response.json(200, stats);
                case "PUT members":
                    return api.putMember(request.json());
                default:
                    return Response.json(404, Json.object("message", "no admin endpoint " + request.method() + " "
                            + request.rawPath()));
            }
        }
        catch (IllegalArgumentException | JacksonException e) {
            return Response.json(400, Json.object("message", String.valueOf(e.getMessage())));
        }
        catch (DeviceFailure failure) {
            return failure.response();
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Request read(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        URI uri = exchange.getRequestURI();
        return new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(),
                exchange.getRequestHeaders(), body);
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (response.contentType() != null) {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
