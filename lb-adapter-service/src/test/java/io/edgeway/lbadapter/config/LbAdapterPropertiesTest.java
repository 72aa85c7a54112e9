package io.edgeway.lbadapter.config;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding and checking {@code edgeway.lb-adapter.*}: defaults, and mistakes refused at start-up naming the key. */
class LbAdapterPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void bindsADeviceWithItsDefaults() {
        context.withPropertyValues("edgeway.lb-adapter.devices.f5.type=F5",
                "edgeway.lb-adapter.devices.f5.url=https://bigip.example",
                "edgeway.lb-adapter.devices.f5.username=svc-edgeway").run(started -> {
                    LbAdapterProperties properties = started.getBean(LbAdapterProperties.class);
                    LbAdapterProperties.Device f5 = properties.devices().get("f5");
                    assertThat(f5.maxTokens()).isEqualTo(2);
                    assertThat(f5.retry().maxAttempts()).isEqualTo(4);
                    assertThat(properties.reconcile().drainGracePeriod()).hasSeconds(30);
                    assertThat(properties.reconcile().maxRemovalShare()).isEqualTo(0.5);
                    assertThat(properties.view().pollInterval()).hasSeconds(30);
                });
    }

    @Test
    void refusesAMappingToAnUnknownDevice() {
        context.withPropertyValues("edgeway.lb-adapter.mappings[0].application=app",
                "edgeway.lb-adapter.mappings[0].device=nowhere", "edgeway.lb-adapter.mappings[0].partition=Common",
                "edgeway.lb-adapter.mappings[0].pool=web").run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause()
                            .hasMessageContaining("names device 'nowhere', which is not among edgeway.lb-adapter.devices");
                });
    }

    @Test
    void refusesADeclaredVipOutsideItsDevicesNetworks() {
        context.withPropertyValues("edgeway.lb-adapter.devices.f5.type=F5",
                "edgeway.lb-adapter.devices.f5.url=https://bigip.example",
                "edgeway.lb-adapter.devices.f5.username=svc-edgeway",
                "edgeway.lb-adapter.devices.f5.vip-networks=10.20.0.0/24",
                "edgeway.lb-adapter.vips[0].name=shop", "edgeway.lb-adapter.vips[0].address=10.99.0.1",
                "edgeway.lb-adapter.vips[0].port=443", "edgeway.lb-adapter.vips[0].application=shop",
                "edgeway.lb-adapter.vips[0].device=f5").run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause().hasMessageContaining(
                            "edgeway.lb-adapter.vips[0].address: 10.99.0.1 is outside the vip-networks of device 'f5'");
                });
    }

    @Test
    void refusesARemovalShareAboveOne() {
        context.withPropertyValues("edgeway.lb-adapter.reconcile.max-removal-share=1.5")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void refusesADeviceWithoutType() {
        context.withPropertyValues("edgeway.lb-adapter.devices.f5.url=https://bigip.example",
                "edgeway.lb-adapter.devices.f5.username=svc-edgeway").run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause()
                            .hasMessageContaining("edgeway.lb-adapter.devices.f5.type: is required (F5 or NETSCALER)");
                });
    }

    @Test
    void refusesALockThatCanExpireDuringADeviceCallWithItsRetries() {
        // Worst call: 4 attempts x (2 s connect + 5 s answer) + back-offs 200 + 400 + 800 ms = 29.4 s.
        context.withPropertyValues("edgeway.lb-adapter.leader.redis=true", "edgeway.lb-adapter.leader.lock-ttl=10s",
                "edgeway.lb-adapter.devices.f5.type=F5", "edgeway.lb-adapter.devices.f5.url=https://bigip.example",
                "edgeway.lb-adapter.devices.f5.username=svc-edgeway").run(started -> {
                    assertThat(started).hasFailed();
                    assertThat(started.getStartupFailure()).rootCause().hasMessageContaining(
                            "edgeway.lb-adapter.leader.lock-ttl: PT10S must be longer than the longest call to device "
                                    + "'f5' with its retries (PT29.4S");
                });
    }

    @Test
    void acceptsTheDefaultLockWithDefaultDevicesAndAShortLockWithFastDevices() {
        context.withPropertyValues("edgeway.lb-adapter.leader.redis=true", "edgeway.lb-adapter.devices.f5.type=F5",
                "edgeway.lb-adapter.devices.f5.url=https://bigip.example",
                "edgeway.lb-adapter.devices.f5.username=svc-edgeway").run(started -> {
                    assertThat(started).hasNotFailed();
                    LbAdapterProperties properties = started.getBean(LbAdapterProperties.class);
                    assertThat(properties.leader().lockTtl()).isGreaterThan(properties.devices().get("f5").worstCall());
                });
        context.withPropertyValues("edgeway.lb-adapter.leader.redis=true", "edgeway.lb-adapter.leader.lock-ttl=6s",
                "edgeway.lb-adapter.devices.f5.type=F5", "edgeway.lb-adapter.devices.f5.url=https://bigip.example",
                "edgeway.lb-adapter.devices.f5.username=svc-edgeway",
                "edgeway.lb-adapter.devices.f5.connect-timeout=500ms",
                "edgeway.lb-adapter.devices.f5.request-timeout=1s",
                "edgeway.lb-adapter.devices.f5.retry.max-attempts=2").run(started -> assertThat(started).hasNotFailed());
    }

    @Test
    void bindsTheShippedConfig() throws IOException {
        var sources = new YamlPropertySourceLoader().load("lb-adapter-service.yml",
                new FileSystemResource("../config-repo/lb-adapter-service.yml"));
        LbAdapterProperties shipped = new Binder(ConfigurationPropertySources.from(sources),
                new PropertySourcesPlaceholdersResolver(sources)).bindOrCreate(LbAdapterProperties.PREFIX, LbAdapterProperties.class);

        assertThat(shipped.devices()).containsOnlyKeys("f5-demo", "netscaler-demo");
        assertThat(shipped.mappings()).hasSize(2);
        assertThat(shipped.mirroredApplications()).containsExactly("sample-backend", "edge-gateway");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LbAdapterProperties.class)
    static class Bound {
    }
}
