package io.edgeway.lb.rules;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class VipSettingsTest {

    @Test
    void bindsTheIssuesExampleWithDefaults() {
        VipSettings settings = VipSettings.bind(new Binder(new MapConfigurationPropertySource(Map.of(
                "edgeway.lb-adapter.devices.f5-demo.type", "F5",
                "edgeway.lb-adapter.devices.f5-demo.url", "http://127.0.0.1:9443",
                "edgeway.lb-adapter.devices.f5-demo.vip-networks", "10.20.0.0/24",
                "edgeway.lb-adapter.vips[0].name", "shop",
                "edgeway.lb-adapter.vips[0].address", "10.20.0.50",
                "edgeway.lb-adapter.vips[0].port", "443",
                "edgeway.lb-adapter.vips[0].protocol", "https",
                "edgeway.lb-adapter.vips[0].persistence", "source-ip",
                "edgeway.lb-adapter.vips[0].health.http-get", "/monitor/l7check"))));
        VipDeclaration shop = settings.vips().get(0);
        assertThat(shop.protocol()).isEqualTo(VipProtocol.HTTPS);
        assertThat(shop.persistence()).isEqualTo(Persistence.SOURCE_IP);
        assertThat(shop.health().interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(shop.autoDevice()).isTrue();
        assertThat(settings.devices().get("f5-demo").vipNetworks()).containsExactly("10.20.0.0/24");
    }

    @Test
    void bindsNothingWithoutKeys() {
        assertThat(VipSettings.bind(new Binder(new MapConfigurationPropertySource(Map.of()))).vips()).isEmpty();
    }
}
