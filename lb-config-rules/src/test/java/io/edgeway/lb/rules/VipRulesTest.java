package io.edgeway.lb.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VipRulesTest {

    static final Map<String, DeviceNetworks> DEVICES = Map.of(
            "f5", new DeviceNetworks(Vendor.F5, List.of("10.1.0.0/16"), List.of("10.20.0.0/24"), List.of("Common")),
            "ns", new DeviceNetworks(Vendor.NETSCALER, List.of("10.2.0.0/16"), List.of("10.30.0.0/24"),
                    List.of("default")));

    static VipDeclaration vip(String name, String address, int port, String device) {
        return new VipDeclaration(name, address, port, VipProtocol.HTTP, "shop", 8080, null, Persistence.NONE, null,
                device);
    }

    @Test
    void acceptsVipsInsideTheirDevicesNetworks() {
        assertThat(VipRules.check(List.of(vip("a", "10.20.0.5", 443, "auto"), vip("b", "10.30.0.5", 443, "ns")),
                DEVICES)).isEmpty();
    }

    @Test
    void refusesDuplicateAddressAndPortOnADevice() {
        assertThat(VipRules.check(List.of(vip("a", "10.20.0.5", 443, "f5"), vip("b", "10.20.0.5", 443, "auto")),
                DEVICES)).singleElement().asString()
                .contains("vips[1].address", "10.20.0.5:443", "device 'f5'", "VIP 'a'");
    }

    @Test
    void acceptsSameAddressOnAnotherPort() {
        assertThat(VipRules.check(List.of(vip("a", "10.20.0.5", 443, "f5"), vip("b", "10.20.0.5", 80, "f5")),
                DEVICES)).isEmpty();
    }

    @Test
    void refusesAddressOutsideTheNamedDevicesVipNetworks() {
        assertThat(VipRules.check(List.of(vip("a", "10.30.0.5", 443, "f5")), DEVICES)).singleElement().asString()
                .contains("vips[0].address", "outside the vip-networks of device 'f5'");
    }

    @Test
    void refusesAutoAddressOutsideEveryDevice() {
        assertThat(VipRules.check(List.of(vip("a", "192.168.1.1", 443, "auto")), DEVICES)).singleElement()
                .asString().contains("outside the vip-networks of every device");
    }

    @Test
    void refusesUnknownDevice() {
        assertThat(VipRules.check(List.of(vip("a", "10.20.0.5", 443, "f6")), DEVICES)).singleElement().asString()
                .contains("vips[0].device", "'f6' is not among");
    }

    @Test
    void refusesCookiePersistenceWithoutHttp() {
        VipDeclaration https = new VipDeclaration("a", "10.20.0.5", 443, VipProtocol.HTTPS, "shop", 8443, null,
                Persistence.COOKIE, null, "f5");
        assertThat(VipRules.check(List.of(https), DEVICES)).singleElement().asString()
                .contains("vips[0].persistence", "cookie needs protocol http");
    }

    @Test
    void refusesMonitorTimeoutNotBelowIntervalOnNetScalerOnly() {
        HealthCheck slow = new HealthCheck("/health", Duration.ofSeconds(5), Duration.ofSeconds(5));
        VipDeclaration onNs = new VipDeclaration("a", "10.30.0.5", 80, VipProtocol.HTTP, "shop", null, slow,
                Persistence.NONE, null, "ns");
        VipDeclaration onF5 = new VipDeclaration("b", "10.20.0.5", 80, VipProtocol.HTTP, "shop", null, slow,
                Persistence.NONE, null, "f5");
        assertThat(VipRules.check(List.of(onNs, onF5), DEVICES)).singleElement().asString()
                .contains("vips[0].health.timeout", "NetScaler device 'ns'");
    }

    @Test
    void refusesDuplicateNamesAndBadFields() {
        List<String> problems = VipRules.check(List.of(vip("a", "10.20.0.5", 443, "f5"),
                new VipDeclaration("a", "not-an-ip", 0, VipProtocol.TCP, " ", 70000, null, Persistence.NONE, null,
                        "f5")),
                DEVICES);
        assertThat(problems).anyMatch(p -> p.contains("vips[1].name: VIP 'a' is declared twice"))
                .anyMatch(p -> p.contains("vips[1].address: 'not-an-ip' is not an IP address"))
                .anyMatch(p -> p.contains("vips[1].port"))
                .anyMatch(p -> p.contains("vips[1].member-port"))
                .anyMatch(p -> p.contains("vips[1].application"));
    }

    @Test
    void refusesBadNetworks() {
        Map<String, DeviceNetworks> devices = Map.of("f5",
                new DeviceNetworks(Vendor.F5, List.of("10.1.0.0/99"), List.of("nope"), List.of()));
        assertThat(VipRules.check(List.of(), devices)).hasSize(2)
                .anyMatch(p -> p.startsWith("edgeway.lb-adapter.devices.f5.member-networks"))
                .anyMatch(p -> p.startsWith("edgeway.lb-adapter.devices.f5.vip-networks"));
    }
}
