package io.edgeway.lbadapter.leader;

import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Adds {@code leader: {replicaId, leader}} to {@code /actuator/info}, which load balancers and operators can poll. */
@Component
class LeaderInfoContributor implements InfoContributor {

    private final LeaderStatus status;

    LeaderInfoContributor(LeaderStatus status) {
        this.status = status;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("leader", Map.of("replicaId", status.replicaId(), "leader", status.isLeader()));
    }
}
