package io.edgeway.gateway.shedding;

import java.util.Optional;
import java.util.function.LongSupplier;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.edgeway.gateway.settings.Priority;
import io.edgeway.gateway.settings.SheddingProperties;

/**
 * One backend's concurrency limiter with priority classes: the library's limiter keeps the in-flight count
 * under an adaptive limit, and a class is admitted only while the in-flight count is under its share of that
 * limit, so as the limit falls best-effort traffic is refused first and critical traffic last.
 */
public final class PriorityLimiter {

    private final String name;

    private final SimpleLimiter<Void> limiter;

    private final SheddingProperties.Admit admit;

    PriorityLimiter(String name, Limit limit, SheddingProperties.Admit admit, LongSupplier nanoClock) {
        this.name = name;
        this.limiter = SimpleLimiter.newBuilder().named(name).limit(limit).nanoClock(nanoClock).build();
        this.admit = admit;
    }

    /** A limiter with the configured algorithm. */
    public static PriorityLimiter create(String name, SheddingProperties properties) {
        return create(name, properties, System::nanoTime);
    }

    static PriorityLimiter create(String name, SheddingProperties properties, LongSupplier nanoClock) {
        Limit limit = properties.algorithm().equals("vegas")
                ? new FloorLimit(VegasLimit.newBuilder().initialLimit(properties.initialLimit())
                        .maxConcurrency(properties.maxLimit()).build(), properties.minLimit())
                : Gradient2Limit.newBuilder().initialLimit(properties.initialLimit()).minLimit(properties.minLimit())
                        .maxConcurrency(properties.maxLimit()).build();
        return new PriorityLimiter(name, limit, properties.admit(), nanoClock);
    }

    /**
     * A permit for one request of this class, or empty if it must be shed. The caller reports the outcome on
     * the listener: {@code onSuccess} (a latency sample), {@code onDropped} (overload: timeout, 503) or
     * {@code onIgnore}.
     */
    public Optional<Limiter.Listener> tryAcquire(Priority priority) {
        int ceiling = (int) Math.ceil(admit.share(priority) * limiter.getLimit());
        if (limiter.getInflight() >= ceiling) {
            return Optional.empty();
        }
        return limiter.acquire(null);
    }

    public String name() {
        return name;
    }

    public int limit() {
        return limiter.getLimit();
    }

    public int inflight() {
        return limiter.getInflight();
    }
}
