package io.edgeway.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the edge gateway, under {@value #PREFIX}.
 *
 * @param retry how idempotent requests are retried on another instance
 * @param configPush how new config commits reach this gateway
 */
@ConfigurationProperties(EdgeGatewayProperties.PREFIX)
public record EdgeGatewayProperties(Retry retry, ConfigPush configPush) {

    public static final String PREFIX = "edge-gateway";

    public EdgeGatewayProperties {
        retry = retry == null ? new Retry(2, Set.of("GET", "HEAD", "OPTIONS"), DataSize.ofKilobytes(64)) : retry;
        configPush = configPush == null ? new ConfigPush(null, true, null, null, false, null) : configPush;
    }

    /**
     * @param retries how many more instances a request may try after the first
     * @param methods the idempotent methods that may be retried (never POST or PATCH)
     * @param heldBodySize how much of a response is held back before it is committed to the client, so that an
     *     instance dying mid-response can still be retried; larger responses are streamed from that point on
     */
    public record Retry(int retries, Set<String> methods, DataSize heldBodySize) {
    }

    /**
     * @param serverUri the config server; the same one {@code spring.config.import} names
     * @param stream whether to hold a server-sent-event subscription to the config server (the direct push path)
     * @param checkInterval how often the published commit is also checked, bounding how stale a gateway can be
     *     when every push is lost
     * @param cacheFile where the last applied config is kept, to start from when the config server is down
     * @param redis whether to also subscribe to the config server's Redis fan-out (for fleets)
     * @param redisChannel the Redis channel validated commits are published on
     */
    public record ConfigPush(URI serverUri, Boolean stream, Duration checkInterval, Path cacheFile, boolean redis,
            String redisChannel) {

        public ConfigPush {
            stream = stream == null || stream;
            redisChannel = redisChannel == null ? "edgeway:config-revisions" : redisChannel;
            serverUri = serverUri == null ? URI.create("http://localhost:8888") : serverUri;
            checkInterval = checkInterval == null ? Duration.ofSeconds(10) : checkInterval;
        }
    }
}
