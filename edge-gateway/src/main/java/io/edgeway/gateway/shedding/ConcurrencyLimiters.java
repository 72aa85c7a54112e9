package io.edgeway.gateway.shedding;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import io.edgeway.gateway.settings.Priority;
import io.edgeway.gateway.settings.SheddingProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import io.edgeway.gateway.support.LiveProperties;

/**
 * The limiters by name (a backend service, or whatever name routes give), made on first use. A refresh that
 * changes {@code edgeway.gateway.shedding} replaces them all: their limits start again from the new
 * initial limit, and their gauges follow.
 */
public final class ConcurrencyLimiters {

    private final LiveProperties<SheddingProperties> properties;

    private final MeterRegistry meters;

    private final Map<String, PriorityLimiter> limiters = new ConcurrentHashMap<>();

    public ConcurrencyLimiters(LiveProperties<SheddingProperties> properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
        properties.onChange(changed -> limiters.clear());
    }

    public PriorityLimiter get(String name) {
        return limiters.computeIfAbsent(name, this::create);
    }

    public SheddingProperties settings() {
        return properties.get();
    }

    private PriorityLimiter create(String name) {
        PriorityLimiter limiter = PriorityLimiter.create(name, properties.get());
        // Gauges read the limiter in force under this name, so a replaced one never leaves a stale gauge.
        Gauge.builder("edgeway.shedding.limit", this, l -> l.current(name, PriorityLimiter::limit))
                .tag("limiter", name).description("Adaptive concurrency limit").register(meters);
        Gauge.builder("edgeway.shedding.inflight", this, l -> l.current(name, PriorityLimiter::inflight))
                .tag("limiter", name).description("Requests in flight under the limiter").register(meters);
        for (Priority priority : Priority.values()) {
            Gauge.builder("edgeway.shedding.class.limit", this, l -> l.current(name, p -> p.ceiling(priority)))
                    .tag("limiter", name).tag("priority", priority.label())
                    .description("In-flight count from which the class is refused").register(meters);
            Gauge.builder("edgeway.shedding.class.inflight", this, l -> l.current(name, p -> p.inflight(priority)))
                    .tag("limiter", name).tag("priority", priority.label())
                    .description("Requests of the class in flight under the limiter").register(meters);
        }
        return limiter;
    }

    private double current(String name, ToIntFunction<PriorityLimiter> value) {
        PriorityLimiter limiter = limiters.get(name);
        return limiter != null ? value.applyAsInt(limiter) : Double.NaN;
    }
}
