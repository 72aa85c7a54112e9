package io.edgeway.gateway.settings;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;

/**
 * Adaptive concurrency limits ({@code ShedLoad} routes): one limiter per backend service, whose limit follows
 * the measured latency (Netflix concurrency-limits), shared out between priority classes.
 *
 * @param algorithm {@code vegas} (estimates the queue from the lowest latency seen; the default) or {@code gradient2}
 * (follows the latency gradient). Gradient2 compares the latency with its own long-term average, which under
 * sustained overload follows the queued latency up: at twice a 16-thread backend's capacity its limit climbed to
 * max-limit (200) within 4 s and admitted requests queued 10x as long as at half load
 * @param initialLimit concurrent requests allowed before any latency was measured
 * @param minLimit the limit never goes below this. 24, below the 28-34 the limit finds for a 16-thread backend at twice
 * its capacity, so that it does not hold a queue the limiter never refuses (the old 32 did not either: Gradient2 went
 * to max-limit); not lower, because Vegas's lowest latency is remembered: when the gateway starves or a service's
 * latency rises (a fast endpoint, then a slow one) it reads as a queue and the limit falls to the floor, where 0.7 x 24
 * still admits 17 default requests at once (the closed-loop benchmark's 16 connections). In front of smaller backends
 * lower it
 * @param maxLimit the limit never goes above this; also the limit while the backend shows no queue: with windows, the
 * algorithm's limit applies only once a window's lowest latency is more than 1 ms and 10 % above the lowest of the
 * last minute (or a request was dropped), and until no window has shown that for a second. Below that pressure the
 * in-flight count is no queue; the gateway's own stalls (a collection, a descheduled event loop) admit dozens of
 * requests at once when it resumes, and in front of a fast backend the classes' shares of a limit sized for the
 * backend refused some at half load (0.5 % of the policy benchmark's once)
 * @param window the algorithm sees one sample per window (its lowest latency, peak in-flight count) instead of one per
 * response ({@code 0}: per response, and the limit always applies). Per response, the limit swings: at twice a slow
 * backend's capacity Vegas went between 9 and 55 around the backend's 16 threads, and whenever it dipped below the
 * requests in flight it refused critical ones too (15 % of them in the simulation); with 100 ms windows it holds
 * within a few requests. The lowest latency, not the mean: a queue delays every request of a window, a stall of the
 * gateway only those it caught, and against a sub-millisecond backend the mean of such a window read as a queue of
 * most of the limit to Vegas, which took the limit to its floor
 * @param admit share of the limit each class may fill: a class is refused once this many requests are in flight, so
 * best-effort goes first and critical last
 * @param priorityHeader header a caller may use to raise or lower its class (values as in {@link Priority})
 * @param priorityScope the header counts only for callers whose token has this scope
 * @param retryAfter what a refused client is told to wait ({@code Retry-After}, whole seconds)
 */
@ConfigurationProperties(SheddingProperties.PREFIX)
public record SheddingProperties(@DefaultValue("vegas") String algorithm, @DefaultValue("40") int initialLimit,
        @DefaultValue("24") int minLimit, @DefaultValue("200") int maxLimit, @DefaultValue("100ms") Duration window,
        @DefaultValue Admit admit,
        @DefaultValue("X-Priority") String priorityHeader, @DefaultValue("priority") String priorityScope,
        @DefaultValue("1s") Duration retryAfter) {

    public static final String PREFIX = "edgeway.gateway.shedding";

    public SheddingProperties {
        algorithm = algorithm.trim().toLowerCase(Locale.ROOT);
        Problems.under(PREFIX)
                .require(algorithm.equals("gradient2") || algorithm.equals("vegas"), "algorithm",
                        "must be gradient2 or vegas, not " + algorithm)
                .require(1 <= minLimit && minLimit <= initialLimit && initialLimit <= maxLimit, "",
                        "need 1 <= min-limit <= initial-limit <= max-limit, not " + minLimit + ", " + initialLimit
                                + ", " + maxLimit)
                .require(!window.isNegative(), "window", "must not be negative, not " + window)
                .require(!retryAfter.isNegative(), "retry-after", "must not be negative, not " + retryAfter)
                .throwIfAny();
    }

    /**
     * Share of the limit, 0–1, up to which each class is admitted; critical should stay 1. Now that the limit sits
     * near the backend's concurrency (about 30 for 16 threads), the headroom above default is a handful of requests:
     * with 0.85 a burst of critical requests over it was refused (0.2-1.7 % of them at twice the capacity in the
     * simulation), with 0.7 none.
     *
     * @param critical share for critical requests
     * @param defaultShare share for default requests ({@code default} in config)
     * @param bestEffort share for best-effort requests
     */
    public record Admit(@DefaultValue("1.0") double critical, @Name("default") @DefaultValue("0.7") double defaultShare,
            @DefaultValue("0.5") double bestEffort) {

        public Admit {
            Problems problems = Problems.under(PREFIX + ".admit");
            boolean shares = share(problems, "critical", critical) & share(problems, "default", defaultShare)
                    & share(problems, "best-effort", bestEffort);
            problems.require(!shares || (bestEffort <= defaultShare && defaultShare <= critical), "",
                    "need best-effort <= default <= critical, not " + bestEffort + ", " + defaultShare + ", " + critical)
                    .throwIfAny();
        }

        private static boolean share(Problems problems, String key, double share) {
            boolean ok = share > 0 && share <= 1;
            problems.require(ok, key, "must be in (0, 1], not " + share);
            return ok;
        }

        public double share(Priority priority) {
            return switch (priority) {
                case CRITICAL -> critical;
                case DEFAULT -> defaultShare;
                case BEST_EFFORT -> bestEffort;
            };
        }
    }
}
