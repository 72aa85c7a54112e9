package io.edgeway.gateway.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.edgeway.gateway.rollout.RolloutPlan;
import io.edgeway.gateway.settings.Problems;

/**
 * The {@code rollout} argument of {@code Canary}: the steps the rollout controller walks the canary's weight through,
 * and the evidence each step needs. Bound like the filter's other arguments, then checked by {@link #check}.
 *
 * <pre>
 * rollout:
 *   steps: [1, 5, 25, 50, 100]
 *   step-after: 2m
 *   min-requests: 500
 *   slo:
 *     error-rate: { max-increase: 0.5% }
 *     p99-latency: { max-ratio: 1.3 }
 *   confidence: 0.95
 * </pre>
 */
public class RolloutArgs {

    /** Canary weights in %, strictly increasing, each in (0, 100]; the rollout completes at the last. */
    private List<Double> steps = new ArrayList<>();

    /** Minimum time at a step before it may advance. */
    private Duration stepAfter = Duration.ofMinutes(2);

    /** Requests per version per step, fleet-wide, before a step may advance. */
    private long minRequests = 500;

    /** What the canary must keep to, compared with the stable version in the same window. */
    private Slo slo = new Slo();

    /** Confidence of every verdict, in [0.8, 0.9999]: a pass or a fail is wrong at most 1 − confidence of the time. */
    private double confidence = 0.95;

    /** Notes every problem under {@code rollout.} and returns the plan if there was none. */
    RolloutPlan check(Problems problems) {
        boolean ok = true;
        if (steps.isEmpty()) {
            ok = false;
            problems.require(false, "rollout.steps", "is required (weights in %, e.g. [1, 5, 25, 50, 100])");
        }
        for (int i = 0; i < steps.size(); i++) {
            Double step = steps.get(i);
            boolean inRange = step != null && step > 0 && step <= 100;
            ok &= inRange;
            problems.require(inRange, "rollout.steps[" + i + "]",
                    (step == null ? "is empty" : RouteRules.number(step)) + " is outside (0, 100]");
            if (inRange && i > 0 && steps.get(i - 1) != null && step <= steps.get(i - 1)) {
                ok = false;
                problems.require(false, "rollout.steps[" + i + "]", RouteRules.number(step)
                        + " does not increase on " + RouteRules.number(steps.get(i - 1))
                        + " (steps only move users to the canary, never back)");
            }
        }
        ok &= require(problems, Problems.positive(stepAfter), "rollout.step-after", "must be positive, not " + stepAfter);
        ok &= require(problems, minRequests >= 1, "rollout.min-requests", "must be at least 1, not " + minRequests);
        ok &= require(problems, confidence >= 0.8 && confidence <= 0.9999, "rollout.confidence",
                RouteRules.number(confidence) + " is outside [0.8, 0.9999]");
        Double maxIncrease = percent(slo.errorRate.maxIncrease);
        ok &= require(problems, maxIncrease != null && maxIncrease >= 0 && maxIncrease < 1,
                "rollout.slo.error-rate.max-increase", "'" + slo.errorRate.maxIncrease
                        + "' is not a percentage in [0%, 100%) (write it with %, e.g. 0.5%)");
        double maxRatio = slo.p99Latency.maxRatio;
        ok &= require(problems, maxRatio >= 1 && Double.isFinite(maxRatio), "rollout.slo.p99-latency.max-ratio",
                RouteRules.number(maxRatio) + " must be at least 1 (canary p99 ÷ stable p99)");
        return ok ? new RolloutPlan(steps, stepAfter, minRequests, maxIncrease, maxRatio, confidence) : null;
    }

    private static boolean require(Problems problems, boolean ok, String key, String why) {
        problems.require(ok, key, why);
        return ok;
    }

    /** {@code 0.5%} as 0.005; {@code null} for anything else (a bare number would be ambiguous). */
    static Double percent(String text) {
        if (text == null || !text.trim().endsWith("%")) {
            return null;
        }
        try {
            String number = text.trim();
            return new BigDecimal(number.substring(0, number.length() - 1).trim()).movePointLeft(2).doubleValue();
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }

    public List<Double> getSteps() {
        return steps;
    }

    public void setSteps(List<Double> steps) {
        this.steps = steps;
    }

    public Duration getStepAfter() {
        return stepAfter;
    }

    public void setStepAfter(Duration stepAfter) {
        this.stepAfter = stepAfter;
    }

    public long getMinRequests() {
        return minRequests;
    }

    public void setMinRequests(long minRequests) {
        this.minRequests = minRequests;
    }

    public Slo getSlo() {
        return slo;
    }

    public void setSlo(Slo slo) {
        this.slo = slo;
    }

    public double getConfidence() {
        return confidence;
    }

    public void setConfidence(double confidence) {
        this.confidence = confidence;
    }

    /** The service levels the canary must keep relative to the stable version. */
    public static class Slo {

        /** The canary's error rate (5xx and failed requests) may exceed the stable one's by at most this much. */
        private ErrorRate errorRate = new ErrorRate();

        /** The canary's p99 latency may be at most this multiple of the stable one's. */
        private P99Latency p99Latency = new P99Latency();

        public ErrorRate getErrorRate() {
            return errorRate;
        }

        public void setErrorRate(ErrorRate errorRate) {
            this.errorRate = errorRate;
        }

        public P99Latency getP99Latency() {
            return p99Latency;
        }

        public void setP99Latency(P99Latency p99Latency) {
            this.p99Latency = p99Latency;
        }
    }

    /** {@code slo.error-rate}. */
    public static class ErrorRate {

        /** Allowed increase of the error rate, in percentage points, e.g. {@code 0.5%}. */
        private String maxIncrease = "0.5%";

        public String getMaxIncrease() {
            return maxIncrease;
        }

        public void setMaxIncrease(String maxIncrease) {
            this.maxIncrease = maxIncrease;
        }
    }

    /** {@code slo.p99-latency}. */
    public static class P99Latency {

        /** Allowed ratio of canary p99 to stable p99, at least 1. */
        private double maxRatio = 1.3;

        public double getMaxRatio() {
            return maxRatio;
        }

        public void setMaxRatio(double maxRatio) {
            this.maxRatio = maxRatio;
        }
    }
}
