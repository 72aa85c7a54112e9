package io.edgeway.lbadapter.config;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the adapter follows config commits by itself, under {@value #PREFIX} (README, "Config push"): it holds the
 * config server's revision stream and refreshes its environment when a new commit is published.
 *
 * @param enabled       whether to follow commits at all (also off when {@code spring.cloud.config.enabled} is false,
 *                      or when no config server answered at start-up)
 * @param serverUri     the config server, as in {@code spring.config.import}
 * @param checkInterval how often the published commit is asked for, for when the stream is lost
 */
@ConfigurationProperties(ConfigPushProperties.PREFIX)
public record ConfigPushProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("http://localhost:8888") URI serverUri, @DefaultValue("10s") Duration checkInterval) {

    public static final String PREFIX = "edgeway.lb-adapter.config-push";

    public ConfigPushProperties {
        if (checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".check-interval: must be positive, not " + checkInterval);
        }
    }
}
