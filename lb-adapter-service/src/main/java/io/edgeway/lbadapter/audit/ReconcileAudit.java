package io.edgeway.lbadapter.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.edgeway.lbadapter.reconcile.Change;
import io.edgeway.lbadapter.reconcile.WriteJournal;

import org.springframework.stereotype.Component;

/**
 * Records every change a reconcile cycle writes, as done by {@value AuditEntry#RECONCILER}: {@value AuditEntry#PENDING}
 * before the batch's first device call, then {@value AuditEntry#OK} or {@value AuditEntry#FAILED} with the reason.
 */
@Component
class ReconcileAudit implements WriteJournal {

    private final AuditLog log;

    private final Clock clock;

    ReconcileAudit(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Intent intend(List<Change> changes) {
        List<Long> ids = new ArrayList<>();
        for (Change change : changes) {
            ids.add(log.record(new AuditEntry(null, clock.instant(), AuditEntry.RECONCILER, change.pool().device(),
                    change.pool().partition(), change.pool().pool(), change.member().toString(),
                    change.action().name(), change.reason(), AuditEntry.PENDING, null, null)));
        }
        return failures -> complete(changes, ids, failures);
    }

    private void complete(List<Change> changes, List<Long> ids, Map<Change, String> failures) {
        for (int i = 0; i < changes.size(); i++) {
            String error = failures.get(changes.get(i));
            log.complete(ids.get(i), error == null ? AuditEntry.OK : AuditEntry.FAILED, error, clock.instant());
        }
    }
}
