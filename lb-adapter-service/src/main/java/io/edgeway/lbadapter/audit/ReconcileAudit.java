package io.edgeway.lbadapter.audit;

import java.time.Clock;

import io.edgeway.lbadapter.mirror.ReconcileListener;
import io.edgeway.lbadapter.reconcile.Change;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.PoolOutcome;

import org.springframework.stereotype.Component;

/** Records every change a reconcile cycle wrote or failed to write, as done by {@value AuditEntry#RECONCILER}. */
@Component
class ReconcileAudit implements ReconcileListener {

    private final AuditLog log;

    private final Clock clock;

    ReconcileAudit(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void cycleApplied(CycleReport report) {
        for (PoolOutcome outcome : report.pools()) {
            outcome.applied().forEach(change -> log.record(entry(change, AuditEntry.OK, null)));
            outcome.failed().forEach(failed -> log.record(entry(failed.change(), AuditEntry.FAILED, failed.error())));
        }
    }

    private AuditEntry entry(Change change, String outcome, String error) {
        return new AuditEntry(null, clock.instant(), AuditEntry.RECONCILER, change.pool().device(),
                change.pool().partition(), change.pool().pool(), change.member().toString(), change.action().name(),
                change.reason(), outcome, error, clock.instant());
    }
}
