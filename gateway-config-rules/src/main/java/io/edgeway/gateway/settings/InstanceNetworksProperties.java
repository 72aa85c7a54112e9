package io.edgeway.gateway.settings;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.edgeway.security.AddressAllowList;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The networks the instances of every {@code lb://} service must be in: an instance the registry lists with an address
 * that is not an IP inside them gets no request, so that whoever registers a foreign address does not receive traffic
 * (README, "Registry roles and instance networks").
 *
 * @param allowedNetworks CIDR ranges for every service without its own; by default loopback and private networks
 * @param services        per service id (compared ignoring case), ranges that replace the default ones
 */
@ConfigurationProperties(InstanceNetworksProperties.PREFIX)
public record InstanceNetworksProperties(
        @DefaultValue({ "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7" })
        List<String> allowedNetworks, Map<String, Service> services) {

    public static final String PREFIX = "edgeway.gateway.instances";

    public InstanceNetworksProperties {
        allowedNetworks = List.copyOf(allowedNetworks);
        services = services == null ? Map.of() : services.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
        Problems problems = Problems.under(PREFIX);
        check(problems, "allowed-networks", allowedNetworks);
        services.forEach((id, service) -> check(problems, "services." + id + ".allowed-networks",
                service == null ? null : service.allowedNetworks()));
        problems.throwIfAny();
    }

    /** The allowed networks of one service. */
    public AddressAllowList allowListOf(String serviceId) {
        Service own = serviceId == null ? null : services.get(serviceId.toLowerCase(Locale.ROOT));
        return AddressAllowList.of(own != null ? own.allowedNetworks() : allowedNetworks);
    }

    private static void check(Problems problems, String key, List<String> networks) {
        String why = null;
        if (networks == null || networks.isEmpty()) {
            why = "must list at least one network";
        }
        else {
            try {
                AddressAllowList.of(networks);
            }
            catch (IllegalArgumentException ex) {
                why = ex.getMessage();
            }
        }
        problems.require(why == null, key, why);
    }

    /** @param allowedNetworks the service's own CIDR ranges */
    public record Service(List<String> allowedNetworks) {
    }
}
