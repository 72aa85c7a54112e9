package io.edgeway.gateway.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may steer the {@code Canary} routes: a route's {@code override-header} counts only for callers whose token has
 * {@code override-scope} (like {@code shedding.priority-scope} for the priority header); for anyone else the header
 * is ignored and removed before the backend.
 *
 * @param overrideScope the scope a token needs for the override header to count
 */
@ConfigurationProperties(CanaryProperties.PREFIX)
public record CanaryProperties(@DefaultValue("canary") String overrideScope) {

    public static final String PREFIX = "edgeway.gateway.canary";

    public CanaryProperties {
        Problems.under(PREFIX)
                .require(overrideScope != null && !overrideScope.isBlank() && !overrideScope.contains(" "),
                        "override-scope", "must be one scope, not '" + overrideScope + "'")
                .throwIfAny();
    }
}
