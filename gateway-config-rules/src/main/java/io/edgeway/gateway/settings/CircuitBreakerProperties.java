package io.edgeway.gateway.settings;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the routes' {@code CircuitBreaker} filters (resilience4j): named defaults, and per breaker name
 * only what differs.
 *
 * @param defaults what every breaker gets
 * @param instances per breaker name (the filter's {@code name}), overrides of single settings
 */
@ConfigurationProperties(CircuitBreakerProperties.PREFIX)
public record CircuitBreakerProperties(@DefaultValue Breaker defaults, @DefaultValue Map<String, Instance> instances) {

    public static final String PREFIX = "edgeway.gateway.circuit-breaker";

    public CircuitBreakerProperties {
        instances = Map.copyOf(instances);
        Problems problems = Problems.under(PREFIX + ".instances");
        instances.forEach((name, own) -> Breaker.check(problems, name + ".", own.failureRate(), own.slidingWindow(),
                own.minimumCalls(), own.waitInOpen(), own.halfOpenCalls(), own.timeout()));
        problems.throwIfAny();
    }

    /** The settings of the named breaker: its overrides on top of the defaults. */
    public Breaker forName(String name) {
        Instance own = instances.get(name);
        return own == null ? defaults : own.applyTo(defaults);
    }

    /**
     * One breaker's settings.
     *
     * @param failureRate percentage of failed calls in the window that opens the breaker
     * @param slidingWindow calls in the window the rate is measured over
     * @param minimumCalls calls needed before the rate counts
     * @param waitInOpen how long an open breaker refuses calls before it lets a few try
     * @param halfOpenCalls calls let through to decide whether to close again
     * @param timeout a call taking longer fails (the time limiter)
     */
    public record Breaker(@DefaultValue("50") float failureRate, @DefaultValue("20") int slidingWindow,
            @DefaultValue("10") int minimumCalls, @DefaultValue("10s") Duration waitInOpen,
            @DefaultValue("3") int halfOpenCalls, @DefaultValue("30s") Duration timeout) {

        public Breaker {
            Problems problems = Problems.under(PREFIX + ".defaults");
            check(problems, "", failureRate, slidingWindow, minimumCalls, waitInOpen, halfOpenCalls, timeout);
            problems.throwIfAny();
        }

        /** What resilience4j would refuse when it builds the breaker; {@code null}: not set, nothing to check. */
        static void check(Problems problems, String keyPrefix, Float failureRate, Integer slidingWindow,
                Integer minimumCalls, Duration waitInOpen, Integer halfOpenCalls, Duration timeout) {
            problems.require(failureRate == null || (failureRate > 0 && failureRate <= 100), keyPrefix + "failure-rate",
                            "must be in (0, 100], not " + failureRate)
                    .require(slidingWindow == null || slidingWindow >= 1, keyPrefix + "sliding-window",
                            "must be at least 1, not " + slidingWindow)
                    .require(minimumCalls == null || minimumCalls >= 1, keyPrefix + "minimum-calls",
                            "must be at least 1, not " + minimumCalls)
                    .require(waitInOpen == null || waitInOpen.toMillis() >= 1, keyPrefix + "wait-in-open",
                            "must be at least 1ms, not " + waitInOpen)
                    .require(halfOpenCalls == null || halfOpenCalls >= 1, keyPrefix + "half-open-calls",
                            "must be at least 1, not " + halfOpenCalls)
                    .require(timeout == null || Problems.positive(timeout), keyPrefix + "timeout",
                            "must be positive, not " + timeout);
        }
    }

    /** A breaker's own values; what it leaves unset comes from the defaults. */
    public record Instance(Float failureRate, Integer slidingWindow, Integer minimumCalls, Duration waitInOpen,
            Integer halfOpenCalls, Duration timeout) {

        Breaker applyTo(Breaker defaults) {
            return new Breaker(failureRate != null ? failureRate : defaults.failureRate(),
                    slidingWindow != null ? slidingWindow : defaults.slidingWindow(),
                    minimumCalls != null ? minimumCalls : defaults.minimumCalls(),
                    waitInOpen != null ? waitInOpen : defaults.waitInOpen(),
                    halfOpenCalls != null ? halfOpenCalls : defaults.halfOpenCalls(),
                    timeout != null ? timeout : defaults.timeout());
        }
    }
}
