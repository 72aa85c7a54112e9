package io.edgeway.lbadapter.view;

import java.time.Instant;
import java.util.List;

/**
 * What the last read of one device found.
 *
 * @param device         the device's configured name
 * @param virtualServers its virtual servers with their pools, as of {@code polledAt}
 * @param polledAt       when the last successful read started; null before the first one
 * @param attemptedAt    when the last read started, successful or not
 * @param error          why the last read failed, or null when it succeeded
 */
public record DeviceSnapshot(String device, List<PooledVirtualServer> virtualServers, Instant polledAt,
        Instant attemptedAt, String error) {

    public DeviceSnapshot {
        virtualServers = List.copyOf(virtualServers);
    }

    static DeviceSnapshot read(String device, List<PooledVirtualServer> virtualServers, Instant started) {
        return new DeviceSnapshot(device, virtualServers, started, started, null);
    }

    /** This snapshot's data, still shown, with the error of a later read that failed. */
    DeviceSnapshot failed(Instant started, String why) {
        return new DeviceSnapshot(device, virtualServers, polledAt, started, why);
    }
}
