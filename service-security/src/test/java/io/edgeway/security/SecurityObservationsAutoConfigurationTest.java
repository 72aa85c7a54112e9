package io.edgeway.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.config.observation.SecurityObservationSettings;

import static org.assertj.core.api.Assertions.assertThat;

class SecurityObservationsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityObservationsAutoConfiguration.class));

    @Test
    void switchesOffEveryObservationOfTheSecurityChain() {
        runner.run(context -> {
            SecurityObservationSettings settings = context.getBean(SecurityObservationSettings.class);
            assertThat(settings.shouldObserveRequests()).isFalse();
            assertThat(settings.shouldObserveAuthentications()).isFalse();
            assertThat(settings.shouldObserveAuthorizations()).isFalse();
        });
    }

    @Test
    void backsOffWhenTheServiceChoosesItsOwn() {
        SecurityObservationSettings own = SecurityObservationSettings.withDefaults().build();
        runner.withBean(SecurityObservationSettings.class, () -> own)
                .run(context -> assertThat(context.getBean(SecurityObservationSettings.class)).isSameAs(own));
    }
}
