package io.edgeway.gateway.shedding;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;
import com.netflix.concurrency.limits.limit.WindowedLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.edgeway.gateway.settings.Priority;
import io.edgeway.gateway.settings.SheddingProperties;

/**
 * One backend's concurrency limiter with priority classes: the library's limiter keeps the in-flight count
 * under an adaptive limit, and a class is admitted only while the in-flight count is under its share of that
 * limit, so as the limit falls best-effort traffic is refused first and critical traffic last.
 */
public final class PriorityLimiter {

    /** A window's lowest latency this much above the lowest of the last minute is a queue (the gateway's noise). */
    private static final long QUEUE_TOLERANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** ... and this share of it above (a slow backend's own latency varies by more). */
    private static final double QUEUE_TOLERANCE_SHARE = 0.1;

    /** No queue for this long opens the limit again: a second of 100 ms windows. */
    private static final long REOPEN_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String name;

    private final SimpleLimiter<Void> limiter;

    private final SheddingProperties.Admit admit;

    /** Permits held per class, by {@link Priority#ordinal()}: what each class takes of the limit. */
    private final AtomicInteger[] inflightByClass = new AtomicInteger[Priority.values().length];

    PriorityLimiter(String name, Limit limit, SheddingProperties.Admit admit, LongSupplier nanoClock) {
        this.name = name;
        this.limiter = SimpleLimiter.newBuilder().named(name).limit(limit).nanoClock(nanoClock).build();
        this.admit = admit;
        for (int i = 0; i < inflightByClass.length; i++) {
            inflightByClass[i] = new AtomicInteger();
        }
    }

    /** A limiter with the configured algorithm. */
    public static PriorityLimiter create(String name, SheddingProperties properties) {
        return create(name, properties, System::nanoTime);
    }

    static PriorityLimiter create(String name, SheddingProperties properties, LongSupplier nanoClock) {
        Limit algorithm = properties.algorithm().equals("vegas")
                ? VegasLimit.newBuilder().initialLimit(properties.initialLimit()).maxConcurrency(properties.maxLimit())
                        .build()
                : Gradient2Limit.newBuilder().initialLimit(properties.initialLimit()).minLimit(properties.minLimit())
                        .maxConcurrency(properties.maxLimit()).build();
        return new PriorityLimiter(name, new FloorLimit(windowed(algorithm, properties), properties.minLimit()),
                properties.admit(), nanoClock);
    }

    /**
     * The algorithm fed one sample per window (lowest latency, peak in-flight) instead of one per response: per
     * response, hundreds of updates a second all react to latencies of requests admitted under an older, higher
     * limit, so the limit overshoots and swings far below the backend's concurrency, refusing critical requests.
     * Behind a {@link QueueGate}: the algorithm's limit applies while the windows show a queue (their lowest latency
     * more than 1 ms and 10 % above the lowest of the last minute), max-limit once none has for a second.
     */
    private static Limit windowed(Limit algorithm, SheddingProperties properties) {
        long window = properties.window().toNanos();
        if (window == 0) {
            return algorithm;
        }
        // The library drops a window of fewer than 10 responses; a window lasts twice its fastest response, so
        // letting it grow to 1 s keeps a slow backend's windows (4 threads at 100 ms: 40 requests/s) from all being
        // dropped, with the limit never moving.
        return WindowedLimit.newBuilder().minWindowTime(window, TimeUnit.NANOSECONDS)
                .maxWindowTime(Math.max(window, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS)
                .sampleWindowFactory(LowestLatencyWindow.FACTORY)
                .build(new QueueGate(algorithm, properties.maxLimit(), QUEUE_TOLERANCE_NANOS, QUEUE_TOLERANCE_SHARE,
                        REOPEN_AFTER_NANOS));
    }

    /**
     * A permit for one request of this class, or empty if it must be shed. The caller reports the outcome on
     * the listener: {@code onSuccess} (a latency sample), {@code onDropped} (overload: timeout, 503) or
     * {@code onIgnore}.
     */
    public Optional<Limiter.Listener> tryAcquire(Priority priority) {
        if (limiter.getInflight() >= ceiling(priority)) {
            return Optional.empty();
        }
        Optional<Limiter.Listener> permit = limiter.acquire(null);
        if (permit.isEmpty()) {
            return permit;
        }
        AtomicInteger held = inflightByClass[priority.ordinal()];
        held.incrementAndGet();
        return Optional.of(new ClassPermit(permit.get(), held));
    }

    /** The in-flight count from which this class is refused: its share of the current limit. */
    public int ceiling(Priority priority) {
        return (int) Math.ceil(admit.share(priority) * limiter.getLimit());
    }

    /** Requests of this class in flight now. */
    public int inflight(Priority priority) {
        return inflightByClass[priority.ordinal()].get();
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

    /** A permit that also releases its class's count; the caller reports exactly one outcome per permit. */
    private record ClassPermit(Limiter.Listener permit, AtomicInteger held) implements Limiter.Listener {

        @Override
        public void onSuccess() {
            held.decrementAndGet();
            permit.onSuccess();
        }

        @Override
        public void onIgnore() {
            held.decrementAndGet();
            permit.onIgnore();
        }

        @Override
        public void onDropped() {
            held.decrementAndGet();
            permit.onDropped();
        }
    }
}
