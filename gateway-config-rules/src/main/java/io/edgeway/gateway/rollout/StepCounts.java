package io.edgeway.gateway.rollout;

import java.util.Map;

/**
 * What one gateway counted for one route in one rollout step, per served version.
 *
 * @param stepId the {@link RolloutState#stepId()} the counts belong to
 * @param versions counts by version
 */
public record StepCounts(String stepId, Map<String, VersionCounts> versions) {

    public StepCounts {
        versions = Map.copyOf(versions);
    }

    /** One version's counts; none if it served nothing. */
    public VersionCounts of(String version) {
        return versions.getOrDefault(version, VersionCounts.NONE);
    }
}
