package io.edgeway.security;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The networks a peer (a registered instance, a caller) must be in: a list of {@link AddressRange}s. A host given by
 * name is never allowed, since what it resolves to is not known here and may change.
 */
public final class AddressAllowList {

    /**
     * Loopback and private networks: 127.0.0.0/8, ::1, RFC 1918 and IPv6 unique-local. Not link-local
     * (169.254.0.0/16 holds the cloud metadata service) nor any public address.
     */
    public static final List<String> PRIVATE_NETWORKS = List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8",
            "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

    private final List<AddressRange> ranges;

    private AddressAllowList(List<AddressRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** The ranges, in CIDR notation; throws {@link IllegalArgumentException} naming every one that is not. */
    public static AddressAllowList of(Collection<String> cidrs) {
        List<AddressRange> ranges = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String cidr : cidrs) {
            try {
                ranges.add(AddressRange.parse(cidr));
            }
            catch (IllegalArgumentException ex) {
                problems.add(ex.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new AddressAllowList(ranges);
    }

    /** Whether {@code host} is an IP address literal inside one of the ranges. */
    public boolean allows(String host) {
        Optional<InetAddress> address = AddressRange.literal(host);
        return address.isPresent() && ranges.stream().anyMatch(range -> range.contains(address.get()));
    }

    @Override
    public String toString() {
        return ranges.toString();
    }
}
