package io.edgeway.gateway.pool;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLException;

import io.edgeway.gateway.support.JsonErrorBody;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
// Reactor Netty's own (shaded) reactor-pool: the only type that says "no pooled connection was free in time".
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * The answer when the gateway could not get a response from a backend instance, naming the instance, instead of
 * Spring Boot's 500 of an unknown error: 503 {@code backend_busy} when every pooled connection to it stayed busy for
 * the acquire timeout, 502 {@code backend_unreachable} when it refused the connection, 504 {@code backend_timeout}
 * when the connection or the response took longer than its timeout, 502 {@code backend_tls_failed} when the TLS
 * handshake with it failed (its certificate not signed by a trusted CA, or not for the address connected to; logged
 * as a warning, as it is a setup error rather than a passing fault). Idempotent requests get here only once their
 * retries on other instances failed too; the instance named is the last one tried.
 */
public final class BackendErrorHandler implements WebExceptionHandler, Ordered {

    private static final Logger log = LoggerFactory.getLogger(BackendErrorHandler.class);

    private final HttpClientProperties.Pool pool;

    public BackendErrorHandler(HttpClientProperties properties) {
        this.pool = properties.getPool();
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        if (isAcquireTimeout(ex)) {
            String reason = "no connection to " + instance(exchange) + " was free within " + pool.getAcquireTimeout()
                    + " ms (at most " + pool.getMaxConnections() + " per backend instance)";
            return JsonErrorBody.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "backend_busy", reason);
        }
        Throwable connect = cause(ex, ConnectException.class, NoRouteToHostException.class);
        if (connect instanceof ConnectTimeoutException) {
            return JsonErrorBody.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "backend_timeout",
                    "no connection to " + instance(exchange) + ": " + withoutAddress(connect.getMessage()));
        }
        if (connect != null) {
            String what = connect instanceof NoRouteToHostException ? "no route to it" : "connection refused";
            return JsonErrorBody.write(exchange, HttpStatus.BAD_GATEWAY, "backend_unreachable",
                    "could not connect to " + instance(exchange) + ": " + what);
        }
        Throwable tls = cause(ex, SSLException.class);
        if (tls != null) {
            String reason = "TLS handshake with " + instance(exchange) + " failed: " + tlsReason(tls);
            log.warn("{} ({})", reason, rootMessage(tls));
            return JsonErrorBody.write(exchange, HttpStatus.BAD_GATEWAY, "backend_tls_failed", reason);
        }
        // Spring Cloud Gateway's response timeout (global or the route's response-timeout), already a 504.
        Throwable response = cause(ex, TimeoutException.class);
        if (response != null) {
            return JsonErrorBody.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "backend_timeout",
                    "no response from " + instance(exchange) + " within " + timeout(response.getMessage()));
        }
        return Mono.error(ex);
    }

    /** What went wrong in a backend TLS handshake, in words an operator can act on. */
    static String tlsReason(Throwable tls) {
        if (cause(tls, CertPathBuilderException.class, CertPathValidatorException.class) != null) {
            return "its certificate is not signed by a CA the gateway trusts (edgeway.gateway.tls.backends.trusted-ca)";
        }
        Throwable certificate = cause(tls, CertificateException.class);
        if (certificate != null && String.valueOf(certificate.getMessage()).contains("match")) {
            return "its certificate is not issued for the address the gateway connected to ("
                    + certificate.getMessage() + ")";
        }
        return rootMessage(tls);
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * Whether the error is the pool's acquire timeout: the gateway's own limit on connections to the instance, which
     * says nothing of the instance's health.
     */
    public static boolean isAcquireTimeout(Throwable ex) {
        return cause(ex, PoolAcquireTimeoutException.class) != null;
    }

    /** The first of the error and its causes that is one of the types, or null. */
    private static Throwable cause(Throwable ex, Class<?>... types) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            for (Class<?> type : types) {
                if (type.isInstance(cause)) {
                    return cause;
                }
            }
        }
        return null;
    }

    /** The instance the (last) attempt went to: service, instance id and address, as far as they are known. */
    private static String instance(ServerWebExchange exchange) {
        URI backend = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        Response<ServiceInstance> chosen = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        String address = backend == null ? null : backend.getHost() + ":" + backend.getPort();
        if (chosen == null || !chosen.hasServer()) {
            return address == null ? "the backend" : address;
        }
        ServiceInstance server = chosen.getServer();
        String at = address != null ? address : server.getHost() + ":" + server.getPort();
        String id = server.getInstanceId();
        return server.getServiceId().toLowerCase(Locale.ROOT) + " instance " + (id == null || id.equals(at) ? at : id + " at " + at);
    }

    /** Netty's connect timeout message without the address it ends with ({@code ...after 1000 ms: /10.0.0.5:8081}). */
    private static String withoutAddress(String message) {
        int colon = message == null ? -1 : message.lastIndexOf(": ");
        return colon < 0 ? String.valueOf(message) : message.substring(0, colon);
    }

    /** The duration Spring Cloud Gateway's message ends with ({@code Response took longer than timeout: PT0.5S}). */
    private static String timeout(String message) {
        try {
            return Duration.parse(message.substring(message.lastIndexOf(' ') + 1)).toMillis() + " ms";
        }
        catch (RuntimeException unexpected) {
            return "the response timeout (" + message + ")";
        }
    }

    /** Before Spring Boot's error handler (order -1), which would answer 500. */
    @Override
    public int getOrder() {
        return -2;
    }
}
