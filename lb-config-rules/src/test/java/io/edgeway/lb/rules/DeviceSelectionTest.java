package io.edgeway.lb.rules;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.edgeway.lb.rules.VipRulesTest.DEVICES;
import static io.edgeway.lb.rules.VipRulesTest.vip;
import static org.assertj.core.api.Assertions.assertThat;

class DeviceSelectionTest {

    @Test
    void autoPicksTheDeviceWhoseMemberNetworksHoldEveryInstance() {
        assertThat(DeviceSelection.select(vip("a", "10.20.0.5", 443, "auto"), List.of("10.2.0.1", "10.2.3.4"),
                DEVICES).device()).isEqualTo("ns");
    }

    @Test
    void refusesWhenNoDeviceReachesAnInstance() {
        DeviceSelection.Choice choice = DeviceSelection.select(vip("a", "10.20.0.5", 443, "auto"),
                List.of("10.1.0.1", "172.16.0.1"), DEVICES);
        assertThat(choice.chosen()).isFalse();
        assertThat(choice.refusal()).contains("172.16.0.1", "member networks of no device");
    }

    @Test
    void refusesWhenInstancesSpanDevices() {
        DeviceSelection.Choice choice = DeviceSelection.select(vip("a", "10.20.0.5", 443, "auto"),
                List.of("10.1.0.1", "10.2.0.1"), DEVICES);
        assertThat(choice.refusal()).contains("span devices");
    }

    @Test
    void refusesWhenSeveralDevicesReachEveryInstance() {
        Map<String, DeviceNetworks> overlapping = Map.of(
                "f5", new DeviceNetworks(Vendor.F5, List.of("10.0.0.0/8"), List.of(), List.of()),
                "ns", new DeviceNetworks(Vendor.NETSCALER, List.of("10.2.0.0/16"), List.of(), List.of()));
        assertThat(DeviceSelection.select(vip("a", "10.20.0.5", 443, "auto"), List.of("10.2.0.1"), overlapping)
                .refusal()).contains("all reach the instances", "name one with device:");
    }

    @Test
    void refusesAutoWithoutInstances() {
        assertThat(DeviceSelection.select(vip("a", "10.20.0.5", 443, "auto"), List.of(), DEVICES).refusal())
                .contains("no UP instance");
    }

    @Test
    void namedDeviceMustReachEveryInstance() {
        assertThat(DeviceSelection.select(vip("a", "10.20.0.5", 443, "f5"), List.of("10.1.0.1"), DEVICES).device())
                .isEqualTo("f5");
        assertThat(DeviceSelection.select(vip("a", "10.20.0.5", 443, "f5"), List.of("10.2.0.1"), DEVICES).refusal())
                .contains("device 'f5' does not reach every instance");
    }

    @Test
    void offlineAnAutoVipLandsOnTheDevicesWhoseVipNetworksHoldItsAddress() {
        assertThat(DeviceSelection.byDeclaration(vip("a", "10.30.0.5", 443, "auto"), DEVICES)).containsExactly("ns");
        assertThat(DeviceSelection.byDeclaration(vip("a", "192.0.2.1", 443, "auto"), DEVICES)).isEmpty();
        assertThat(DeviceSelection.byDeclaration(vip("a", "10.30.0.5", 443, "f5"), DEVICES)).containsExactly("f5");
        Map<String, DeviceNetworks> overlapping = Map.of(
                "f5", new DeviceNetworks(Vendor.F5, List.of(), List.of("10.0.0.0/8"), List.of()),
                "ns", new DeviceNetworks(Vendor.NETSCALER, List.of(), List.of("10.30.0.0/16", "bad"), List.of()));
        assertThat(DeviceSelection.byDeclaration(vip("a", "10.30.0.5", 443, "auto"), overlapping))
                .containsExactly("f5", "ns");
    }

    @Test
    void aVipsPartitionIsItsOwnElseTheDevicesFirstElseTheVendorsDefault() {
        VipDeclaration own = new VipDeclaration("a", "10.20.0.5", 443, VipProtocol.TCP, "shop", null, null,
                Persistence.NONE, "Tenant1", "auto");
        assertThat(DeviceSelection.partition(own, DEVICES.get("f5"))).isEqualTo("Tenant1");
        assertThat(DeviceSelection.partition(vip("a", "10.20.0.5", 443, "f5"), DEVICES.get("f5"))).isEqualTo("Common");
        assertThat(DeviceSelection.partition(vip("a", "10.20.0.5", 443, "f5"),
                new DeviceNetworks(Vendor.F5, null, null, null))).isEqualTo("Common");
        assertThat(DeviceSelection.partition(vip("a", "10.20.0.5", 443, "ns"),
                new DeviceNetworks(Vendor.NETSCALER, null, null, null))).isEqualTo("default");
    }
}
