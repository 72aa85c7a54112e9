package io.edgeway.lbadapter.device.nitro;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.edgeway.emulators.nitro.NitroEmulator;
import io.edgeway.emulators.nitro.NitroSettings;
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

/** The NetScaler driver's VIP calls against the NetScaler emulator. */
class NitroVipsTest {

    private static final VipKey SHOP = new VipKey("ns", "tenant1", "shop");

    private static final VipKey LEGACY = new VipKey("ns", "tenant1", "legacy_vs");

    private static final HealthCheck HEALTH = new HealthCheck("/monitor/l7check", Duration.ofSeconds(5),
            Duration.ofSeconds(2));

    private final MutableClock clock = MutableClock.startingNow();

    private final NitroEmulator nitro = NitroEmulator.start(NitroSettings.defaults().withClock(clock)
            .withPartitions("tenant1")).addServiceGroup("tenant1", "legacy", "HTTP")
            .addVserver("tenant1", "legacy_vs", "10.20.0.10", 443, "SSL_BRIDGE", "legacy");

    private final NitroDevice device = TestDevices.nitro("ns", nitro.uri(), 4, clock);

    @AfterEach
    void stop() {
        device.close();
        nitro.close();
    }

    private static DesiredVip shop(int port, VipProtocol protocol, Persistence persistence, HealthCheck health) {
        return new DesiredVip(SHOP, new VipSpec("10.20.0.50", port, protocol, persistence, health), "shop-service",
                8443, List.of("10.1.0.1:8443", "10.1.0.2:8443"));
    }

    private ObservedVip read(VipKey key) {
        return device.vips(List.of("tenant1")).stream().filter(v -> v.key().equals(key)).findFirst().orElse(null);
    }

    private List<String> boundGroups(String vserver) {
        return device.virtualServers(List.of("tenant1")).stream().filter(v -> v.name().equals(vserver))
                .map(v -> v.pool()).toList();
    }

    @Test
    void createsLbvserverServiceGroupAndMonitorThatReadBackAsDeclared() {
        DesiredVip shop = shop(443, VipProtocol.HTTPS, Persistence.SOURCE_IP, HEALTH);

        device.createVip(shop);

        assertThat(read(SHOP)).isEqualTo(new ObservedVip(SHOP, shop.spec(), true, 0));
        assertThat(device.members(VipDevice.pool(SHOP))).extracting(m -> m.address()).containsExactlyInAnyOrder(
                new MemberAddress("10.1.0.1", 8443), new MemberAddress("10.1.0.2", 8443));
        assertThat(boundGroups("shop")).containsExactly("shop_pool");
    }

    @Test
    void readsAHandMadeLbvserverAsNotOwned() {
        ObservedVip legacy = read(LEGACY);

        assertThat(legacy.owned()).isFalse();
        assertThat(legacy.spec().port()).isEqualTo(443);
    }

    @Test
    void createdTwiceAdoptsItsOwnObjectsWithoutDuplicates() {
        device.createVip(shop(443, VipProtocol.HTTP, Persistence.NONE, HEALTH));

        device.createVip(shop(443, VipProtocol.HTTP, Persistence.NONE, HEALTH));

        assertThat(device.vips(List.of("tenant1"))).extracting(v -> v.key().name())
                .containsExactlyInAnyOrder("legacy_vs", "shop");
        assertThat(nitro.members("tenant1", "shop_pool")).hasSize(2);
    }

    @Test
    void aNewPortReAddsTheLbvserverStillBoundToItsMembers() {
        device.createVip(shop(443, VipProtocol.HTTPS, Persistence.NONE, HEALTH));

        device.updateVip(shop(8443, VipProtocol.HTTPS, Persistence.NONE, HEALTH), Set.of("port"));

        assertThat(read(SHOP).spec().port()).isEqualTo(8443);
        assertThat(boundGroups("shop")).containsExactly("shop_pool");
        assertThat(nitro.members("tenant1", "shop_pool")).hasSize(2);
    }

    @Test
    void updatesPersistenceInPlaceAndAddsAMonitor() {
        device.createVip(shop(443, VipProtocol.HTTP, Persistence.NONE, null));

        device.updateVip(shop(443, VipProtocol.HTTP, Persistence.COOKIE, HEALTH), Set.of("persistence", "health"));

        assertThat(read(SHOP).spec()).isEqualTo(shop(443, VipProtocol.HTTP, Persistence.COOKIE, HEALTH).spec());
    }

    @Test
    void deletesLbvserverServiceGroupAndMonitor() {
        device.createVip(shop(443, VipProtocol.HTTPS, Persistence.NONE, HEALTH));

        device.deleteVip(SHOP);

        assertThat(read(SHOP)).isNull();
        assertThatThrownBy(() -> device.members(VipDevice.pool(SHOP))).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.kind()).isEqualTo(DeviceException.Kind.NOT_FOUND));
        device.createVip(shop(443, VipProtocol.HTTPS, Persistence.NONE, null));
        assertThat(read(SHOP).spec().health()).as("the old monitor is gone").isNull();
    }

    @Test
    void neverDeletesAHandMadeLbvserver() {
        assertThatThrownBy(() -> device.deleteVip(LEGACY)).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.getMessage()).contains("made by hand"));

        assertThat(read(LEGACY)).isNotNull();
        assertThat(boundGroups("legacy_vs")).containsExactly("legacy");
    }
}
