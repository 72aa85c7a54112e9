package io.edgeway.gateway.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.edgeway.gateway.settings.SettingsGroup;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LivePropertiesTest {

    record Sample(@DefaultValue("5") double weight) {

        Sample {
            if (weight < 0) {
                throw new IllegalArgumentException("weight must not be negative");
            }
        }
    }

    private final MockEnvironment environment = new MockEnvironment().withProperty("x.weight", "10");

    private static final SettingsGroup<Sample> SAMPLE = new SettingsGroup<>("x", Sample.class);

    private final LiveProperties<Sample> live = new LiveProperties<>(environment, SAMPLE);

    @Test
    void bindsAtStartWithDefaults() {
        assertThat(live.get().weight()).isEqualTo(10);
        assertThat(new LiveProperties<>(new MockEnvironment(), SAMPLE).get().weight()).isEqualTo(5);
    }

    @Test
    void rebindsWhenAKeyUnderItsPrefixChanges() {
        List<Sample> seen = new ArrayList<>();
        live.onChange(seen::add);
        environment.setProperty("x.weight", "20");

        live.onApplicationEvent(new EnvironmentChangeEvent(Set.of("x.weight")));

        assertThat(live.get().weight()).isEqualTo(20);
        assertThat(seen).containsExactly(new Sample(20));
    }

    @Test
    void ignoresChangesUnderOtherPrefixes() {
        environment.setProperty("x.weight", "20");

        live.onApplicationEvent(new EnvironmentChangeEvent(Set.of("xy.weight")));

        assertThat(live.get().weight()).isEqualTo(10);
    }

    @Test
    void keepsThePreviousValuesWhenTheNewOnesAreInvalid() {
        environment.setProperty("x.weight", "-1");

        live.onApplicationEvent(new EnvironmentChangeEvent(Set.of("x.weight")));

        assertThat(live.get().weight()).isEqualTo(10);
    }
}
