package io.edgeway.lbadapter.vip;

import java.util.Set;

/** One change of a VIP plan, for a driver to write or for {@code /api/plan} to show. */
public sealed interface VipChange {

    /** The VIP the change is about. */
    VipKey key();

    /** Creates the VIP with its pool, members and monitor. */
    record Create(DesiredVip vip) implements VipChange {

        @Override
        public VipKey key() {
            return vip.key();
        }
    }

    /**
     * Changes only the named fields ({@code port}, {@code health}, ...) of a VIP the adapter owns; {@code current} is
     * what the device holds now (null when not known).
     */
    record Update(DesiredVip vip, Set<String> fields, VipSpec current) implements VipChange {

        public Update(DesiredVip vip, Set<String> fields) {
            this(vip, fields, null);
        }

        @Override
        public VipKey key() {
            return vip.key();
        }
    }

    /** Drains every member of an owned VIP that is no longer declared: the first step of its removal. */
    record Drain(VipKey key) implements VipChange {
    }

    /** Deletes an owned, undeclared and drained VIP with its pool and monitor. */
    record Delete(VipKey key) implements VipChange {
    }

    /** A declared VIP that cannot be applied (its name or listener is held by a hand-made VIP); nothing is written. */
    record Refused(VipKey key, String reason) implements VipChange {
    }
}
