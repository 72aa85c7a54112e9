package io.edgeway.lbadapter.audit;

import java.time.Instant;

/**
 * One device change the adapter made, tried or refused.
 *
 * @param id        its place in the log (newer entries have higher ids); null before it is recorded
 * @param at        when
 * @param actor     the operator's user name, or {@value #RECONCILER}
 * @param device    the device's configured name
 * @param partition the partition
 * @param pool      the pool or service group
 * @param member    the member, {@code ip:port}
 * @param action    ADD, ENABLE, DRAIN or DELETE
 * @param reason    why
 * @param outcome   {@value #PENDING} from just before the device call until its end, then {@value #OK} or
 *                  {@value #FAILED}; {@value #REFUSED} for an action the adapter refused to send
 * @param error     what the device answered when it failed, or why the action was refused; null otherwise
 * @param completedAt when the outcome was known; null while pending
 */
public record AuditEntry(Long id, Instant at, String actor, String device, String partition, String pool,
        String member, String action, String reason, String outcome, String error, Instant completedAt) {

    public static final String RECONCILER = "reconciler";

    public static final String OK = "OK";

    public static final String FAILED = "FAILED";

    public static final String PENDING = "PENDING";

    public static final String REFUSED = "REFUSED";
}
