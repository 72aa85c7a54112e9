package io.edgeway.lbadapter.operator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.edgeway.lbadapter.mirror.ReconcileListener;
import io.edgeway.lbadapter.reconcile.Change;
import io.edgeway.lbadapter.reconcile.CycleReport;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.reconcile.OperatorHolds;
import io.edgeway.lbadapter.reconcile.PoolKey;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The members operators drained, kept in the database ({@code operator_hold}) so that a restarted adapter still
 * leaves them out of service, and in memory for the reconcile cycle, which asks for every pool. A hold ends when an
 * operator enables the member, or when the reconciler deletes the member because its instance left.
 */
@Component
public class OperatorHoldStore implements OperatorHolds, ReconcileListener {

    /** Who drained a member, and when. */
    public record HeldMember(String heldBy, Instant since) {
    }

    private final JdbcClient jdbc;

    private final ConcurrentMap<PoolKey, Map<MemberAddress, HeldMember>> held = new ConcurrentHashMap<>();

    OperatorHoldStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        jdbc.sql("SELECT device, partition_name, pool_name, member_address, held_by, held_since FROM operator_hold")
                .query(row -> {
                    PoolKey pool = new PoolKey(row.getString("device"), row.getString("partition_name"),
                            row.getString("pool_name"));
                    cache(pool, MemberAddresses.parse(row.getString("member_address")), new HeldMember(
                            row.getString("held_by"), row.getObject("held_since", OffsetDateTime.class).toInstant()));
                });
    }

    /** Holds a member for an operator; returns false when it was held already (and keeps the first hold). */
    public synchronized boolean hold(PoolKey pool, MemberAddress member, String operator, Instant since) {
        if (heldMember(pool, member).isPresent()) {
            return false;
        }
        jdbc.sql("INSERT INTO operator_hold (device, partition_name, pool_name, member_address, held_by, held_since) "
                + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(pool.device(), pool.partition(), pool.pool(), member.toString(), operator,
                        since.atOffset(ZoneOffset.UTC))
                .update();
        cache(pool, member, new HeldMember(operator, since));
        return true;
    }

    public synchronized void release(PoolKey pool, MemberAddress member) {
        jdbc.sql("DELETE FROM operator_hold WHERE device = ? AND partition_name = ? AND pool_name = ? "
                + "AND member_address = ?").params(pool.device(), pool.partition(), pool.pool(), member.toString())
                .update();
        held.computeIfPresent(pool, (key, members) -> {
            Map<MemberAddress, HeldMember> rest = new LinkedHashMap<>(members);
            rest.remove(member);
            return rest.isEmpty() ? null : Map.copyOf(rest);
        });
    }

    public Optional<HeldMember> heldMember(PoolKey pool, MemberAddress member) {
        return Optional.ofNullable(held.getOrDefault(pool, Map.of()).get(member));
    }

    @Override
    public Map<MemberAddress, String> heldIn(PoolKey pool) {
        Map<MemberAddress, String> reasons = new LinkedHashMap<>();
        held.getOrDefault(pool, Map.of()).forEach((member, hold) -> reasons.put(member,
                "drained by operator " + hold.heldBy() + " at " + hold.since()));
        return reasons;
    }

    /** A held member the reconciler deleted (its instance left) is gone: so is its hold. */
    @Override
    public void cycleApplied(CycleReport report) {
        report.pools().forEach(outcome -> outcome.applied().stream()
                .filter(change -> change.action() == Change.Action.DELETE)
                .filter(change -> heldMember(change.pool(), change.member()).isPresent())
                .forEach(change -> release(change.pool(), change.member())));
    }

    private void cache(PoolKey pool, MemberAddress member, HeldMember hold) {
        held.compute(pool, (key, members) -> {
            Map<MemberAddress, HeldMember> more = new LinkedHashMap<>(members == null ? Map.of() : members);
            more.put(member, hold);
            return Map.copyOf(more);
        });
    }
}
