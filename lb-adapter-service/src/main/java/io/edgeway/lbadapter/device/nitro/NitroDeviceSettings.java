package io.edgeway.lbadapter.device.nitro;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import io.edgeway.lbadapter.device.RetryPolicy;

/**
 * How to reach one NetScaler ADC.
 *
 * @param name           the device's configured name
 * @param url            the management URL, {@code https://adc.example} (no path)
 * @param username       a system user
 * @param password       its password
 * @param maxSessions    most sessions held at once; keep it well below the appliance's limit (20, shared with the
 *                       GUI and other automation)
 * @param sessionTimeout the idle timeout asked for at login
 * @param acquireTimeout how long a call waits for a free session before it fails (and is retried)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout how long one call may take
 * @param retry          retries of failed calls
 */
public record NitroDeviceSettings(String name, URI url, String username, String password, int maxSessions,
        Duration sessionTimeout, Duration acquireTimeout, Duration connectTimeout, Duration requestTimeout,
        RetryPolicy retry) {

    public NitroDeviceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
    }
}
