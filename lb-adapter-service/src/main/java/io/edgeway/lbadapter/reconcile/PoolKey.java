package io.edgeway.lbadapter.reconcile;

import java.util.Objects;

/** A pool (F5) or service group (NetScaler): which device, which partition, which name. */
public record PoolKey(String device, String partition, String pool) implements Comparable<PoolKey> {

    public PoolKey {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(pool, "pool");
    }

    @Override
    public int compareTo(PoolKey other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return device + "/" + partition + "/" + pool;
    }
}
