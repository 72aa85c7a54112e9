package io.edgeway.lbadapter.config;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.edgeway.lbadapter.device.RetryPolicy;
import io.edgeway.lbadapter.device.f5.F5Device;
import io.edgeway.lbadapter.device.f5.F5DeviceSettings;
import io.edgeway.lbadapter.device.nitro.NitroDevice;
import io.edgeway.lbadapter.device.nitro.NitroDeviceSettings;
import io.edgeway.lbadapter.reconcile.LoadBalancerDevice;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured devices, each behind its driver; closing it logs out of every device. */
public final class LoadBalancers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadBalancers.class);

    private final Map<String, LoadBalancerDevice> devices;

    LoadBalancers(Map<String, LbAdapterProperties.Device> settings, Clock clock, MeterRegistry meters) {
        Map<String, LoadBalancerDevice> built = new LinkedHashMap<>();
        settings.forEach((name, device) -> built.put(name, driver(name, device, clock, meters)));
        this.devices = Map.copyOf(built);
    }

    public Map<String, LoadBalancerDevice> byName() {
        return devices;
    }

    @Override
    public void close() {
        devices.values().forEach(device -> {
            try {
                ((AutoCloseable) device).close();
            }
            catch (Exception e) {
                log.warn("{}: not logged out cleanly: {}", device.name(), e.getMessage());
            }
        });
    }

    private static LoadBalancerDevice driver(String name, LbAdapterProperties.Device device, Clock clock,
            MeterRegistry meters) {
        RetryPolicy retry = new RetryPolicy(device.retry().maxAttempts(), device.retry().initialBackoff(),
                device.retry().maxBackoff());
        String password = device.password() == null ? "" : device.password();
        return switch (device.type()) {
            case F5 -> new F5Device(new F5DeviceSettings(name, device.url(), device.username(), password,
                    device.maxTokens(), Duration.ofSeconds(60), device.connectTimeout(),
                    device.requestTimeout(), retry), clock, meters);
            case NETSCALER -> new NitroDevice(new NitroDeviceSettings(name, device.url(), device.username(), password,
                    device.maxSessions(), Duration.ofHours(1), device.requestTimeout().multipliedBy(6),
                    device.connectTimeout(), device.requestTimeout(), retry), clock, meters);
        };
    }
}
