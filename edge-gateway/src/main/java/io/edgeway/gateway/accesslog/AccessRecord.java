package io.edgeway.gateway.accesslog;

import org.springframework.web.server.ServerWebExchange;

/**
 * What the gateway's filters learn about one client request for its access-log line: the instance each attempt went
 * to, why the gateway refused it, who sent it. One object per request, shared by every retry attempt (an attempt
 * copies the exchange's attributes, not this object), and absent when the access log is off.
 */
public final class AccessRecord {

    /** Exchange attribute holding the request's record, under the namespace that retry attempts carry over. */
    public static final String ATTRIBUTE = "io.edgeway.accesslog.AccessRecord";

    final long startNanos;

    private volatile String instance;

    private volatile String version;

    private volatile int attempts;

    private volatile String refusal;

    private volatile String subject;

    private volatile String clientCertificate;

    AccessRecord(long startNanos) {
        this.startNanos = startNanos;
    }

    /** An attempt went to this instance ({@code host:port}) of this version (null: unversioned). */
    public static void chose(ServerWebExchange exchange, String instance, String version) {
        AccessRecord record = exchange.getAttribute(ATTRIBUTE);
        if (record != null) {
            record.instance = instance;
            record.version = version;
            record.attempts++;
        }
    }

    /** The gateway answered itself, for this reason ({@code rate_limited}, {@code overloaded}, ...). */
    public static void refused(ServerWebExchange exchange, String reason) {
        AccessRecord record = exchange.getAttribute(ATTRIBUTE);
        if (record != null) {
            record.refusal = reason;
        }
    }

    /** The verified subject of the request's bearer token. */
    public static void subject(ServerWebExchange exchange, String subject) {
        AccessRecord record = exchange.getAttribute(ATTRIBUTE);
        if (record != null) {
            record.subject = subject;
        }
    }

    /** The subject of the verified TLS client certificate, on a route that required one. */
    public static void clientCertificate(ServerWebExchange exchange, String subject) {
        AccessRecord record = exchange.getAttribute(ATTRIBUTE);
        if (record != null) {
            record.clientCertificate = subject;
        }
    }

    String clientCertificate() {
        return clientCertificate;
    }

    String instance() {
        return instance;
    }

    String version() {
        return version;
    }

    /** Attempts after the first. */
    int retries() {
        return Math.max(0, attempts - 1);
    }

    String refusal() {
        return refusal;
    }

    String subject() {
        return subject;
    }
}
