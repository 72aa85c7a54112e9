package io.edgeway.lbadapter.reconcile;

import java.time.Instant;
import java.util.List;

/**
 * What one reconcile cycle saw, planned and did, pool by pool.
 *
 * @param at      when the cycle started
 * @param applied false for a dry run: the plan was computed, nothing was written
 * @param pools   one outcome per mapped pool
 */
public record CycleReport(Instant at, boolean applied, List<PoolOutcome> pools) {

    public CycleReport {
        pools = List.copyOf(pools);
    }

    public List<Change> changes() {
        return pools.stream().flatMap(p -> p.plan().changes().stream()).toList();
    }

    public List<Hold> holds() {
        return pools.stream().flatMap(p -> p.plan().holds().stream()).toList();
    }

    /** Whether a pool could not be read or a change failed: the next cycle should come soon, with back-off. */
    public boolean hadFailures() {
        return pools.stream().anyMatch(p -> !p.ok());
    }

    /** Whether a member is still draining: the next cycle should come soon enough to delete it on time. */
    public boolean draining() {
        return pools.stream().flatMap(p -> p.observed().stream()).anyMatch(m -> m.state() != MemberState.ENABLED)
                || changes().stream().anyMatch(c -> c.action() == Change.Action.DRAIN);
    }
}
