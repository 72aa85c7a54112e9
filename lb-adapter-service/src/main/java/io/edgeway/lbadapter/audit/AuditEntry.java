package io.edgeway.lbadapter.audit;

import java.time.Instant;

/**
 * One device change the adapter made, tried or refused: a pool member's, or a VIP's ({@code vip} set, the action
 * one of {@code VIP_CREATE}, {@code VIP_UPDATE}, {@code VIP_DRAIN}, {@code VIP_DELETE}).
 *
 * @param id        its place in the log (newer entries have higher ids); null before it is recorded
 * @param at        when
 * @param actor     the operator's user name, or {@value #RECONCILER}
 * @param device    the device's configured name
 * @param partition the partition
 * @param pool      the pool or service group
 * @param member    the member, {@code ip:port}; empty for a VIP's own create, update or delete
 * @param action    ADD, ENABLE, DRAIN or DELETE of a member; VIP_CREATE, VIP_UPDATE, VIP_DRAIN or VIP_DELETE
 * @param reason    why (for a VIP: what it creates, the fields it changes old -> new, why it removes)
 * @param outcome   {@value #PENDING} from just before the device call until its end, then {@value #OK} or
 *                  {@value #FAILED}; {@value #REFUSED} for an action the adapter refused to send
 * @param error     what the device answered when it failed, or why the action was refused; null otherwise
 * @param completedAt when the outcome was known; null while pending
 * @param vip       the declared VIP (its virtual server's name) a VIP write is about; null for the others
 * @param commit    the config commit a VIP write carries out; null for the others, or when not known
 */
public record AuditEntry(Long id, Instant at, String actor, String device, String partition, String pool,
        String member, String action, String reason, String outcome, String error, Instant completedAt, String vip,
        String commit) {

    /** A pool member's change. */
    public AuditEntry(Long id, Instant at, String actor, String device, String partition, String pool,
            String member, String action, String reason, String outcome, String error, Instant completedAt) {
        this(id, at, actor, device, partition, pool, member, action, reason, outcome, error, completedAt, null, null);
    }

    public static final String RECONCILER = "reconciler";

    public static final String OK = "OK";

    public static final String FAILED = "FAILED";

    public static final String PENDING = "PENDING";

    public static final String REFUSED = "REFUSED";
}
