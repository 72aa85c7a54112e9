package io.edgeway.gateway.settings;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may steer the {@code Canary} routes: a route's {@code override-header} counts only for callers whose token has
 * {@code override-scope} (like {@code shedding.priority-scope} for the priority header); for anyone else the header
 * is ignored and removed before the backend.
 *
 * @param overrideScope the scope a token needs for the override header to count
 * @param rolloutReportInterval how often the gateway sends its counts of the current rollout steps to the rollout
 *        controller (the config server) and takes the weights it sets in return
 * @param rolloutWeightsFile where the gateway keeps the last weights the controller set, to start from them after a
 *        restart while the controller is unreachable (read at start; a change needs a restart)
 */
@ConfigurationProperties(CanaryProperties.PREFIX)
public record CanaryProperties(@DefaultValue("canary") String overrideScope,
        @DefaultValue("1s") Duration rolloutReportInterval,
        @DefaultValue("rollout-weights.json") Path rolloutWeightsFile) {

    public static final String PREFIX = "edgeway.gateway.canary";

    public CanaryProperties {
        Problems.under(PREFIX)
                .require(overrideScope != null && !overrideScope.isBlank() && !overrideScope.contains(" "),
                        "override-scope", "must be one scope, not '" + overrideScope + "'")
                .require(Problems.positive(rolloutReportInterval), "rollout-report-interval",
                        "must be positive, not " + rolloutReportInterval)
                .require(rolloutWeightsFile != null && !rolloutWeightsFile.toString().isBlank(),
                        "rollout-weights-file", "must be a file path")
                .throwIfAny();
    }
}
