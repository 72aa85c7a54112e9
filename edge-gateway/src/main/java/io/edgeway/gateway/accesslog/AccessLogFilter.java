package io.edgeway.gateway.accesslog;

import java.util.concurrent.TimeoutException;

import io.edgeway.gateway.metrics.RefusalExceptionClassifier;
import io.edgeway.gateway.metrics.RefusalReason;
import io.edgeway.gateway.support.ClientAddress;
import io.edgeway.gateway.tracing.TraceIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Writes one line per request to the logger {@value #LOGGER}: method, path (never the query, which may carry a
 * token), status, latency, route, the instance and version of the last attempt, retries, why the gateway refused
 * it, client address, token subject and trace id. When the encoder renders them (structured logging: ECS, Logstash),
 * the fields are also key-value pairs of the event, each then a JSON field. {@code logging.level.edgeway.access: off}
 * turns it off, and then it costs one level check per request. The line is queued, not written, on the request's
 * thread ({@link AccessLogOutput}).
 *
 * <p>The line is written when the response is committed, or at the end of the exchange if it was committed before:
 * an error reaches this filter before the exception handlers (outside every web filter) have set its status.
 */
public final class AccessLogFilter implements WebFilter, Ordered {

    /** The logger's name: route it (a file, an appender of its own) or turn it off by this name. */
    public static final String LOGGER = "edgeway.access";

    /** Before everything else, so that refusals by the first filters are logged too. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE;

    /** nginx's code for a client that went away before the response started. */
    private static final int CLIENT_CLOSED = 499;

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    private final boolean keyValues;

    /** @param keyValues whether to give each event its fields as key-value pairs too (for structured logging) */
    public AccessLogFilter(boolean keyValues) {
        this.keyValues = keyValues;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!log.isInfoEnabled()) {
            return chain.filter(exchange);
        }
        AccessRecord record = new AccessRecord(System.nanoTime());
        exchange.getAttributes().put(AccessRecord.ATTRIBUTE, record);
        return chain.filter(exchange)
                .doOnError(ex -> AccessRecord.refused(exchange, reasonOf(ex)))
                .doFinally(signal -> complete(exchange, record, signal));
    }

    private void complete(ServerWebExchange exchange, AccessRecord record, SignalType signal) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            write(exchange, record, statusOf(response));
        }
        else if (signal == SignalType.CANCEL) {
            write(exchange, record, CLIENT_CLOSED);
        }
        else {
            response.beforeCommit(() -> Mono.fromRunnable(() -> write(exchange, record, statusOf(response))));
        }
    }

    private static int statusOf(ServerHttpResponse response) {
        HttpStatusCode status = response.getStatusCode();
        return status != null ? status.value() : 200;
    }

    private void write(ServerWebExchange exchange, AccessRecord record, int status) {
        long micros = (System.nanoTime() - record.startNanos) / 1_000;
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String method = exchange.getRequest().getMethod().name();
        String path = exchange.getRequest().getPath().value();
        StringBuilder line = new StringBuilder(160).append(method).append(' ').append(path).append(' ')
                .append(status).append(' ').append(micros / 1000).append('.').append(micros / 100 % 10).append("ms");
        // Key-value pairs only for an encoder that reads them (JSON): the text pattern would build them for nothing.
        LoggingEventBuilder event = keyValues ? log.atInfo().addKeyValue("method", method).addKeyValue("path", path)
                .addKeyValue("status", status).addKeyValue("duration_us", micros)
                .addKeyValue("retries", record.retries()) : null;
        event = field(event, line, "route", route != null ? route.getId() : null);
        event = field(event, line, "instance", record.instance());
        event = field(event, line, "version", record.version());
        if (record.retries() > 0) {
            line.append(" retries=").append(record.retries());
        }
        event = field(event, line, "reason", record.refusal());
        event = field(event, line, "client", ClientAddress.of(exchange).orElse(null));
        event = field(event, line, "subject", record.subject());
        String certificate = record.clientCertificate();
        if (certificate != null) {
            line.append(" client_cert=").append(quoted(certificate));
            event = event != null ? event.addKeyValue("client_cert", certificate) : null;
        }
        event = field(event, line, "trace_id", TraceIds.of(exchange));
        if (event != null) {
            event.log(line.toString());
        }
        else {
            log.info(line.toString());
        }
    }

    /** A certificate subject in quotes on the text line: it may hold spaces ({@code CN=Jane Doe,O=...}). */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static LoggingEventBuilder field(LoggingEventBuilder event, StringBuilder line, String key, String value) {
        if (value == null) {
            return event;
        }
        line.append(' ').append(key).append('=').append(value);
        return event != null ? event.addKeyValue(key, value) : null;
    }

    /** Why an exchange failed: the refusal reason of the gateway's metrics, else a timeout or the error's type. */
    static String reasonOf(Throwable ex) {
        RefusalReason refusal = RefusalExceptionClassifier.reason(ex);
        if (refusal != null) {
            return refusal.tag();
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return "timeout";
            }
        }
        return "error:" + ex.getClass().getSimpleName();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
