package io.edgeway.gateway.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the token buckets of {@code RateLimit} routes live. If Redis fails, requests pass unlimited (fail open) at
 * once, and Redis is probed until it answers.
 *
 * @param store {@code local}: each gateway counts on its own; {@code redis}: every gateway on the same Redis
 *     ({@code spring.data.redis.*}, {@code REDIS_URL}) shares one bucket per route and client
 * @param redis the shared store's settings
 */
@ConfigurationProperties(RateLimitProperties.PREFIX)
public record RateLimitProperties(@DefaultValue("local") Store store, @DefaultValue Redis redis) {

    public static final String PREFIX = "edgeway.gateway.rate-limit";

    /** Where buckets live. */
    public enum Store {
        LOCAL, REDIS
    }

    /**
     * @param keyPrefix buckets are the keys {@code <key-prefix>:<route id>:<client>}
     * @param timeout the longest a request waits for a Redis that hangs (a stopped one refuses at once); past it,
     *     or on any error, Redis counts as down and requests pass unlimited (fail open) until a probe gets an answer
     * @param probeInterval how often a down Redis is probed
     */
    public record Redis(@DefaultValue("edgeway:rate-limit") String keyPrefix, @DefaultValue("250ms") Duration timeout,
            @DefaultValue("1s") Duration probeInterval) {

        public Redis {
            Problems.under(PREFIX + ".redis")
                    .require(!keyPrefix.isBlank(), "key-prefix", "must not be blank")
                    .require(Problems.positive(timeout), "timeout", "must be positive, not " + timeout)
                    .require(Problems.positive(probeInterval), "probe-interval", "must be positive, not " + probeInterval)
                    .throwIfAny();
        }
    }
}
