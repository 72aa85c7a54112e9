package io.edgeway.gateway.rollout;

import java.time.Duration;
import java.util.List;

/**
 * A checked rollout plan of one route's canary: the weights to walk through and what each step needs to advance.
 *
 * @param steps canary weights in %, strictly increasing, each in (0, 100]
 * @param stepAfter minimum time at a step before it may advance
 * @param minRequests requests per version per step, fleet-wide, before a step may advance
 * @param maxErrorRateIncrease allowed canary error rate minus stable error rate, as a fraction (0.005 = 0.5 %)
 * @param maxP99Ratio allowed canary p99 ÷ stable p99
 * @param confidence confidence of each verdict, e.g. 0.95
 */
public record RolloutPlan(List<Double> steps, Duration stepAfter, long minRequests, double maxErrorRateIncrease,
        double maxP99Ratio, double confidence) {

    public RolloutPlan {
        steps = List.copyOf(steps);
    }

    /** The weight of step {@code index}. */
    public double weight(int index) {
        return steps.get(index);
    }

    /** Whether {@code index} is the last step: advancing from it completes the rollout. */
    public boolean isLast(int index) {
        return index == steps.size() - 1;
    }

    /** The chance of a wrong verdict each check may take: 1 − confidence. */
    public double alpha() {
        return 1 - confidence;
    }
}
