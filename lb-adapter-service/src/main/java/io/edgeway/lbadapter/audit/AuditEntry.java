package io.edgeway.lbadapter.audit;

import java.time.Instant;

/**
 * One device change the adapter made or tried.
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
 * @param outcome   {@value #OK} or {@value #FAILED}
 * @param error     what the device answered when it failed, or null
 */
public record AuditEntry(Long id, Instant at, String actor, String device, String partition, String pool,
        String member, String action, String reason, String outcome, String error) {

    public static final String RECONCILER = "reconciler";

    public static final String OK = "OK";

    public static final String FAILED = "FAILED";
}
