package io.edgeway.lbadapter.operator;

import io.edgeway.lbadapter.reconcile.MemberAddress;

/** Reads a member as written by {@link MemberAddress#toString()}: {@code 10.0.0.1:80} or {@code [2001:db8::1]:80}. */
final class MemberAddresses {

    private MemberAddresses() {
    }

    static MemberAddress parse(String text) {
        String value = text == null ? "" : text.trim();
        int colon = value.lastIndexOf(':');
        String ip = colon > 0 ? value.substring(0, colon) : "";
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        else if (ip.contains(":")) {
            ip = "";
        }
        if (ip.isEmpty()) {
            throw new IllegalArgumentException("member '" + text + "' is not ip:port (or [ipv6]:port)");
        }
        try {
            return new MemberAddress(ip, Integer.parseInt(value.substring(colon + 1)));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("member '" + text + "' has no valid port (1 to 65535)");
        }
    }
}
