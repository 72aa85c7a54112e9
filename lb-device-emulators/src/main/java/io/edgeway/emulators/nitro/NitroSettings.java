package io.edgeway.emulators.nitro;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How an emulated NetScaler behaves; the defaults are the appliance's.
 *
 * @param users             users and their passwords
 * @param boundPartitions   users bound to one partition land there at login (UNCONFIRMED); others land in default
 * @param maxClient         system-wide concurrent sessions ({@code systemparameter.maxclient}, 20)
 * @param maxSession        concurrent sessions per user ({@code systemuser.maxsession}, 20)
 * @param limitStatus       HTTP status of the 445/446/447 limit errors (UNCONFIRMED; 503 by default)
 * @param sessionTimeout    idle timeout of a session when login asks for none (1800 s)
 * @param maxSessionTimeout the most a login may ask for when {@code restrictedtimeout} is on; null when it is off
 * @param partitions        admin partitions besides {@code default}
 * @param clock             the appliance's clock; tests pass a {@code MutableClock}
 */
public record NitroSettings(Map<String, String> users, Map<String, String> boundPartitions, int maxClient,
        int maxSession, int limitStatus, Duration sessionTimeout, Duration maxSessionTimeout, List<String> partitions,
        Clock clock) {

    /** Demo credentials: for a laptop and for tests only. */
    public static final String DEMO_USER = "edgeway";

    public static final String DEMO_PASSWORD = "demo-nitro-secret";

    public NitroSettings {
        users = Map.copyOf(users);
        boundPartitions = Map.copyOf(boundPartitions);
        partitions = List.copyOf(partitions);
    }

    public static NitroSettings defaults() {
        return new NitroSettings(Map.of(DEMO_USER, DEMO_PASSWORD, "nsroot", "demo-nsroot-secret"), Map.of(), 20, 20,
                503, Duration.ofSeconds(1800), null, List.of(), Clock.systemUTC());
    }

    public NitroSettings withClock(Clock newClock) {
        return new NitroSettings(users, boundPartitions, maxClient, maxSession, limitStatus, sessionTimeout,
                maxSessionTimeout, partitions, newClock);
    }

    public NitroSettings withPartitions(String... newPartitions) {
        return new NitroSettings(users, boundPartitions, maxClient, maxSession, limitStatus, sessionTimeout,
                maxSessionTimeout, List.of(newPartitions), clock);
    }

    public NitroSettings withMaxClient(int newMaxClient) {
        return new NitroSettings(users, boundPartitions, newMaxClient, maxSession, limitStatus, sessionTimeout,
                maxSessionTimeout, partitions, clock);
    }
}
