package io.edgeway.gateway.settings;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passive outlier ejection for every {@code lb://} service: an instance whose requests keep failing is taken out of
 * balancing for a while (by default: 5 failures in a row, 10 s, doubling on each further ejection up to 5 min, at
 * most half a service at once).
 *
 * @param enabled whether instances are ever ejected
 * @param consecutiveFailures failures in a row (refused connection, reset, timeout, 5xx) that eject an instance
 * @param baseEjection how long the first ejection lasts; each further one without a success between doubles it
 * @param maxEjection the longest ejection
 * @param maxEjectedPercent at most this share of a service's instances is ejected at once (rounded down, so a
 * service's only instance is never ejected)
 */
@ConfigurationProperties(OutlierProperties.PREFIX)
public record OutlierProperties(@DefaultValue("true") boolean enabled, @DefaultValue("5") int consecutiveFailures,
        @DefaultValue("10s") Duration baseEjection, @DefaultValue("5m") Duration maxEjection,
        @DefaultValue("50") int maxEjectedPercent) {

    public static final String PREFIX = "edgeway.gateway.outlier";

    public OutlierProperties {
        Problems.under(PREFIX)
                .require(consecutiveFailures >= 1, "consecutive-failures", "must be at least 1, not " + consecutiveFailures)
                .require(maxEjectedPercent >= 0 && maxEjectedPercent <= 100, "max-ejected-percent",
                        "must be between 0 and 100, not " + maxEjectedPercent)
                .require(!baseEjection.isNegative() && maxEjection.compareTo(baseEjection) >= 0, "",
                        "need 0 <= base-ejection <= max-ejection, not " + baseEjection + ", " + maxEjection)
                .throwIfAny();
    }
}
