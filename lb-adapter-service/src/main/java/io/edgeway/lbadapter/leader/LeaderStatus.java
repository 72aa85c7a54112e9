package io.edgeway.lbadapter.leader;

import io.edgeway.lbadapter.reconcile.WritePermission;

/** Whether this replica leads, and so is the one replica that writes to the devices. */
public interface LeaderStatus extends WritePermission {

    /** This replica's name, as shown in {@code /api/leader} and the logs. */
    String replicaId();

    /** Whether this replica leads now, as last seen; {@link #confirm()} checks again with the lock's store. */
    boolean isLeader();
}
