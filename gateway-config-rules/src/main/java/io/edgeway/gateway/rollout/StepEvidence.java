package io.edgeway.gateway.rollout;

/**
 * The fleet's counts of one rollout step, both versions, and whether every gateway that should have reported did.
 *
 * @param stable what the stable version served in this step, all gateways together
 * @param canary what the canary served
 * @param gap why the evidence is incomplete (a gateway silent, or not yet at this step); {@code null}: complete
 */
public record StepEvidence(VersionCounts stable, VersionCounts canary, String gap) {

    /** No counts at all, for this reason. */
    public static StepEvidence missing(String why) {
        return new StepEvidence(VersionCounts.NONE, VersionCounts.NONE, why);
    }

    public boolean complete() {
        return gap == null;
    }
}
