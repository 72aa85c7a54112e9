package io.edgeway.emulators.nitro;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The appliance's admin partitions by name: {@code default} first, then those configured or added; not thread-safe. */
final class NitroPartitions {

    private final Map<String, NitroPartition> byName = new LinkedHashMap<>();

    NitroPartitions(List<String> names) {
        add("default");
        names.forEach(this::add);
    }

    void add(String name) {
        byName.computeIfAbsent(name, n -> new NitroPartition(n, byName.size()));
    }

    /** The partition, or the appliance's 2755 when there is none of that name. */
    NitroPartition get(String name) {
        NitroPartition partition = byName.get(name);
        if (partition == null) {
            throw NitroErrors.noPartition();
        }
        return partition;
    }

    Collection<NitroPartition> all() {
        return byName.values();
    }
}
