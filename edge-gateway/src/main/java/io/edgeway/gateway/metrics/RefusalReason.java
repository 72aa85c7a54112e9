package io.edgeway.gateway.metrics;

/** Why the gateway answered a request itself instead of a backend: the {@code reason} of the refusal counter. */
public enum RefusalReason {

    /** 401: no token, or a token the gateway does not accept. */
    UNAUTHENTICATED("unauthenticated"),

    /** 403: a valid token without a scope the route needs. */
    FORBIDDEN("forbidden"),

    /** 429: the client's rate limit on the route. */
    RATE_LIMITED("rate_limited"),

    /** 503: the backend's concurrency limit (ShedLoad). */
    SHED("shed"),

    /** 503: the load balancer had no instance to send to. */
    NO_INSTANCE("no_instance"),

    /** The circuit breaker was open: its fallback answered, or 503. */
    CIRCUIT_OPEN("circuit_open"),

    /** 503: no pooled connection to the chosen instance was free in time. */
    BACKEND_BUSY("backend_busy");

    private final String tag;

    RefusalReason(String tag) {
        this.tag = tag;
    }

    /** The tag value, as scraped. */
    public String tag() {
        return tag;
    }
}
