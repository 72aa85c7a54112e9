package io.edgeway.lbadapter.leader;

/** A replica configured without leader election: it is its own leader. */
public final class SoleReplica implements LeaderStatus {

    private final String replicaId;

    public SoleReplica(String replicaId) {
        this.replicaId = replicaId;
    }

    @Override
    public String replicaId() {
        return replicaId;
    }

    @Override
    public boolean isLeader() {
        return true;
    }

    @Override
    public boolean confirm() {
        return true;
    }
}
