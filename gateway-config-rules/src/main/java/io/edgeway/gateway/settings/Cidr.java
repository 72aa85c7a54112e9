package io.edgeway.gateway.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A range of addresses, {@code 10.0.0.0/8} or {@code fd00::/8} (a bare address is the range of that address alone).
 *
 * @param network the range's first bytes
 * @param prefixLength how many leading bits must match
 */
public record Cidr(byte[] network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Parses a CIDR or an address; only literal addresses, never a name to resolve. */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress parsed = literal(address)
                .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not an address or CIDR"));
        int bits = parsed.getAddress().length * 8;
        int length;
        try {
            length = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
        }
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0–" + bits);
        }
        return new Cidr(parsed.getAddress(), length);
    }

    /** An address written as an IP literal (IPv4 dotted quad or IPv6, brackets allowed); never resolves a name. */
    public static Optional<InetAddress> literal(String text) {
        String address = text == null ? "" : text.trim();
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        if (!IPV4.matcher(address).matches() && !(address.contains(":") && address.matches("[0-9a-fA-F:.%]+"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(address));
        }
        catch (UnknownHostException ex) {
            return Optional.empty();
        }
    }

    /** Whether the address is in this range. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }
}
