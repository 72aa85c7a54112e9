package io.edgeway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for an OpenTelemetry collector: an HTTP server on a loopback port that accepts OTLP/HTTP exports on
 * {@code /v1/traces} and keeps each request body (protobuf), so a test can ask whether a trace arrived.
 */
public final class OtlpTraceReceiver implements AutoCloseable {

    private final HttpServer server;

    private final List<byte[]> exports = new CopyOnWriteArrayList<>();

    private OtlpTraceReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        server.createContext("/v1/traces", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod())) {
                exports.add(body);
            }
            exchange.sendResponseHeaders("POST".equals(exchange.getRequestMethod()) ? 200 : 405, -1);
            exchange.close();
        });
        server.start();
    }

    /** Starts a receiver. */
    public static OtlpTraceReceiver start() {
        return new OtlpTraceReceiver();
    }

    /** The URL to export spans to ({@code management.opentelemetry.tracing.export.otlp.endpoint}). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** Whether some export carried a span of this trace (32 hex digits; protobuf holds its 16 bytes as they are). */
    public boolean received(String traceId) {
        byte[] id = HexFormat.of().parseHex(traceId);
        return exports.stream().anyMatch(body -> indexOf(body, id) >= 0);
    }

    /**
     * Whether some export of the service named {@code service} carried a span of this trace: each export is one
     * process's batch, its resource naming the service.
     */
    public boolean received(String traceId, String service) {
        byte[] id = HexFormat.of().parseHex(traceId);
        byte[] name = service.getBytes(StandardCharsets.UTF_8);
        return exports.stream().anyMatch(body -> indexOf(body, id) >= 0 && indexOf(body, name) >= 0);
    }

    /** Every span received so far, decoded from the exports. */
    public List<ReceivedSpan> spans() {
        return exports.stream().flatMap(body -> OtlpSpans.decode(body).stream()).toList();
    }

    /** The number of exports received. */
    public int exports() {
        return exports.size();
    }

    private static int indexOf(byte[] body, byte[] id) {
        outer: for (int i = 0; i <= body.length - id.length; i++) {
            for (int j = 0; j < id.length; j++) {
                if (body[i + j] != id[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
