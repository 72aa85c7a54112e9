package io.edgeway.lbadapter.device.f5;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.edgeway.emulators.f5.F5Emulator;
import io.edgeway.emulators.f5.F5Settings;
import io.edgeway.emulators.support.MutableClock;
import io.edgeway.lb.rules.HealthCheck;
import io.edgeway.lb.rules.Persistence;
import io.edgeway.lb.rules.VipProtocol;
import io.edgeway.lbadapter.device.TestDevices;
import io.edgeway.lbadapter.reconcile.DeviceException;
import io.edgeway.lbadapter.reconcile.MemberAddress;
import io.edgeway.lbadapter.vip.DesiredVip;
import io.edgeway.lbadapter.vip.ObservedVip;
import io.edgeway.lbadapter.vip.VipDevice;
import io.edgeway.lbadapter.vip.VipKey;
import io.edgeway.lbadapter.vip.VipSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The F5 driver's VIP calls against the F5 emulator. */
class F5VipsTest {

    private static final VipKey SHOP = new VipKey("f5", "Tenant1", "shop");

    private static final HealthCheck HEALTH = new HealthCheck("/monitor/l7check", Duration.ofSeconds(5),
            Duration.ofSeconds(2));

    private final MutableClock clock = MutableClock.startingNow();

    private final F5Emulator f5 = F5Emulator.start(F5Settings.defaults().withClock(clock).withPartitions("Tenant1"))
            .addPool("Tenant1", "legacy", null).addVirtual("Tenant1", "legacy_vs", "10.20.0.10:443", "legacy");

    private final F5Device device = TestDevices.f5("f5", f5.uri(), 2, clock);

    @AfterEach
    void stop() {
        device.close();
        f5.close();
    }

    private static DesiredVip shop(int port, Persistence persistence, HealthCheck health) {
        return new DesiredVip(SHOP, new VipSpec("10.20.0.50", port, VipProtocol.HTTPS, persistence, health),
                "shop-service", 8443, List.of("10.1.0.1:8443", "10.1.0.2:8443"));
    }

    private ObservedVip read(VipKey key) {
        return device.vips(List.of("Tenant1")).stream().filter(v -> v.key().equals(key)).findFirst().orElse(null);
    }

    @Test
    void createsVirtualPoolAndMonitorThatReadBackAsDeclared() {
        DesiredVip shop = shop(443, Persistence.SOURCE_IP, HEALTH);

        device.createVip(shop);

        assertThat(read(SHOP)).isEqualTo(new ObservedVip(SHOP, shop.spec(), true, 0));
        assertThat(device.members(VipDevice.pool(SHOP))).extracting(m -> m.address()).containsExactlyInAnyOrder(
                new MemberAddress("10.1.0.1", 8443), new MemberAddress("10.1.0.2", 8443));
    }

    @Test
    void readsAHandMadeVirtualAsNotOwned() {
        ObservedVip legacy = read(new VipKey("f5", "Tenant1", "legacy_vs"));

        assertThat(legacy.owned()).isFalse();
        assertThat(legacy.spec().address()).isEqualTo("10.20.0.10");
        assertThat(legacy.spec().port()).isEqualTo(443);
    }

    @Test
    void createdTwiceAdoptsItsOwnObjectsWithoutDuplicates() {
        device.createVip(shop(443, Persistence.NONE, HEALTH));

        device.createVip(shop(443, Persistence.NONE, HEALTH));

        assertThat(device.vips(List.of("Tenant1"))).extracting(v -> v.key().name())
                .containsExactlyInAnyOrder("legacy_vs", "shop");
        assertThat(f5.members("Tenant1", "shop_pool")).hasSize(2);
    }

    @Test
    void updatesThePortInPlace() {
        device.createVip(shop(443, Persistence.NONE, HEALTH));

        device.updateVip(shop(8443, Persistence.NONE, HEALTH), Set.of("port"));

        assertThat(read(SHOP).spec().port()).isEqualTo(8443);
        assertThat(f5.writes()).noneMatch(w -> w.method().equals("DELETE"));
    }

    @Test
    void updatesPersistenceAndRemovesTheMonitor() {
        device.createVip(shop(443, Persistence.NONE, HEALTH));

        device.updateVip(shop(443, Persistence.COOKIE, null), Set.of("persistence", "health"));

        assertThat(read(SHOP).spec().persistence()).isEqualTo(Persistence.COOKIE);
        assertThat(read(SHOP).spec().health()).isNull();
        assertThat(f5.writes()).anyMatch(w -> w.method().equals("DELETE") && w.path().contains("shop_monitor"));
    }

    @Test
    void deletesVirtualPoolAndMonitor() {
        device.createVip(shop(443, Persistence.NONE, HEALTH));

        device.deleteVip(SHOP);

        assertThat(read(SHOP)).isNull();
        assertThatThrownBy(() -> device.members(VipDevice.pool(SHOP))).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.NOT_FOUND));
        assertThat(f5.writes()).anyMatch(w -> w.method().equals("DELETE") && w.path().contains("shop_monitor"));
        assertThat(f5.nodes("Tenant1")).isEmpty();
    }

    @Test
    void neverDeletesAHandMadeVirtual() {
        VipKey legacy = new VipKey("f5", "Tenant1", "legacy_vs");

        assertThatThrownBy(() -> device.deleteVip(legacy)).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.getMessage()).contains("made by hand"));

        assertThat(read(legacy)).isNotNull();
        assertThat(f5.writes()).noneMatch(w -> w.method().equals("DELETE"));
    }

    @Test
    void refusesToAdoptAHandMadePoolOfTheSameName() {
        f5.addPool("Tenant1", "shop_pool", null);

        assertThatThrownBy(() -> device.createVip(shop(443, Persistence.NONE, null)))
                .isInstanceOfSatisfying(DeviceException.class, e -> assertThat(e.getMessage()).contains("made by hand"));

        assertThat(read(SHOP)).isNull();
    }
}
