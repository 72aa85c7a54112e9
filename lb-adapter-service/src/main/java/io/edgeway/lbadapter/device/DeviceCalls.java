package io.edgeway.lbadapter.device;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import io.edgeway.lbadapter.reconcile.DeviceException;

/**
 * What both drivers need to call a device: its HTTP client, and each call retried on its own (never together with the
 * calls before it) as the device's {@link RetryPolicy} says.
 */
public final class DeviceCalls {

    private final String device;

    private final DeviceHttp http;

    private final RetryPolicy retry;

    public DeviceCalls(String device, URI url, Duration connectTimeout, Duration requestTimeout, RetryPolicy retry,
            DeviceMeters meters) {
        this.device = device;
        this.http = new DeviceHttp(device, url, connectTimeout, requestTimeout, meters);
        this.retry = retry;
    }

    public String device() {
        return device;
    }

    public DeviceHttp http() {
        return http;
    }

    /** Runs one call, retried on retryable failures. */
    public <T> T retried(Supplier<T> call) {
        return retry.call(call);
    }

    /** Runs one retried write, treating a failure of {@code kind} as success (an add that exists, a delete gone). */
    public void retriedIgnoring(DeviceException.Kind kind, Runnable write) {
        try {
            retry.run(write);
        }
        catch (DeviceException e) {
            if (e.kind() != kind) {
                throw e;
            }
        }
    }
}
