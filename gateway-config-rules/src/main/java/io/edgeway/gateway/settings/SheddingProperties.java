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
 * @param algorithm {@code gradient2} (follows the latency gradient; the library's recommended default) or
 * {@code vegas} (estimates the queue from the minimum latency)
 * @param initialLimit concurrent requests allowed before any latency was measured
 * @param minLimit the limit never goes below this. Not lower than 32: a fast backend keeps few requests in flight, so
 * the limit never grows, and a burst of requests after a pause of the gateway's own must still fit under it (with 16,
 * 2-10 % of requests were shed at half load in the policy benchmark); 32 is still below what a backend's thread
 * pool usually takes
 * @param maxLimit the limit never goes above this
 * @param admit share of the limit each class may fill: a class is refused once this many requests are in flight, so
 * best-effort goes first and critical last
 * @param priorityHeader header a caller may use to raise or lower its class (values as in {@link Priority})
 * @param priorityScope the header counts only for callers whose token has this scope
 * @param retryAfter what a refused client is told to wait ({@code Retry-After}, whole seconds)
 */
@ConfigurationProperties(SheddingProperties.PREFIX)
public record SheddingProperties(@DefaultValue("gradient2") String algorithm, @DefaultValue("40") int initialLimit,
        @DefaultValue("32") int minLimit, @DefaultValue("200") int maxLimit, @DefaultValue Admit admit,
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
                .require(!retryAfter.isNegative(), "retry-after", "must not be negative, not " + retryAfter)
                .throwIfAny();
    }

    /**
     * Share of the limit, 0–1, up to which each class is admitted; critical should stay 1.
     *
     * @param critical share for critical requests
     * @param defaultShare share for default requests ({@code default} in config)
     * @param bestEffort share for best-effort requests
     */
    public record Admit(@DefaultValue("1.0") double critical, @Name("default") @DefaultValue("0.85") double defaultShare,
            @DefaultValue("0.6") double bestEffort) {

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
