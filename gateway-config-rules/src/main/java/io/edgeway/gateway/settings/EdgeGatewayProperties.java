package io.edgeway.gateway.settings;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Retry and config-push settings of the edge gateway, under {@value #PREFIX} (the traffic policies have their own
 * records under the same prefix: {@code auth}, {@code shedding}, {@code rate-limit}, {@code outlier},
 * {@code circuit-breaker}).
 *
 * @param retry how idempotent requests are retried on another instance
 * @param configPush how new config commits reach this gateway
 */
@ConfigurationProperties(EdgeGatewayProperties.PREFIX)
public record EdgeGatewayProperties(@DefaultValue Retry retry, @DefaultValue ConfigPush configPush) {

    public static final String PREFIX = "edgeway.gateway";

    /**
     * Idempotent requests whose instance fails (refused, reset, died mid-response) go to an instance they have not
     * tried ({@code RetryIdempotentRequestsFilter} and {@code PowerOfTwoChoicesLoadBalancer}, which balances every
     * {@code lb://} service by power of two choices over requests in flight), within a retry budget per service.
     *
     * @param retries how many more instances a request may try after the first
     * @param methods the idempotent methods that may be retried (never POST or PATCH)
     * @param heldBodySize how much of a response is held back before it is committed to the client, so that an
     *     instance dying mid-response can still be retried; larger responses are streamed from that point on
     * @param budget how many retries a service may get on top of its requests
     */
    public record Retry(@DefaultValue("2") int retries, @DefaultValue({ "GET", "HEAD", "OPTIONS" }) Set<String> methods,
            @DefaultValue("64KB") DataSize heldBodySize,
            @DefaultValue @NestedConfigurationProperty RetryBudgetProperties budget) {

        public Retry {
            methods = methods.stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            Problems.under(PREFIX + ".retry")
                    .require(retries >= 0, "retries", "must not be negative, not " + retries)
                    .require(!methods.contains("POST") && !methods.contains("PATCH"), "methods",
                            "POST and PATCH are not idempotent and are never retried")
                    .require(!heldBodySize.isNegative(), "held-body-size", "must not be negative")
                    .throwIfAny();
        }
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
    public record ConfigPush(@DefaultValue("http://localhost:8888") URI serverUri, @DefaultValue("true") boolean stream,
            @DefaultValue("10s") Duration checkInterval, Path cacheFile, boolean redis,
            @DefaultValue("edgeway:config-revisions") String redisChannel) {

        public ConfigPush {
            Problems.under(PREFIX + ".config-push")
                    .require(Problems.positive(checkInterval), "check-interval", "must be positive, not " + checkInterval)
                    .throwIfAny();
        }
    }
}
