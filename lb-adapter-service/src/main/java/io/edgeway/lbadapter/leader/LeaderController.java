package io.edgeway.lbadapter.leader;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/leader}: this replica's id and whether it leads. */
@RestController
class LeaderController {

    /** This replica and its role. */
    record LeaderView(String replicaId, boolean leader) {
    }

    private final LeaderStatus status;

    LeaderController(LeaderStatus status) {
        this.status = status;
    }

    @GetMapping("/api/leader")
    LeaderView leader() {
        return new LeaderView(status.replicaId(), status.isLeader());
    }
}
