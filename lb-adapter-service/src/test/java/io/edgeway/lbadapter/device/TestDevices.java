package io.edgeway.lbadapter.device;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.nitro.NitroSettings;
import io.edgeway.lbadapter.device.f5.F5Device;
import io.edgeway.lbadapter.device.f5.F5DeviceSettings;
import io.edgeway.lbadapter.device.nitro.NitroDevice;
import io.edgeway.lbadapter.device.nitro.NitroDeviceSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Drivers pointed at emulators, with short timeouts and back-offs so that fault tests run fast. */
public final class TestDevices {

    public static final RetryPolicy FAST_RETRY = new RetryPolicy(6, Duration.ofMillis(20), Duration.ofMillis(200));

    public static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    private TestDevices() {
    }

    public static F5Device f5(String name, URI url, int maxTokens, Clock clock) {
        return new F5Device(new F5DeviceSettings(name, url, F5Settings.DEMO_USER, F5Settings.DEMO_PASSWORD, maxTokens,
                Duration.ofSeconds(60), Duration.ofSeconds(1), REQUEST_TIMEOUT, FAST_RETRY), clock,
                new SimpleMeterRegistry());
    }

    public static NitroDevice nitro(String name, URI url, int maxSessions, Clock clock) {
        return new NitroDevice(new NitroDeviceSettings(name, url, NitroSettings.DEMO_USER, NitroSettings.DEMO_PASSWORD,
                maxSessions, Duration.ofSeconds(3600), Duration.ofSeconds(10), Duration.ofSeconds(1), REQUEST_TIMEOUT,
                FAST_RETRY), clock, new SimpleMeterRegistry());
    }
}
