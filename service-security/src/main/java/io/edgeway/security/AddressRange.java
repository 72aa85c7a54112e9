package io.edgeway.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IP addresses in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is a block of one.
 * Only address literals are ever parsed or matched: nothing here resolves a host name.
 */
public final class AddressRange {

    // Dotted quad without leading zeros: "010.0.0.1" is octal to some parsers and decimal to others.
    private static final Pattern IPV4 = Pattern
            .compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final byte[] network;

    private final int prefixLength;

    private final String text;

    private AddressRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /** Parses {@code address/prefix} or a bare address; throws {@link IllegalArgumentException} saying why not. */
    public static AddressRange parse(String cidr) {
        String trimmed = cidr == null ? "" : cidr.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress parsed = literal(address)
                .orElseThrow(() -> new IllegalArgumentException("'" + trimmed + "' is not an IP address or CIDR range"));
        byte[] bytes = parsed.getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            }
            catch (NumberFormatException ex) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + trimmed + "' has no prefix length between 0 and " + bits);
            }
        }
        return new AddressRange(masked(bytes, prefix), prefix, trimmed);
    }

    /**
     * The address a literal stands for, or empty for anything else (a host name included). An IPv4-mapped IPv6
     * address ({@code ::ffff:10.0.0.1}) is the IPv4 address it maps.
     */
    public static Optional<InetAddress> literal(String host) {
        if (host == null) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!IPV4.matcher(bare).matches() && !IPV6.matcher(bare).matches()) {
            return Optional.empty();
        }
        try {
            // A literal: getByName parses it without any lookup (IPv4 checked above, and text with ':' is IPv6).
            return Optional.of(InetAddress.getByName(bare));
        }
        catch (UnknownHostException ex) {
            return Optional.empty();
        }
    }

    /** Whether the address is in this block; an IPv4 address is never in an IPv6 block, nor the reverse. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == network.length && Arrays.equals(masked(bytes, prefixLength), network);
    }

    private static byte[] masked(byte[] address, int prefix) {
        byte[] result = address.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            result[i] &= (byte) (0xFF << (8 - keep));
        }
        return result;
    }

    @Override
    public String toString() {
        return text;
    }
}
