package io.edgeway.lbadapter.reconcile;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A held member is neither re-enabled nor re-added; every other change goes ahead. */
class OperatorHoldsTest {

    private static final PoolKey POOL = new PoolKey("f5", "Common", "web");

    private static final MemberAddress HELD = new MemberAddress("10.0.0.1", 80);

    private static final MemberAddress OTHER = new MemberAddress("10.0.0.2", 80);

    private final OperatorHolds holds = pool -> pool.equals(POOL) ? Map.of(HELD, "drained by operator alice")
            : Map.of();

    @Test
    void keepsAHeldMemberOutOfServiceAndSaysWhy() {
        PoolPlan plan = holds.respect(new PoolPlan(POOL, List.of(change(Change.Action.ENABLE, HELD),
                change(Change.Action.ADD, OTHER)), List.of()));

        assertThat(plan.changes()).extracting(Change::member).containsExactly(OTHER);
        assertThat(plan.holds()).singleElement().satisfies(hold -> assertThat(hold.reason())
                .isEqualTo("10.0.0.1:80 drained by operator alice: not re-enabled until an operator enables it"));
    }

    @Test
    void doesNotReAddAHeldMember() {
        PoolPlan plan = holds.respect(new PoolPlan(POOL, List.of(change(Change.Action.ADD, HELD)), List.of()));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.holds()).singleElement().extracting(Hold::reason).asString().contains("not re-added");
    }

    @Test
    void letsAHeldMemberWhoseInstanceLeftBeDeleted() {
        PoolPlan plan = holds.respect(new PoolPlan(POOL, List.of(change(Change.Action.DELETE, HELD)), List.of()));

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Change.Action.DELETE);
        assertThat(plan.holds()).isEmpty();
    }

    private static Change change(Change.Action action, MemberAddress member) {
        return new Change(POOL, action, member, 1, "test");
    }
}
