package io.edgeway.lbadapter.view;

import java.util.Set;

import io.edgeway.lbadapter.reconcile.VirtualServer;
import io.edgeway.lbadapter.vip.OwnershipMark;

/**
 * Where a virtual server comes from, told by its ownership mark and the declarations in force: declared in git (and
 * by which config commit, as its mark says), made by hand (no mark: never touched), or the adapter's own but no
 * longer declared (being drained and removed).
 *
 * @param kind       {@link Kind}
 * @param vip        the declared VIP's name its mark carries; null when made by hand
 * @param declaredBy the config commit that last created or changed it, from its mark; null when made by hand or
 *                   marked before marks named the commit
 */
record VipOrigin(Kind kind, String vip, String declaredBy) {

    /** The three origins. */
    enum Kind {
        DECLARED, HAND_MADE, REMOVING
    }

    /** The origin of a virtual server read from a device, given the names of the VIPs declared now. */
    static VipOrigin of(VirtualServer server, Set<String> declared) {
        String vip = OwnershipMark.nameOf(server.note());
        if (vip == null) {
            return new VipOrigin(Kind.HAND_MADE, null, null);
        }
        return new VipOrigin(declared.contains(vip) ? Kind.DECLARED : Kind.REMOVING, vip,
                OwnershipMark.commitOf(server.note()));
    }
}
