package io.edgeway.lbadapter.device;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One device's meters, tagged with its vendor and name: every call by the device's answer (the HTTP status, or
 * {@code timeout}, {@code unavailable}, {@code io} when none came), and the sessions or tokens the driver holds
 * against its limit.
 */
public final class DeviceMeters {

    private static final String CALLS = "edgeway.lbadapter.device.calls";

    private final MeterRegistry registry;

    private final String vendor;

    private final String device;

    private final Map<String, Counter> calls = new ConcurrentHashMap<>();

    public DeviceMeters(MeterRegistry registry, String vendor, String device) {
        this.registry = registry;
        this.vendor = vendor;
        this.device = device;
    }

    void answered(int status) {
        count(Integer.toString(status));
    }

    void failed(String code) {
        count(code);
    }

    private void count(String code) {
        calls.computeIfAbsent(code, c -> Counter.builder(CALLS).tag("vendor", vendor).tag("device", device)
                .tag("code", c).description("Calls to a device's API, each attempt counted, by its answer")
                .register(registry)).increment();
    }

    /** Gauges of the sessions (F5: tokens) the driver holds now, and the most it may hold. */
    public <T> void sessions(T holder, ToIntFunction<T> inUse, int limit) {
        Gauge.builder("edgeway.lbadapter.device.sessions.in-use", holder, h -> inUse.applyAsInt(h))
                .tag("vendor", vendor).tag("device", device).description("Sessions or tokens held on the device")
                .register(registry);
        Gauge.builder("edgeway.lbadapter.device.sessions.limit", () -> limit).tag("vendor", vendor)
                .tag("device", device).description("The most sessions or tokens the adapter may hold")
                .register(registry);
    }
}
