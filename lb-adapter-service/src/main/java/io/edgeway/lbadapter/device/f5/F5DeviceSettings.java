package io.edgeway.lbadapter.device.f5;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import io.edgeway.lbadapter.device.RetryPolicy;

/**
 * How to reach one BIG-IP.
 *
 * @param name           the device's configured name
 * @param url            the management URL, {@code https://bigip.example} (no path)
 * @param username       a user of the device (local or remote: tokens work for both)
 * @param password       its password
 * @param maxTokens      most tokens held at once, renewals included (the device allows 100 per user)
 * @param renewBefore    a token is replaced this long before it expires (f5-icontrol-rest-python uses 60 s)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout how long one call may take
 * @param retry          retries of failed calls
 */
public record F5DeviceSettings(String name, URI url, String username, String password, int maxTokens,
        Duration renewBefore, Duration connectTimeout, Duration requestTimeout, RetryPolicy retry) {

    public F5DeviceSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1");
        }
    }
}
