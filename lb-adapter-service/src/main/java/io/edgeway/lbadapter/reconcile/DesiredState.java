package io.edgeway.lbadapter.reconcile;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the registry wants: for every mapped pool (those without instances too), its members.
 *
 * @param registryAvailable false when the registry could not be read: then nothing is removed
 * @param pools             every mapped pool and the members it should have
 */
public record DesiredState(boolean registryAvailable, Map<PoolKey, List<DesiredMember>> pools) {

    public DesiredState {
        TreeMap<PoolKey, List<DesiredMember>> copy = new TreeMap<>();
        pools.forEach((pool, members) -> copy.put(pool, List.copyOf(members)));
        pools = copy;
    }
}
