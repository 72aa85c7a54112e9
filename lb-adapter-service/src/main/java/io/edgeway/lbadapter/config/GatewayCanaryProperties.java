package io.edgeway.lbadapter.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the pools of declared VIPs follow the gateway's canary splits, under {@value #PREFIX} (README, "Declared VIPs"):
 * the adapter reads the gateway's config from the config server (at every commit it follows, and every
 * {@code refresh-interval}) and the rollout controller's weights in force.
 *
 * @param enabled         whether VIP pools follow the gateway's canaries at all (off: every member has ratio 1)
 * @param application     the gateway's {@code spring.application.name}, whose config holds the routes
 * @param profile         the profile whose config the gateways run
 * @param refreshInterval how often the rollout controller's weights (and the routes) are read again between commits
 */
@ConfigurationProperties(GatewayCanaryProperties.PREFIX)
public record GatewayCanaryProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("edge-gateway") String application, @DefaultValue("default") String profile,
        @DefaultValue("5s") Duration refreshInterval) {

    public static final String PREFIX = "edgeway.lb-adapter.gateway-canary";

    public GatewayCanaryProperties {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException(PREFIX + ".refresh-interval: must be positive, not " + refreshInterval);
        }
    }
}
