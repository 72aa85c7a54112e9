package io.edgeway.emulators.f5;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an emulated BIG-IP behaves; the defaults are the device's.
 *
 * @param users           local users and their passwords; {@code remoteUsers} may not use Basic auth
 * @param remoteUsers     users that authenticate remotely (LDAP, RADIUS): token only
 * @param tokenLimit      live tokens per user (100 on the device)
 * @param tokenLimitExempt users without a token limit ({@code admin} on the device)
 * @param tokenTimeout    lifetime of a new token (1200 s)
 * @param maxTokenTimeout longest lifetime a PATCH may ask for, counted from the token's start (36000 s)
 * @param probeDelay      how long a monitored member stays {@code unchecked} before its monitor reports (UNCONFIRMED)
 * @param transactionTimeout how long an uncommitted transaction lives (30 s per the 11.5 article; 120 s per the labs)
 * @param partitions      partitions besides {@code Common}
 * @param clock           the device's clock; tests pass a {@code MutableClock}
 */
public record F5Settings(Map<String, String> users, Set<String> remoteUsers, int tokenLimit, Set<String> tokenLimitExempt,
        Duration tokenTimeout, Duration maxTokenTimeout, Duration probeDelay, Duration transactionTimeout,
        List<String> partitions, Clock clock) {

    /** Demo credentials: for a laptop and for tests only. */
    public static final String DEMO_USER = "edgeway";

    public static final String DEMO_PASSWORD = "demo-f5-secret";

    public F5Settings {
        users = Map.copyOf(users);
        remoteUsers = Set.copyOf(remoteUsers);
        tokenLimitExempt = Set.copyOf(tokenLimitExempt);
        partitions = List.copyOf(partitions);
    }

    public static F5Settings defaults() {
        return new F5Settings(Map.of(DEMO_USER, DEMO_PASSWORD, "admin", "demo-admin-secret"), Set.of(), 100,
                Set.of("admin"), Duration.ofSeconds(1200), Duration.ofSeconds(36000), Duration.ofSeconds(2),
                Duration.ofSeconds(30), List.of(), Clock.systemUTC());
    }

    public F5Settings withClock(Clock newClock) {
        return new F5Settings(users, remoteUsers, tokenLimit, tokenLimitExempt, tokenTimeout, maxTokenTimeout, probeDelay,
                transactionTimeout, partitions, newClock);
    }

    public F5Settings withPartitions(String... newPartitions) {
        return new F5Settings(users, remoteUsers, tokenLimit, tokenLimitExempt, tokenTimeout, maxTokenTimeout, probeDelay,
                transactionTimeout, List.of(newPartitions), clock);
    }

    public F5Settings withTokenLimit(int newLimit) {
        return new F5Settings(users, remoteUsers, newLimit, tokenLimitExempt, tokenTimeout, maxTokenTimeout, probeDelay,
                transactionTimeout, partitions, clock);
    }

    public F5Settings withProbeDelay(Duration newDelay) {
        return new F5Settings(users, remoteUsers, tokenLimit, tokenLimitExempt, tokenTimeout, maxTokenTimeout, newDelay,
                transactionTimeout, partitions, clock);
    }

    public F5Settings withUser(String user, String password, boolean remote) {
        Map<String, String> newUsers = new HashMap<>(users);
        newUsers.put(user, password);
        Set<String> newRemote = new HashSet<>(remoteUsers);
        if (remote) {
            newRemote.add(user);
        }
        return new F5Settings(newUsers, newRemote, tokenLimit, tokenLimitExempt, tokenTimeout, maxTokenTimeout, probeDelay,
                transactionTimeout, partitions, clock);
    }
}
