package io.edgeway.lbadapter.vip;

import java.util.List;

/**
 * A declared VIP placed on its device: what the device must hold.
 *
 * @param key         where it lives
 * @param spec        its listener, persistence and monitor
 * @param application the Eureka application whose UP instances are its members
 * @param memberPort  the members' port; the instance's own port when null
 * @param members     its members' addresses ({@code ip:port}), from the registry
 * @param commit      the config commit that declares it (written into its {@link OwnershipMark}), or null
 */
public record DesiredVip(VipKey key, VipSpec spec, String application, Integer memberPort, List<String> members,
        String commit) {

    public DesiredVip {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** A VIP declared by no known commit. */
    public DesiredVip(VipKey key, VipSpec spec, String application, Integer memberPort, List<String> members) {
        this(key, spec, application, memberPort, members, null);
    }
}
