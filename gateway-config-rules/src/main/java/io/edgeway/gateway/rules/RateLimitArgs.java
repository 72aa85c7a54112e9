package io.edgeway.gateway.rules;

import java.time.Duration;
import java.util.List;

import io.edgeway.gateway.settings.Problems;

/**
 * Arguments of {@code RateLimit}: each client gets {@code requests} per {@code period} on the route (bursts up to
 * {@code burst}); past that, 429 with {@code Retry-After}.
 */
public class RateLimitArgs extends FilterArgs {

    /** Requests each client may make per {@code period}. */
    private long requests;

    /** The refill period. */
    private Duration period = Duration.ofSeconds(1);

    /** Requests a client may make at once; defaults to {@code requests}. */
    private long burst;

    /** Who a client is: {@code subject}, {@code header:NAME}, {@code cookie:NAME}, {@code ip}, first present. */
    private String key = "subject, ip";

    @Override
    public void validate() {
        Problems problems = Problems.under("")
                .require(requests >= 1, "requests", "must be at least 1, not " + requests)
                .require(Problems.positive(period), "period", "must be positive, not " + period)
                .require(burst >= 0, "burst", "must not be negative (0: as many as requests), not " + burst);
        checkKey(problems, key);
        problems.throwIfAny();
    }

    @Override
    public List<String> headersRead() {
        return keyHeaders(key);
    }

    public long getRequests() {
        return requests;
    }

    public void setRequests(long requests) {
        this.requests = requests;
    }

    public Duration getPeriod() {
        return period;
    }

    public void setPeriod(Duration period) {
        this.period = period;
    }

    public long getBurst() {
        return burst;
    }

    public void setBurst(long burst) {
        this.burst = burst;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
