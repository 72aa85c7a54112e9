package io.edgeway.lbadapter.vip;

import java.util.Objects;

/**
 * The gateway's canary split of an application, as a VIP's pool follows it: the share of traffic its canary version
 * gets, from a {@code Canary} route of the gateway's config.
 *
 * @param route  the gateway route it comes from
 * @param stable the stable version (instance metadata {@code version})
 * @param canary the canary version
 * @param weight the canary's share in %, 0 to 100: the committed weight, or the rollout controller's in force
 * @param origin where the weight comes from ({@code commit 1a2b3c4} or {@code rollout step ...}), for plans and logs
 */
public record CanarySplit(String route, String stable, String canary, double weight, String origin) {

    public CanarySplit {
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(canary, "canary");
        if (!(weight >= 0 && weight <= 100)) {
            throw new IllegalArgumentException("weight must be 0 to 100, not " + weight);
        }
    }

    /** What a plan says about a member's weight under this split. */
    public String describe() {
        return "canary " + canary + " at " + CanaryRatios.percent(weight) + " % on route " + route
                + (origin == null ? "" : ", " + origin);
    }
}
