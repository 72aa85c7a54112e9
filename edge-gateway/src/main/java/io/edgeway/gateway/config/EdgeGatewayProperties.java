package io.edgeway.gateway.config;

import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the edge gateway, under {@value #PREFIX}.
 *
 * @param retry how idempotent requests are retried on another instance
 */
@ConfigurationProperties(EdgeGatewayProperties.PREFIX)
public record EdgeGatewayProperties(Retry retry) {

    public static final String PREFIX = "edge-gateway";

    public EdgeGatewayProperties {
        retry = retry == null ? new Retry(2, Set.of("GET", "HEAD", "OPTIONS"), DataSize.ofKilobytes(64)) : retry;
    }

    /**
     * @param retries how many more instances a request may try after the first
     * @param methods the idempotent methods that may be retried (never POST or PATCH)
     * @param heldBodySize how much of a response is held back before it is committed to the client, so that an
     *     instance dying mid-response can still be retried; larger responses are streamed from that point on
     */
    public record Retry(int retries, Set<String> methods, DataSize heldBodySize) {
    }
}
