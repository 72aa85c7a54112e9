package io.edgeway.discovery.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The discovery server's credentials, under {@value #PREFIX}: one per registering application, and one each for
 * reading the registry, operating it, replicating between nodes and reading the dashboard. The user names are fixed:
 * a registrant's is its application name, the others' {@code reader}, {@code operator}, {@code peer} and
 * {@code dashboard}.
 *
 * @param registrants       by application name (compared ignoring case), who may register instances of it
 * @param readerPassword    of {@code reader}, who reads the registry (clients that route or mirror)
 * @param operatorPassword  of {@code operator}, who reads the registry and sets the status of any instance
 * @param peerPassword      of {@code peer}, another node of the cluster: replication, and anything else
 * @param dashboardPassword of {@code dashboard}, who reads the dashboard in a browser
 */
@ConfigurationProperties(DiscoveryProperties.PREFIX)
public record DiscoveryProperties(Map<String, Registrant> registrants, String readerPassword, String operatorPassword,
        String peerPassword, String dashboardPassword) {

    public static final String PREFIX = "edgeway.discovery";

    /** The user names of the roles; no application may be registered under one of them. */
    public static final Set<String> ROLE_USERS = Set.of("reader", "operator", "peer", "dashboard");

    public DiscoveryProperties {
        Map<String, Registrant> byName = registrants == null ? Map.of() : new TreeMap<>(registrants);
        List<String> problems = new ArrayList<>();
        byName.forEach((application, registrant) -> {
            String key = PREFIX + ".registrants." + application;
            if (ROLE_USERS.contains(application.toLowerCase(Locale.ROOT))) {
                problems.add(key + ": '" + application + "' is the user of a role, not an application name");
            }
            requirePassword(registrant == null ? null : registrant.password(), key + ".password", problems);
        });
        if (byName.keySet().stream().map(a -> a.toLowerCase(Locale.ROOT)).distinct().count() != byName.size()) {
            problems.add(PREFIX + ".registrants: two applications differ only in case: " + byName.keySet());
        }
        requirePassword(readerPassword, PREFIX + ".reader-password", problems);
        requirePassword(operatorPassword, PREFIX + ".operator-password", problems);
        requirePassword(peerPassword, PREFIX + ".peer-password", problems);
        requirePassword(dashboardPassword, PREFIX + ".dashboard-password", problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        registrants = Map.copyOf(byName);
    }

    private static void requirePassword(String password, String key, List<String> problems) {
        if (password == null || password.isBlank()) {
            problems.add(key + ": is required");
        }
    }

    @Override
    public String toString() {
        return "DiscoveryProperties[registrants=" + registrants.keySet() + "]";
    }

    /**
     * A registering application's credential.
     *
     * @param password      its password
     * @param readsRegistry whether it also reads the registry (a gateway registers and routes), as {@code reader}
     */
    public record Registrant(String password, boolean readsRegistry) {

        @Override
        public String toString() {
            return "Registrant[readsRegistry=" + readsRegistry + "]";
        }
    }
}
