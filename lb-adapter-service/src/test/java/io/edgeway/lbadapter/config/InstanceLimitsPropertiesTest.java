package io.edgeway.lbadapter.config;

import io.edgeway.security.AddressAllowList;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding and checking {@code edgeway.lb-adapter.instances.*}: defaults, overrides, and mistakes refused naming the key. */
class InstanceLimitsPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void allowsThePrivateNetworksAndCapsWeightsAtTenByDefault() {
        context.run(started -> {
            InstanceLimitsProperties limits = started.getBean(InstanceLimitsProperties.class);
            assertThat(limits.allowedNetworks()).isEqualTo(AddressAllowList.PRIVATE_NETWORKS);
            assertThat(limits.maxWeightOf("sample-backend")).isEqualTo(10);
            assertThat(limits.networksOf("sample-backend").allows("192.168.4.2")).isTrue();
            assertThat(limits.networksOf("sample-backend").allows("169.254.169.254")).isFalse();
        });
    }

    @Test
    void anApplicationOfItsOwnReplacesTheDefaults() {
        context.withPropertyValues("edgeway.lb-adapter.instances.applications.billing.allowed-networks=203.0.113.0/24",
                "edgeway.lb-adapter.instances.applications.billing.max-weight=50").run(started -> {
                    InstanceLimitsProperties limits = started.getBean(InstanceLimitsProperties.class);
                    assertThat(limits.networksOf("BILLING").allows("203.0.113.5")).isTrue();
                    assertThat(limits.networksOf("BILLING").allows("10.0.0.5")).isFalse();
                    assertThat(limits.maxWeightOf("billing")).isEqualTo(50);
                    assertThat(limits.maxWeightOf("sample-backend")).isEqualTo(10);
                });
    }

    @Test
    void refusesANetworkOrWeightThatIsNot() {
        context.withPropertyValues("edgeway.lb-adapter.instances.allowed-networks=10.0.0.0/8, intranet",
                "edgeway.lb-adapter.instances.max-weight=500").run(started -> assertThat(started).hasFailed()
                        .getFailure().rootCause().hasMessageContaining(
                                "edgeway.lb-adapter.instances.allowed-networks: 'intranet' is not an IP address")
                        .hasMessageContaining("edgeway.lb-adapter.instances.max-weight: must be between 1 and 100, not 500"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(InstanceLimitsProperties.class)
    static class Bound {
    }
}
