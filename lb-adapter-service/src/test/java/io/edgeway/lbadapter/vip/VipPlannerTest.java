package io.edgeway.lbadapter.vip;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.edgeway.lb.rules.HealthCheck;
import io.edgeway.lb.rules.Persistence;
import io.edgeway.lb.rules.VipProtocol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VipPlannerTest {

    private static final VipKey SHOP = new VipKey("f5", "Tenant1", "shop");

    private static final HealthCheck HEALTH = new HealthCheck("/monitor/l7check", Duration.ofSeconds(5),
            Duration.ofSeconds(2));

    private static VipSpec spec(int port) {
        return new VipSpec("10.20.0.50", port, VipProtocol.HTTPS, Persistence.NONE, HEALTH);
    }

    private static DesiredVip desired(VipKey key, VipSpec spec) {
        return new DesiredVip(key, spec, "shop-service", 8443, List.of("10.1.0.1:8443"));
    }

    @Test
    void createsAMissingVip() {
        DesiredVip shop = desired(SHOP, spec(443));
        assertThat(VipPlanner.plan(List.of(shop), List.of())).containsExactly(new VipChange.Create(shop));
    }

    @Test
    void leavesAnEqualVipAlone() {
        assertThat(VipPlanner.plan(List.of(desired(SHOP, spec(443))),
                List.of(new ObservedVip(SHOP, spec(443), true, 1)))).isEmpty();
    }

    @Test
    void updatesOnlyTheFieldsThatDiffer() {
        DesiredVip shop = desired(SHOP, spec(8443));
        assertThat(VipPlanner.plan(List.of(shop), List.of(new ObservedVip(SHOP, spec(443), true, 1))))
                .containsExactly(new VipChange.Update(shop, Set.of("port"), spec(443)));
    }

    @Test
    void drainsAnUndeclaredOwnedVipBeforeDeletingIt() {
        assertThat(VipPlanner.plan(List.of(), List.of(new ObservedVip(SHOP, spec(443), true, 3))))
                .containsExactly(new VipChange.Drain(SHOP));
        assertThat(VipPlanner.plan(List.of(), List.of(new ObservedVip(SHOP, spec(443), true, 0))))
                .containsExactly(new VipChange.Delete(SHOP));
    }

    @Test
    void neverTouchesAHandMadeVip() {
        VipKey legacy = new VipKey("f5", "Tenant1", "legacy_vs");
        assertThat(VipPlanner.plan(List.of(), List.of(new ObservedVip(legacy, spec(80), false, 0)))).isEmpty();
    }

    @Test
    void refusesADeclarationThatCollidesWithAHandMadeVip() {
        List<VipChange> sameName = VipPlanner.plan(List.of(desired(SHOP, spec(443))),
                List.of(new ObservedVip(SHOP, spec(80), false, 2)));
        assertThat(sameName).singleElement().isInstanceOf(VipChange.Refused.class);
        assertThat(((VipChange.Refused) sameName.get(0)).reason()).contains("made by hand", "not touched");

        List<VipChange> sameListener = VipPlanner.plan(List.of(desired(SHOP, spec(443))),
                List.of(new ObservedVip(new VipKey("f5", "Tenant1", "legacy_vs"), spec(443), false, 2)));
        assertThat(((VipChange.Refused) sameListener.get(0)).reason()).contains("10.20.0.50:443", "legacy_vs");
    }

    @Test
    void recognisesItsOwnMarkOnly() {
        assertThat(OwnershipMark.isOwned(OwnershipMark.of("shop"))).isTrue();
        assertThat(OwnershipMark.isOwned("edgeway:vipx")).isFalse();
        assertThat(OwnershipMark.isOwned(null)).isFalse();
    }
}
