package io.edgeway.gateway.settings;

import java.time.Duration;

import io.edgeway.gateway.rules.KeySpec;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What every public route gets unless it says otherwise: anonymous callers may not starve the backends of the
 * authenticated routes. A public route without a {@code RateLimit} filter of its own is rate limited per client
 * address, and one without a {@code ShedLoad} of its own is shed first ({@code best-effort}) when its backend is at
 * its concurrency limit.
 *
 * @param enabled whether public routes get these defaults at all
 * @param rateLimit the default rate limit of a public route
 * @param priority the class of a public route's requests under load shedding
 */
@ConfigurationProperties(PublicRouteProperties.PREFIX)
public record PublicRouteProperties(@DefaultValue("true") boolean enabled, @DefaultValue RateLimit rateLimit,
        @DefaultValue("best-effort") String priority) {

    public static final String PREFIX = "edgeway.gateway.public-routes";

    public PublicRouteProperties {
        Problems problems = Problems.under(PREFIX);
        try {
            Priority.parse(priority);
        }
        catch (IllegalArgumentException ex) {
            problems.require(false, "priority", "'" + priority + "' is not one of critical, default, best-effort");
        }
        problems.throwIfAny();
    }

    /**
     * As a route's {@code RateLimit} would say it.
     *
     * @param requests requests each client may make per {@code period}
     * @param period the refill period
     * @param burst requests a client may make at once
     * @param key who a client is ({@code ip}: its address, behind trusted proxies the one they forwarded for)
     */
    public record RateLimit(@DefaultValue("20") long requests, @DefaultValue("1s") Duration period,
            @DefaultValue("40") long burst, @DefaultValue("ip") String key) {

        public RateLimit {
            Problems problems = Problems.under(PREFIX + ".rate-limit")
                    .require(requests >= 1, "requests", "must be at least 1, not " + requests)
                    .require(Problems.positive(period), "period", "must be positive, not " + period)
                    .require(burst >= requests, "burst", "must be at least requests (" + requests + "), not " + burst);
            try {
                KeySpec.parse(key);
            }
            catch (IllegalArgumentException ex) {
                problems.require(false, "key", ex.getMessage());
            }
            problems.throwIfAny();
        }
    }
}
