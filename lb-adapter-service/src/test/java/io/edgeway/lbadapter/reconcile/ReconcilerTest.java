package io.edgeway.lbadapter.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.edgeway.lbadapter.reconcile.Change.Action;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    private static final PoolKey POOL = new PoolKey("f5-a", "Common", "web");

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static final Duration GRACE = Duration.ofSeconds(30);

    private final Reconciler reconciler = new Reconciler(new ReconcilePolicy(GRACE, 0.5));

    @Test
    void addsMissingMember() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1"), wanted("10.0.0.2")),
                List.of(enabled("10.0.0.1")), true, NOW);

        assertThat(plan.changes()).extracting(Change::action, Change::member)
                .containsExactly(tuple(Action.ADD, "10.0.0.2"));
    }

    @Test
    void addsMemberWithItsWeight() {
        PoolPlan plan = reconciler.plan(POOL, List.of(new DesiredMember(address("10.0.0.1"), 7, "i-1")), List.of(),
                true, NOW);

        assertThat(plan.changes()).singleElement().extracting(Change::weight).isEqualTo(7);
    }

    @Test
    void setsTheWeightOfAMemberWhoseWeightDiffersAndNothingElse() {
        PoolPlan plan = reconciler.plan(POOL, List.of(weighted("10.0.0.1", 9), weighted("10.0.0.2", 2)),
                List.of(enabledWithWeight("10.0.0.1", 9), enabledWithWeight("10.0.0.2", 1)), true, NOW);

        assertThat(plan.changes()).extracting(Change::action, Change::member, Change::weight)
                .containsExactly(Tuple.tuple(Action.WEIGHT, address("10.0.0.2"), 2));
        assertThat(plan.changes().get(0).reason()).contains("weight 1 -> 2").contains("canary v2 at 10 %");
    }

    @Test
    void drainsAServingMemberItsSplitGivesNoTraffic() {
        PoolPlan plan = reconciler.plan(POOL, List.of(weighted("10.0.0.1", 1), weighted("10.0.0.2", 0)),
                List.of(enabled("10.0.0.1"), enabled("10.0.0.2")), true, NOW);

        assertThat(plan.changes()).extracting(Change::action, Change::member)
                .containsExactly(tuple(Action.DRAIN, "10.0.0.2"));
    }

    @Test
    void leavesADrainedZeroWeightMemberDrainedAndInThePool() {
        PoolPlan plan = reconciler.plan(POOL, List.of(weighted("10.0.0.1", 1), weighted("10.0.0.2", 0)),
                List.of(enabled("10.0.0.1"), draining("10.0.0.2", NOW.minus(Duration.ofHours(1)), 0)), true, NOW);

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void addsANewZeroWeightMemberDrained() {
        PoolPlan plan = reconciler.plan(POOL, List.of(weighted("10.0.0.1", 1), weighted("10.0.0.2", 0)),
                List.of(enabled("10.0.0.1")), true, NOW);

        assertThat(plan.changes()).extracting(Change::action, Change::member, Change::weight).containsExactly(
                Tuple.tuple(Action.ADD, address("10.0.0.2"), 1), Tuple.tuple(Action.DRAIN, address("10.0.0.2"), 1));
    }

    @Test
    void enablesAndReweighsAMemberTheSplitGivesTrafficAgain() {
        PoolPlan plan = reconciler.plan(POOL, List.of(weighted("10.0.0.1", 9), weighted("10.0.0.2", 2)),
                List.of(enabledWithWeight("10.0.0.1", 9), draining("10.0.0.2", NOW, 3)), true, NOW);

        assertThat(plan.changes()).extracting(Change::action, Change::member).containsExactly(
                tuple(Action.ENABLE, "10.0.0.2"), tuple(Action.WEIGHT, "10.0.0.2"));
    }

    @Test
    void changesNothingInAConvergedPool() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1")), List.of(enabled("10.0.0.1")), true, NOW);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.holds()).isEmpty();
    }

    @Test
    void drainsMemberBeforeDeleting() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1")),
                List.of(enabled("10.0.0.1"), enabled("10.0.0.2")), true, NOW);

        assertThat(plan.changes()).extracting(Change::action, Change::member)
                .containsExactly(tuple(Action.DRAIN, "10.0.0.2"));
    }

    @Test
    void keepsDrainingMemberWithinItsGracePeriod() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1")),
                List.of(enabled("10.0.0.1"), draining("10.0.0.2", NOW.minusSeconds(29), 3)), true, NOW);

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void deletesDrainingMemberOnceItsGracePeriodIsOver() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1")),
                List.of(enabled("10.0.0.1"), draining("10.0.0.2", NOW.minus(GRACE), 3)), true, NOW);

        assertThat(plan.changes()).extracting(Change::action, Change::member)
                .containsExactly(tuple(Action.DELETE, "10.0.0.2"));
    }

    @Test
    void deletesDrainingMemberWhenItsConnectionsReachZero() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1")),
                List.of(enabled("10.0.0.1"), draining("10.0.0.2", NOW.minusSeconds(1), 0)), true, NOW);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.DELETE);
    }

    @Test
    void waitsForTheGracePeriodWhenTheDeviceDoesNotCountConnections() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1")), List.of(enabled("10.0.0.1"),
                draining("10.0.0.2", NOW.minusSeconds(1), ObservedMember.UNKNOWN_CONNECTIONS)), true, NOW);

        assertThat(plan.changes()).isEmpty();
    }

    @Test
    void deletesDrainedMember() {
        ObservedMember drained = new ObservedMember(address("10.0.0.2"), MemberState.DRAINED, null, 5, 1);

        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1")), List.of(enabled("10.0.0.1"), drained), true,
                NOW);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.DELETE);
    }

    @Test
    void reenablesMemberThatCameBackWhileDraining() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1"), wanted("10.0.0.2")),
                List.of(enabled("10.0.0.1"), draining("10.0.0.2", NOW.minusSeconds(10), 3)), true, NOW);

        assertThat(plan.changes()).extracting(Change::action, Change::member)
                .containsExactly(tuple(Action.ENABLE, "10.0.0.2"));
    }

    @Test
    void drainsAgainAMemberDisabledWithoutARecordedStart() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1")),
                List.of(enabled("10.0.0.1"), draining("10.0.0.2", null, 3)), true, NOW);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.DRAIN);
    }

    @Test
    void neverEmptiesPoolWhenRegistryIsEmpty() {
        PoolPlan plan = reconciler.plan(POOL, List.of(), List.of(enabled("10.0.0.1"), enabled("10.0.0.2")), true, NOW);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.holds()).singleElement().satisfies(hold -> {
            assertThat(hold.members()).isEqualTo(2);
            assertThat(hold.reason()).contains("never emptied");
        });
    }

    @Test
    void removesNothingWhileRegistryIsUnavailableButStillAdds() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.3")),
                List.of(enabled("10.0.0.1"), draining("10.0.0.2", NOW.minus(GRACE), 0)), false, NOW);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.ADD);
        assertThat(plan.holds()).singleElement().extracting(Hold::reason).asString().contains("registry unavailable");
    }

    @Test
    void capsRemovalsPerCycle() {
        List<ObservedMember> observed = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            observed.add(enabled("10.0.0." + i));
        }

        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1"), wanted("10.0.0.2")), observed, true, NOW);

        assertThat(plan.changes()).extracting(Change::action).containsOnly(Action.DRAIN).hasSize(5);
        assertThat(plan.holds()).singleElement().extracting(Hold::members).isEqualTo(3);
    }

    @Test
    void drainsAtLeastOneMemberPerCycleWhateverTheCap() {
        Reconciler strict = new Reconciler(new ReconcilePolicy(GRACE, 0.01));

        PoolPlan plan = strict.plan(POOL, List.of(wanted("10.0.0.1")),
                List.of(enabled("10.0.0.1"), enabled("10.0.0.2"), enabled("10.0.0.3")), true, NOW);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.DRAIN);
    }

    @Test
    void drainsNothingUntilAWantedMemberServes() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.9")), List.of(enabled("10.0.0.1")), true, NOW);

        assertThat(plan.changes()).extracting(Change::action).containsExactly(Action.ADD);
        assertThat(plan.holds()).singleElement().extracting(Hold::reason).asString().contains("no wanted member serves");
    }

    @Test
    void ordersAddsAndEnablesBeforeDrainsAndDeletes() {
        PoolPlan plan = reconciler.plan(POOL, List.of(wanted("10.0.0.1"), wanted("10.0.0.5"), wanted("10.0.0.9")),
                List.of(enabled("10.0.0.1"), enabled("10.0.0.2"), draining("10.0.0.3", NOW.minus(GRACE), 1),
                        draining("10.0.0.5", NOW, 1)),
                true, NOW);

        assertThat(plan.changes()).extracting(Change::action)
                .containsExactly(Action.ADD, Action.ENABLE, Action.DRAIN, Action.DELETE);
    }

    private static Tuple tuple(Action action, String ip) {
        return Tuple.tuple(action, address(ip));
    }

    private static MemberAddress address(String ip) {
        return new MemberAddress(ip, 8080);
    }

    private static DesiredMember wanted(String ip) {
        return new DesiredMember(address(ip), 1, "instance-" + ip);
    }

    private static DesiredMember weighted(String ip, int weight) {
        return new DesiredMember(address(ip), weight, "instance-" + ip, "canary v2 at 10 % on route api");
    }

    private static ObservedMember enabledWithWeight(String ip, int weight) {
        return new ObservedMember(address(ip), MemberState.ENABLED, null, ObservedMember.UNKNOWN_CONNECTIONS, weight);
    }

    private static ObservedMember enabled(String ip) {
        return ObservedMember.enabled(address(ip));
    }

    private static ObservedMember draining(String ip, Instant since, int connections) {
        return new ObservedMember(address(ip), MemberState.DRAINING, since, connections, 1);
    }
}
