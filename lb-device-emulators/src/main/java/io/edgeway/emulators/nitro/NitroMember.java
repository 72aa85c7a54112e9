package io.edgeway.emulators.nitro;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import io.edgeway.emulators.support.Json;

/**
 * A service group member binding and its drain: disabled with a {@code delay} it is GOING OUT OF SERVICE until the
 * delay ends; with {@code graceful} it also ends as soon as its simulated connections reach zero (the "grace
 * period or zero connections"; how the appliance combines the two is UNCONFIRMED). Disabled with neither, it is OUT
 * OF SERVICE at once.
 */
final class NitroMember {

    private static final DateTimeFormatter STATE_CHANGE = DateTimeFormatter
            .ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    final String ip;

    final int port;

    final String servername;

    int weight = 1;

    boolean enabled = true;

    Instant stateChangedAt;

    long delaySeconds;

    boolean graceful;

    int connections;

    boolean monitorUp = true;

    NitroMember(String ip, int port, String servername, Instant now) {
        this.ip = ip;
        this.port = port;
        this.servername = servername;
        this.stateChangedAt = now;
    }

    NitroMember copy() {
        NitroMember copy = new NitroMember(ip, port, servername, stateChangedAt);
        copy.weight = weight;
        copy.enabled = enabled;
        copy.delaySeconds = delaySeconds;
        copy.graceful = graceful;
        copy.connections = connections;
        copy.monitorUp = monitorUp;
        return copy;
    }

    static String key(String ip, int port) {
        return ip + ":" + port;
    }

    String key() {
        return key(ip, port);
    }

    void disable(long delay, boolean gracefully, Instant now) {
        if (enabled) {
            enabled = false;
            stateChangedAt = now;
        }
        delaySeconds = delay;
        graceful = gracefully;
    }

    void enable(Instant now) {
        if (!enabled) {
            enabled = true;
            stateChangedAt = now;
        }
        delaySeconds = 0;
        graceful = false;
    }

    boolean outOfService(Instant now) {
        if (enabled) {
            return false;
        }
        if (graceful && connections == 0) {
            return true;
        }
        if (delaySeconds > 0) {
            return !now.isBefore(stateChangedAt.plusSeconds(delaySeconds));
        }
        return !graceful;
    }

    String svrstate(Instant now) {
        if (enabled) {
            return monitorUp ? "UP" : "DOWN";
        }
        if (outOfService(now)) {
            return "OUT OF SERVICE";
        }
        return monitorUp ? "GOING OUT OF SERVICE" : "DOWN WHEN GOING OUT OF SERVICE";
    }

    /** Serving new clients: enabled and up (a draining member keeps only its persistent clients). */
    boolean active(Instant now) {
        return enabled && monitorUp;
    }

    Map<String, Object> toJson(String servicegroup, Instant now) {
        Instant changed = outOfService(now) && !graceful && delaySeconds > 0
                ? stateChangedAt.plusSeconds(delaySeconds) : stateChangedAt;
        long ticks = Duration.between(changed, now).toMillis() / 10;
        // NITRO returns weight as a string and port as a number; clients have to cope with both.
        return Json.object("servicegroupname", servicegroup, "ip", ip, "port", port, "svrstate", svrstate(now),
                "statechangetimesec", STATE_CHANGE.format(changed), "tickssincelaststatechange", ticks, "weight",
                String.valueOf(weight), "servername", servername, "customserverid", "None", "serverid", 0, "state",
                enabled ? "ENABLED" : "DISABLED", "hashid", Math.abs(key().hashCode()), "graceful",
                graceful ? "YES" : "NO", "delay", delaySeconds, "delayremaining", delayRemaining(now), "nameserver",
                "0.0.0.0", "dbsttl", 0, "orderstr", "Default", "trofsreason", "");
    }

    private long delayRemaining(Instant now) {
        if (enabled || delaySeconds == 0 || outOfService(now)) {
            return 0;
        }
        return Math.max(0, Duration.between(now, stateChangedAt.plusSeconds(delaySeconds)).toSeconds());
    }
}
