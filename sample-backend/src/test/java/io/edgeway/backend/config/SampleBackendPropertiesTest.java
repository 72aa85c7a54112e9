package io.edgeway.backend.config;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Binding {@code edgeway.backend.*}: the shipped config, and mistakes refused naming the key. */
class SampleBackendPropertiesTest {

    @Test
    void bindsTheShippedConfigOverTheDefaults() throws IOException {
        var sources = new YamlPropertySourceLoader().load("sample-backend.yml",
                new FileSystemResource("../config-repo/sample-backend.yml"));

        SampleBackendProperties shipped = new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate(SampleBackendProperties.PREFIX, SampleBackendProperties.class);

        assertThat(shipped.getMessage()).isEqualTo("Hello from edgeway");
        assertThat(shipped.getL7Switch().allowedSources()).containsExactly("127.0.0.1/32", "::1/128");
        assertThat(shipped.getShutdown().deregistrationDelay()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refusesAnAllowedSourceThatIsNoAddress() {
        Binder binder = new Binder(new MapConfigurationPropertySource(
                Map.of("edgeway.backend.l7-switch.allowed-sources", "10.0.0.0/8, intranet")));

        assertThatExceptionOfType(RuntimeException.class)
                .isThrownBy(() -> binder.bind(SampleBackendProperties.PREFIX, SampleBackendProperties.class))
                .havingRootCause().withMessage("edgeway.backend.l7-switch.allowed-sources: 'intranet' is not an "
                        + "address or CIDR range");
    }
}
