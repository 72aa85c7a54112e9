package io.edgeway.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Backends for gateway tests: JDK HTTP servers on loopback, registered as sample-backend instances. */
public final class TestBackends {

    private static final String INSTANCES = "spring.cloud.discovery.client.simple.instances.sample-backend";

    private TestBackends() {
    }

    /** A backend answering 200 with the body the function makes of each request. */
    public static HttpServer answering(Function<HttpExchange, String> body) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] bytes = body.apply(exchange).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return server;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Registers instance {@code index} of sample-backend in the simple discovery client. */
    public static void register(DynamicPropertyRegistry registry, int index, String instanceId, int port) {
        registry.add(INSTANCES + "[" + index + "].uri", () -> "http://127.0.0.1:" + port);
        registry.add(INSTANCES + "[" + index + "].instance-id", () -> instanceId);
    }

    /** A port nothing listens on: connections to it are refused. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
