package io.edgeway.gateway.rollout;

import java.time.Instant;
import java.util.List;

/**
 * One line of the rollout audit trail: a rollout started, advanced, completed, rolled back or was overridden, with
 * the evidence that decided it.
 *
 * @param at when
 * @param route the route id
 * @param kind {@code started}, {@code advanced}, {@code completed}, {@code rolled-back} or {@code overridden}
 * @param fromWeight the canary weight before
 * @param toWeight the canary weight after ({@code null}: the committed weight)
 * @param stable what the stable version served in the step that ended
 * @param canary what the canary served in it
 * @param checks the verdicts, with p-values
 * @param reason why, in words
 */
public record RolloutEvent(Instant at, String route, String kind, Double fromWeight, Double toWeight,
        VersionCounts stable, VersionCounts canary, List<CheckResult> checks, String reason) {

    public RolloutEvent {
        checks = List.copyOf(checks);
    }
}
