package io.edgeway.gateway.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.edgeway.gateway.rollout.RolloutPlan;
import io.edgeway.gateway.rollout.RolloutTarget;
import io.edgeway.gateway.settings.Problems;

/**
 * Arguments of {@code Canary}: a share of a route's traffic goes to the canary version of its service, sticky per
 * user.
 */
public class CanaryArgs extends FilterArgs {

    /** Version (instance metadata {@code version}) that gets the rest of the traffic. */
    private String stable;

    /** Version under test. */
    private String canary;

    /** Percentage of keys (and of keyless requests) sent to the canary, 0–100, resolution 0.01. */
    private double weight;

    /** Where the stickiness key comes from: {@code subject}, {@code header:NAME}, {@code cookie:NAME}, in order. */
    private String key = "subject";

    /** Header that testers may set to a version to force it; unset: no override on this route. */
    private String overrideHeader;

    /** Hash salt; defaults to the route id. Keep it when renaming a route so users keep their version. */
    private String salt;

    /** A plan the rollout controller walks the weight through on evidence; unset: the weight is only as committed. */
    private RolloutArgs rollout;

    @Override
    public void validate() {
        Problems problems = Problems.under("")
                .require(stable != null && !stable.isBlank(), "stable", "is required (the version that keeps the rest)")
                .require(canary != null && !canary.isBlank(), "canary", "is required (the version under test)")
                .require(stable == null || !stable.equals(canary), "canary", "is the stable version too (" + stable + ")")
                .require(weight >= 0 && weight <= 100, "weight", RouteRules.number(weight) + " is outside 0–100");
        checkKey(problems, key);
        if (rollout != null) {
            rollout.check(problems);
        }
        problems.throwIfAny();
    }

    @Override
    public List<String> headersRead() {
        List<String> headers = new ArrayList<>(keyHeaders(key));
        if (overrideHeader != null && !overrideHeader.isBlank()) {
            headers.add(overrideHeader);
        }
        return headers;
    }

    /** The rollout plan, checked; empty when the route has none. Call after {@link #validate()}. */
    public Optional<RolloutPlan> plan() {
        if (rollout == null) {
            return Optional.empty();
        }
        Problems problems = Problems.under("");
        RolloutPlan plan = rollout.check(problems);
        problems.throwIfAny();
        return Optional.of(plan);
    }

    /** The route's rollout as the controller and the gateways identify it; empty without a plan. */
    public Optional<RolloutTarget> rolloutTarget() {
        return plan().map(plan -> new RolloutTarget(getRouteId(), stable, canary, weight, plan));
    }

    public String getStable() {
        return stable;
    }

    public void setStable(String stable) {
        this.stable = stable;
    }

    public String getCanary() {
        return canary;
    }

    public void setCanary(String canary) {
        this.canary = canary;
    }

    public double getWeight() {
        return weight;
    }

    public void setWeight(double weight) {
        this.weight = weight;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getOverrideHeader() {
        return overrideHeader;
    }

    public void setOverrideHeader(String overrideHeader) {
        this.overrideHeader = overrideHeader;
    }

    public String getSalt() {
        return salt;
    }

    public void setSalt(String salt) {
        this.salt = salt;
    }

    public RolloutArgs getRollout() {
        return rollout;
    }

    public void setRollout(RolloutArgs rollout) {
        this.rollout = rollout;
    }
}
