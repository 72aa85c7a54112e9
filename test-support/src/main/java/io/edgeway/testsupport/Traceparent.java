package io.edgeway.testsupport;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C {@code traceparent} of a new random trace, sampled: what a test sends with a request, to find its trace id
 * in what the service logged or exported.
 */
public record Traceparent(String traceId, String spanId) {

    /** The HTTP header's name. */
    public static final String HEADER = "traceparent";

    /** A traceparent of a trace no one has seen. */
    public static Traceparent random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        random.nextBytes(trace);
        random.nextBytes(span);
        trace[0] |= 1; // never the all-zero id W3C forbids
        span[0] |= 1;
        return new Traceparent(hex.formatHex(trace), hex.formatHex(span));
    }

    /** The header's value, e.g. {@code 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}. */
    public String value() {
        return "00-" + traceId + "-" + spanId + "-01";
    }
}
