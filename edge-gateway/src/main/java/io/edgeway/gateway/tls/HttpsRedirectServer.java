package io.edgeway.gateway.tls;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A plain-HTTP listener beside the HTTPS traffic port that answers every request with {@code 308 Permanent Redirect}
 * to the same host, path and query over HTTPS (308 keeps the method and body, unlike 301). Nothing is proxied from
 * it. Starts after the web server, whose port it names unless told another one, and stops before it.
 */
public final class HttpsRedirectServer implements SmartLifecycle {

    private static final Log log = LogFactory.getLog(HttpsRedirectServer.class);

    /** A DNS name or IPv4 address, or a bracketed IPv6 address: nothing that could move the redirect elsewhere. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    private final String address;

    private final int port;

    private final IntSupplier httpsPort;

    private volatile DisposableServer server;

    /**
     * @param address the address to listen on (empty or {@code null}: every address)
     * @param port the plain port (0: any free one)
     * @param httpsPort the HTTPS port the redirects name, asked for at start
     */
    public HttpsRedirectServer(String address, int port, IntSupplier httpsPort) {
        this.address = address;
        this.port = port;
        this.httpsPort = httpsPort;
    }

    @Override
    public void start() {
        int target = httpsPort.getAsInt();
        HttpServer http = HttpServer.create().port(port);
        if (address != null && !address.isBlank()) {
            http = http.host(address);
        }
        server = http.handle((request, response) -> redirect(request, response, target)).bindNow();
        log.info("Redirecting plain HTTP on port " + server.port() + " to HTTPS on port " + target);
    }

    private static org.reactivestreams.Publisher<Void> redirect(HttpServerRequest request,
            HttpServerResponse response, int httpsPort) {
        String location = location(request.requestHeaders().get(HttpHeaderNames.HOST), request.uri(), httpsPort);
        if (location == null) {
            return response.status(HttpResponseStatus.BAD_REQUEST).send();
        }
        return response.status(HttpResponseStatus.PERMANENT_REDIRECT).header(HttpHeaderNames.LOCATION, location)
                .send();
    }

    /** The HTTPS URL for a request to {@code host} (its Host header) at {@code uri}; {@code null} for a bad host. */
    static String location(String host, String uri, int httpsPort) {
        if (host == null) {
            return null;
        }
        String name = host.trim();
        int colon = name.lastIndexOf(':');
        if (colon > name.lastIndexOf(']')) {
            name = name.substring(0, colon);
        }
        if (!HOST.matcher(name).matches()) {
            return null;
        }
        String path = uri != null && uri.startsWith("/") ? uri : "/";
        return "https://" + name + (httpsPort == 443 ? "" : ":" + httpsPort) + path;
    }

    /** The port it listens on, once started. */
    public int port() {
        DisposableServer current = server;
        if (current == null) {
            throw new IllegalStateException("not started");
        }
        return current.port();
    }

    @Override
    public void stop() {
        DisposableServer current = server;
        if (current != null) {
            current.disposeNow(Duration.ofSeconds(5));
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
