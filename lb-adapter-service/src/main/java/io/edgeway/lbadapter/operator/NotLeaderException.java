package io.edgeway.lbadapter.operator;

/** An operator action sent to a replica that does not lead: only the leader writes to the devices. */
public class NotLeaderException extends RuntimeException {

    public NotLeaderException(String replicaId) {
        super("replica " + replicaId + " does not lead, and only the leader writes to the devices: "
                + "send the action to the replica whose GET /api/leader says \"leader\":true");
    }
}
