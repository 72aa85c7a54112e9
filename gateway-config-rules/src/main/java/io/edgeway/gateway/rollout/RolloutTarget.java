package io.edgeway.gateway.rollout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * What a commit says about one route's rollout: its versions, the weight committed by hand and the plan. The
 * {@link #identity()} changes exactly when a new rollout must start (a new plan or a new canary version); the
 * committed weight is apart from it, because changing it by hand overrides the rollout instead.
 *
 * @param route the route id
 * @param stable the stable version
 * @param canary the canary version
 * @param committedWeight the weight the commit says
 * @param plan the rollout plan
 */
public record RolloutTarget(String route, String stable, String canary, double committedWeight, RolloutPlan plan) {

    /** A short hash of route, versions and plan: the same on the config server and every gateway. */
    public String identity() {
        String text = route + '\0' + stable + '\0' + canary + '\0'
                + plan.steps().stream().map(String::valueOf).collect(Collectors.joining(",")) + '\0'
                + plan.stepAfter() + '\0' + plan.minRequests() + '\0' + plan.maxErrorRateIncrease() + '\0'
                + plan.maxP99Ratio() + '\0' + plan.confidence();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JVM has SHA-256", ex);
        }
    }
}
