package io.edgeway.lbadapter.reconcile;

import java.util.Objects;

/** Where a pool member sends traffic: what identifies a member within its pool. */
public record MemberAddress(String ip, int port) implements Comparable<MemberAddress> {

    public MemberAddress {
        Objects.requireNonNull(ip, "ip");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** The address {@link #toString()} wrote: {@code ip:port}, or {@code [ip]:port} for IPv6. */
    public static MemberAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("not ip:port: " + text);
        }
        String ip = text.substring(0, colon);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        return new MemberAddress(ip, Integer.parseInt(text.substring(colon + 1)));
    }

    @Override
    public int compareTo(MemberAddress other) {
        int byIp = ip.compareTo(other.ip);
        return byIp != 0 ? byIp : Integer.compare(port, other.port);
    }

    @Override
    public String toString() {
        return ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port;
    }
}
