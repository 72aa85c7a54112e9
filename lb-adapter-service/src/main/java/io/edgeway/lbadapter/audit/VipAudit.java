package io.edgeway.lbadapter.audit;

import java.time.Clock;

import io.edgeway.lbadapter.vip.VipJournal;
import io.edgeway.lbadapter.vip.VipNames;
import io.edgeway.lbadapter.vip.VipWrite;

import org.springframework.stereotype.Component;

/**
 * Records every VIP write the adapter makes on a device, as done by {@value AuditEntry#RECONCILER} for a config
 * commit: {@value AuditEntry#PENDING} before the device call, then {@value AuditEntry#OK} or
 * {@value AuditEntry#FAILED} with what the device answered.
 */
@Component
class VipAudit implements VipJournal {

    private final AuditLog log;

    private final Clock clock;

    VipAudit(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Outcome intend(VipWrite write) {
        long id = log.record(new AuditEntry(null, clock.instant(), AuditEntry.RECONCILER, write.key().device(),
                write.key().partition(), VipNames.pool(write.key().name()), write.member() == null ? "" : write.member(),
                write.action(), write.detail(), AuditEntry.PENDING, null, null, write.key().name(), write.commit()));
        return error -> log.complete(id, error == null ? AuditEntry.OK : AuditEntry.FAILED, error, clock.instant());
    }
}
