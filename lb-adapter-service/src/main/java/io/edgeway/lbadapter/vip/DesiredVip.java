package io.edgeway.lbadapter.vip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.MemberAddress;

/**
 * A declared VIP placed on its device: what the device must hold.
 *
 * @param key         where it lives
 * @param spec        its listener, persistence and monitor
 * @param application the Eureka application whose UP instances are its members
 * @param memberPort  the members' port; the instance's own port when null
 * @param members     its members' addresses ({@code ip:port}), from the registry
 * @param commit      the config commit that declares it (written into its {@link OwnershipMark}), or null
 * @param versions    the members' versions (instance metadata {@code version}), by address; a member without one is
 *                    absent
 * @param canary      the gateway's canary split of the application, or null when it has none: then every member has
 *                    ratio 1
 */
public record DesiredVip(VipKey key, VipSpec spec, String application, Integer memberPort, List<String> members,
        String commit, Map<String, String> versions, CanarySplit canary) {

    /** A VIP whose application has no canary. */
    public DesiredVip(VipKey key, VipSpec spec, String application, Integer memberPort, List<String> members,
            String commit) {
        this(key, spec, application, memberPort, members, commit, Map.of(), null);
    }

    public DesiredVip {
        members = members == null ? List.of() : List.copyOf(members);
        versions = versions == null ? Map.of() : Map.copyOf(versions);
    }

    /** The members with the ratios the canary split gives them (all 1 without a split). */
    public List<DesiredMember> weightedMembers() {
        if (canary == null) {
            return members.stream().map(m -> new DesiredMember(MemberAddress.parse(m), 1, application)).toList();
        }
        Map<String, String> byMember = new LinkedHashMap<>();
        members.forEach(m -> byMember.put(m, versions.get(m)));
        Map<String, Integer> ratios = CanaryRatios.ratios(byMember, canary);
        String reason = canary.describe();
        return members.stream().map(m -> new DesiredMember(MemberAddress.parse(m), ratios.get(m), application,
                reason)).toList();
    }

    /** A VIP declared by no known commit. */
    public DesiredVip(VipKey key, VipSpec spec, String application, Integer memberPort, List<String> members) {
        this(key, spec, application, memberPort, members, null, Map.of(), null);
    }
}
