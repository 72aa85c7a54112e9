package io.edgeway.testsupport;

import java.util.Map;

/**
 * A span as an OTLP collector receives it: ids in hex ({@code parentSpanId} empty for a root), its name, its string
 * attributes, and the {@code service.name} of the process that sent it.
 */
public record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
        Map<String, String> attributes) {

    /** The attribute's value, or null. */
    public String attribute(String key) {
        return attributes.get(key);
    }
}
