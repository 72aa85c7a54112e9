import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * A collector stand-in for bench/observability-cost.sh: accepts OTLP/HTTP span exports on {@code /v1/traces},
 * answers 200 and discards them, printing the exports and bytes received every 10 s.
 *
 * <pre>java bench/OtlpSink.java PORT</pre>
 */
public final class OtlpSink {

    public static void main(String[] args) throws IOException {
        AtomicLong exports = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                Integer.parseInt(args[0])), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/traces", exchange -> {
            bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
            exports.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("OTLP sink on " + server.getAddress());
        Executors.newSingleThreadScheduledExecutor().scheduleAtFixedRate(
                () -> System.out.println("exports " + exports.get() + " bytes " + bytes.get()), 10, 10,
                java.util.concurrent.TimeUnit.SECONDS);
    }
}
