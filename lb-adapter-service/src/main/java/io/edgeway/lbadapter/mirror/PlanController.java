package io.edgeway.lbadapter.mirror;

import java.time.Instant;
import java.util.List;

import io.edgeway.lbadapter.reconcile.Change;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.DesiredState;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolOutcome;
import io.edgeway.lbadapter.reconcile.ReconcileCycle;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/plan}: what a reconcile would change right now, read from the registry and the devices, unwritten. */
@RestController
class PlanController {

    /** The dry-run plan, pool by pool. */
    record PlanView(Instant at, boolean registryAvailable, List<PoolView> pools) {
    }

    /** One pool: its members on the device, the changes planned, what the guards held, or why it was unreadable. */
    record PoolView(String pool, List<MemberView> members, List<ChangeView> changes, List<HoldView> holds,
            String error) {
    }

    record MemberView(String member, String state, Instant drainingSince, Integer connections, int weight) {
    }

    record ChangeView(String action, String member, String reason) {
    }

    record HoldView(int members, String reason) {
    }

    private final RegistrySource registry;

    private final ReconcileCycle cycle;

    PlanController(RegistrySource registry, ReconcileCycle cycle) {
        this.registry = registry;
        this.cycle = cycle;
    }

    @GetMapping("/api/plan")
    PlanView plan() {
        DesiredState desired = registry.desired();
        CycleReport report = cycle.run(desired, false);
        return new PlanView(report.at(), desired.registryAvailable(),
                report.pools().stream().map(PlanController::view).toList());
    }

    private static PoolView view(PoolOutcome outcome) {
        return new PoolView(outcome.pool().toString(),
                outcome.observed().stream().map(PlanController::view).toList(),
                outcome.plan().changes().stream().map(PlanController::view).toList(),
                outcome.plan().holds().stream().map(h -> new HoldView(h.members(), h.reason())).toList(),
                outcome.readError());
    }

    private static MemberView view(ObservedMember member) {
        return new MemberView(member.address().toString(), member.state().name(), member.drainingSince(),
                member.connections() == ObservedMember.UNKNOWN_CONNECTIONS ? null : member.connections(),
                member.weight());
    }

    private static ChangeView view(Change change) {
        return new ChangeView(change.action().name(), change.member().toString(), change.reason());
    }
}
