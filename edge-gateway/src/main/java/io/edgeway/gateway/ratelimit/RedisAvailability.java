package io.edgeway.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Whether the shared rate-limit store answers. The first failed call marks Redis down (one WARN line per outage)
 * and starts a background probe every {@code probe-interval}; while Redis is down no request calls it, so none
 * waits for a timeout. The first answered probe marks it up again.
 */
public final class RedisAvailability implements AutoCloseable {

    /** Counter of rate-limit calls to Redis that failed or timed out; the requests among them passed unlimited. */
    public static final String FAILURES_METRIC = "edgeway.ratelimit.redis.failures";

    /** Gauge: 1 while Redis answers, 0 while rate limits fail open. */
    public static final String AVAILABLE_METRIC = "edgeway.ratelimit.redis.available";

    private static final Logger log = LoggerFactory.getLogger(RedisAvailability.class);

    private final ReactiveStringRedisTemplate redis;

    private final Supplier<Duration> probeInterval;

    private final Counter failures;

    private final AtomicBoolean available = new AtomicBoolean(true);

    private volatile Disposable probe;

    public RedisAvailability(ReactiveStringRedisTemplate redis, Supplier<Duration> probeInterval,
            MeterRegistry meters) {
        this.redis = redis;
        this.probeInterval = probeInterval;
        this.failures = Counter.builder(FAILURES_METRIC).description("Rate-limit calls to Redis that failed")
                .register(meters);
        Gauge.builder(AVAILABLE_METRIC, available, up -> up.get() ? 1 : 0)
                .description("Whether the shared rate-limit store answers").register(meters);
    }

    /** The probe interval in force; also the longest a background call (a probe, a warm-up) may take. */
    public Duration probeInterval() {
        return probeInterval.get();
    }

    public boolean isAvailable() {
        return available.get();
    }

    /** A call failed: counted; the first failure of an outage marks Redis down and starts probing. */
    public void onFailure(Throwable error) {
        failures.increment();
        if (available.compareAndSet(true, false)) {
            log.warn("Redis does not answer for rate limits ({}); requests pass unlimited until it is back",
                    NestedExceptionUtils.getMostSpecificCause(error).toString());
            startProbing();
        }
    }

    private void startProbing() {
        Duration interval = probeInterval.get();
        probe = Mono.defer(() -> redis.execute(connection -> connection.ping()).next())
                .timeout(interval)
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, interval))
                .delaySubscription(interval)
                .subscribe(pong -> {
                    available.set(true);
                    log.info("Redis answers again; shared rate limits are enforced");
                });
    }

    @Override
    public void close() {
        Disposable running = probe;
        if (running != null) {
            running.dispose();
        }
    }
}
