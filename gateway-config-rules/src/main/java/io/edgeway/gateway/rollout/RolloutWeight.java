package io.edgeway.gateway.rollout;

/**
 * The weight the rollout controller sets for one route, and what it applies to: a gateway uses it only while its own
 * route has the same rollout identity and committed weight, so a new commit (a new plan, a new canary, a weight by
 * hand) wins at once, before the controller has seen it.
 *
 * @param identity the {@link RolloutTarget#identity()} of the rollout
 * @param committedWeight the committed weight the rollout started from
 * @param stepId under which to count requests ({@link RolloutState#stepId()})
 * @param weight the canary weight to apply, in %
 */
public record RolloutWeight(String identity, double committedWeight, String stepId, double weight) {
}
