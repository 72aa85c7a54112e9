package io.edgeway.lbadapter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.edgeway.security.AddressAllowList;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the adapter takes from the registry, under {@value #PREFIX}: only instances at an IP inside their
 * application's allowed networks are mirrored, and a weight from metadata is capped, so that whoever registers a
 * foreign address or a huge weight does not draw the hardware VIP's traffic (README, "Registry roles and instance
 * networks").
 *
 * @param allowedNetworks CIDR ranges for every application without its own; by default loopback and private networks
 * @param maxWeight       the largest member weight (ratio) any instance gets from its metadata, 1 to 100
 * @param applications    per application (compared ignoring case), networks and cap that replace the ones above
 */
@ConfigurationProperties(InstanceLimitsProperties.PREFIX)
public record InstanceLimitsProperties(
        @DefaultValue({ "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7" })
        List<String> allowedNetworks, @DefaultValue("10") int maxWeight, Map<String, Application> applications) {

    public static final String PREFIX = "edgeway.lb-adapter.instances";

    public InstanceLimitsProperties {
        allowedNetworks = List.copyOf(allowedNetworks);
        applications = applications == null ? Map.of() : applications.entrySet().stream().collect(
                Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
        List<String> problems = new ArrayList<>();
        check(PREFIX + ".allowed-networks", allowedNetworks, problems);
        checkWeight(PREFIX + ".max-weight", maxWeight, problems);
        applications.forEach((name, application) -> {
            String key = PREFIX + ".applications." + name;
            if (application != null && application.allowedNetworks() != null) {
                check(key + ".allowed-networks", application.allowedNetworks(), problems);
            }
            if (application != null && application.maxWeight() != null) {
                checkWeight(key + ".max-weight", application.maxWeight(), problems);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The allowed networks of one application. */
    public AddressAllowList networksOf(String application) {
        Application own = own(application);
        return AddressAllowList.of(own != null && own.allowedNetworks() != null ? own.allowedNetworks() : allowedNetworks);
    }

    /** The weight cap of one application. */
    public int maxWeightOf(String application) {
        Application own = own(application);
        return own != null && own.maxWeight() != null ? own.maxWeight() : maxWeight;
    }

    private Application own(String application) {
        return application == null ? null : applications.get(application.toLowerCase(Locale.ROOT));
    }

    private static void check(String key, List<String> networks, List<String> problems) {
        if (networks.isEmpty()) {
            problems.add(key + ": must list at least one network");
            return;
        }
        try {
            AddressAllowList.of(networks);
        }
        catch (IllegalArgumentException ex) {
            problems.add(key + ": " + ex.getMessage());
        }
    }

    private static void checkWeight(String key, int weight, List<String> problems) {
        if (weight < 1 || weight > 100) {
            problems.add(key + ": must be between 1 and 100, not " + weight);
        }
    }

    /**
     * @param allowedNetworks the application's own CIDR ranges, or {@code null} for the default ones
     * @param maxWeight       its own weight cap, or {@code null} for the default one
     */
    public record Application(List<String> allowedNetworks, Integer maxWeight) {
    }
}
