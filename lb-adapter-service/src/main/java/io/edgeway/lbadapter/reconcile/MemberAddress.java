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
