package io.edgeway.lbadapter.vip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares the declared VIPs with the VIPs read from the devices and lists the changes that make them equal: create
 * what is missing, update only the fields that differ, drain and then delete what the adapter owns but no longer
 * declares. A VIP without the {@link OwnershipMark} is never changed; a declaration that collides with one is refused.
 * Knows nothing of HTTP, vendors or Spring.
 */
public final class VipPlanner {

    private VipPlanner() {
    }

    /** The changes, in the order they may be written (refusals first, removals last). */
    public static List<VipChange> plan(Collection<DesiredVip> desired, Collection<ObservedVip> observed) {
        Map<VipKey, ObservedVip> byKey = new LinkedHashMap<>();
        observed.forEach(vip -> byKey.put(vip.key(), vip));
        List<VipChange> refusals = new ArrayList<>();
        List<VipChange> writes = new ArrayList<>();
        Set<VipKey> declared = new LinkedHashSet<>();
        for (DesiredVip vip : desired) {
            declared.add(vip.key());
            ObservedVip current = byKey.get(vip.key());
            if (current != null && !current.owned()) {
                refusals.add(new VipChange.Refused(vip.key(), "a virtual server named '" + vip.key().name()
                        + "' was made by hand on device '" + vip.key().device() + "' in partition '"
                        + vip.key().partition() + "'; it is not touched"));
                continue;
            }
            ObservedVip listener = handMadeListener(vip, observed);
            if (listener != null) {
                refusals.add(new VipChange.Refused(vip.key(), vip.spec().address() + ":" + vip.spec().port()
                        + " is held by the hand-made virtual server '" + listener.key().name() + "' on device '"
                        + vip.key().device() + "'; it is not touched"));
                continue;
            }
            if (current == null) {
                writes.add(new VipChange.Create(vip));
                continue;
            }
            Set<String> fields = differences(vip.spec(), current.spec());
            if (!current.weighsMembers()) {
                fields.add("balancing");
            }
            if (!fields.isEmpty()) {
                writes.add(new VipChange.Update(vip, fields, current.spec()));
            }
        }
        for (ObservedVip vip : observed) {
            if (vip.owned() && !declared.contains(vip.key())) {
                writes.add(vip.activeMembers() > 0 ? new VipChange.Drain(vip.key()) : new VipChange.Delete(vip.key()));
            }
        }
        List<VipChange> plan = new ArrayList<>(refusals);
        plan.addAll(writes);
        return plan;
    }

    private static ObservedVip handMadeListener(DesiredVip vip, Collection<ObservedVip> observed) {
        for (ObservedVip other : observed) {
            if (!other.owned() && other.key().device().equals(vip.key().device())
                    && other.spec().address().equals(vip.spec().address()) && other.spec().port() == vip.spec().port()) {
                return other;
            }
        }
        return null;
    }

    /** The names of the fields that differ, as the drivers update them. */
    static Set<String> differences(VipSpec desired, VipSpec current) {
        Set<String> fields = new LinkedHashSet<>();
        if (!desired.address().equals(current.address())) {
            fields.add("address");
        }
        if (desired.port() != current.port()) {
            fields.add("port");
        }
        if (desired.protocol() != current.protocol()) {
            fields.add("protocol");
        }
        if (desired.persistence() != current.persistence()) {
            fields.add("persistence");
        }
        if (!Objects.equals(desired.health(), current.health())) {
            fields.add("health");
        }
        return fields;
    }
}
