package io.edgeway.lbadapter.vip;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.edgeway.lbadapter.reconcile.DesiredMember;
import io.edgeway.lbadapter.reconcile.PoolKey;

/**
 * What one VIP pass saw, planned and did.
 *
 * @param at         when it started
 * @param applied    false for a dry run: planned, nothing written
 * @param outcomes   each change planned, with its error when it failed (null when it was written or not tried)
 * @param readErrors devices whose VIPs could not be read (nothing was planned for them), with the reason
 * @param pools      the pools of the declared VIPs that exist on their devices, with the members they should have:
 *                   the pool reconcile keeps their members equal to the registry from now on
 */
public record VipReport(Instant at, boolean applied, List<Outcome> outcomes, Map<String, String> readErrors,
        Map<PoolKey, List<DesiredMember>> pools) {

    /** One planned change and what became of it. */
    public record Outcome(VipChange change, String error) {
    }

    public VipReport {
        outcomes = List.copyOf(outcomes);
        readErrors = Map.copyOf(readErrors);
        pools = Map.copyOf(pools);
    }

    public List<VipChange> changes() {
        return outcomes.stream().map(Outcome::change).toList();
    }

    /** A read or a write failed: the next pass should come soon. */
    public boolean hadFailures() {
        return !readErrors.isEmpty() || outcomes.stream().anyMatch(o -> o.error() != null);
    }

    /** A removed VIP is draining: the next pass should come soon enough to delete it on time. */
    public boolean draining() {
        return outcomes.stream().anyMatch(o -> o.change() instanceof VipChange.Drain);
    }
}
