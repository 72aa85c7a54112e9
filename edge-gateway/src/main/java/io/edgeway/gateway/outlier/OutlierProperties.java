package io.edgeway.gateway.outlier;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passive outlier ejection: an instance whose requests keep failing is taken out of balancing for a while.
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
        if (consecutiveFailures < 1 || maxEjectedPercent < 0 || maxEjectedPercent > 100
                || baseEjection.isNegative() || maxEjection.compareTo(baseEjection) < 0) {
            throw new IllegalArgumentException(PREFIX + ": need consecutive-failures >= 1, 0 <= max-ejected-percent"
                    + " <= 100 and 0 <= base-ejection <= max-ejection");
        }
    }
}
