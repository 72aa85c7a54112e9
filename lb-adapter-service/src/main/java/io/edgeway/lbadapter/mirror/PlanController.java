package io.edgeway.lbadapter.mirror;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.lbadapter.config.LbAdapterProperties;
import io.edgeway.lbadapter.reconcile.Change;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.DesiredState;
import io.edgeway.lbadapter.reconcile.ObservedMember;
import io.edgeway.lbadapter.reconcile.PoolKey;
import io.edgeway.lbadapter.reconcile.PoolOutcome;
import io.edgeway.lbadapter.reconcile.ReconcileCycle;
import io.edgeway.lbadapter.vip.VipChange;
import io.edgeway.lbadapter.vip.VipCycle;
import io.edgeway.lbadapter.vip.VipReport;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/plan}: what a reconcile would change right now, read from the registry and the devices, unwritten:
 * the declared VIPs' changes, then the pools'.
 */
@RestController
class PlanController {

    /** The dry-run plan: VIP changes, VIPs that cannot be placed now, devices unread, then pool by pool. */
    record PlanView(Instant at, boolean registryAvailable, List<VipChangeView> vips, Map<String, String> unplacedVips,
            Map<String, String> vipReadErrors, List<PoolView> pools) {
    }

    /** One VIP change: CREATE, UPDATE (with the fields), DRAIN, DELETE or REFUSED (with the reason). */
    record VipChangeView(String action, String device, String partition, String vip, List<String> fields,
            String reason) {
    }

    /** One pool: its members on the device, the changes planned, what the guards held, or why it was unreadable. */
    record PoolView(String pool, List<MemberView> members, List<ChangeView> changes, List<HoldView> holds,
            String error) {
    }

    record MemberView(String member, String state, Instant drainingSince, Integer connections, int weight) {
    }

    /** One member change; {@code weight} is the member's new ratio (F5) or weight (NetScaler) for ADD and WEIGHT. */
    record ChangeView(String action, String member, Integer weight, String reason) {
    }

    record HoldView(int members, String reason) {
    }

    private final RegistrySource registry;

    private final ReconcileCycle cycle;

    private final VipSource vips;

    private final VipCycle vipCycle;

    private final Map<String, List<String>> partitions = new LinkedHashMap<>();

    PlanController(RegistrySource registry, ReconcileCycle cycle, VipSource vips, VipCycle vipCycle,
            LbAdapterProperties properties) {
        this.registry = registry;
        this.cycle = cycle;
        this.vips = vips;
        this.vipCycle = vipCycle;
        properties.devices().forEach((name, device) -> partitions.put(name, device.partitions()));
    }

    @GetMapping("/api/plan")
    PlanView plan() {
        VipSource.Placement placement = vips.place();
        VipReport vipReport = vipCycle.run(placement.desired(), placement.unplaced().keySet(), partitions, false);
        DesiredState fromRegistry = registry.desired();
        // The declared VIPs' pools join the mapped ones, as in the reconcile loop: their ratio changes show too.
        Map<PoolKey, List<DesiredMember>> pools = new LinkedHashMap<>(fromRegistry.pools());
        vipReport.pools().forEach(pools::putIfAbsent);
        DesiredState desired = new DesiredState(fromRegistry.registryAvailable(), pools);
        CycleReport report = cycle.run(desired, false);
        return new PlanView(report.at(), desired.registryAvailable(),
                vipReport.changes().stream().map(PlanController::view).toList(), placement.unplaced(),
                vipReport.readErrors(), report.pools().stream().map(PlanController::view).toList());
    }

    private static VipChangeView view(VipChange change) {
        String action = change.getClass().getSimpleName().toUpperCase();
        List<String> fields = change instanceof VipChange.Update update ? List.copyOf(update.fields()) : List.of();
        String reason = change instanceof VipChange.Refused refused ? refused.reason() : null;
        return new VipChangeView(action, change.key().device(), change.key().partition(), change.key().name(), fields,
                reason);
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
        boolean weighs = change.action() == Change.Action.ADD || change.action() == Change.Action.WEIGHT;
        return new ChangeView(change.action().name(), change.member().toString(), weighs ? change.weight() : null,
                change.reason());
    }
}
