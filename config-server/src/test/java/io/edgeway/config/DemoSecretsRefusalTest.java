package io.edgeway.config;

import java.util.List;

import io.edgeway.security.secrets.DemoSecrets;
import io.edgeway.security.secrets.DemoSecretsRefused;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The config server refuses the repository's demo secrets outside the demo profile, naming each variable. */
class DemoSecretsRefusalTest {

    private static final List<String> VARIABLES = List.of("CONFIG_SERVER_PASSWORD", "CONFIG_WEBHOOK_SECRET");

    @Test
    void refusesTheDemoSecretsOutsideTheDemoProfile() {
        assumeTrue(VARIABLES.stream().allMatch(variable -> System.getenv(variable) == null),
                "the shipped defaults are in force only when none of " + VARIABLES + " is set");
        // Its own application.yml, without the tests' demo profile (src/test/resources/config).
        assertThatExceptionOfType(DemoSecretsRefused.class)
                .isThrownBy(() -> SpringApplication.run(ConfigServerApplication.class,
                        "--spring.config.location=classpath:/application.yml"))
                .satisfies(refused -> assertThat(refused.findings())
                        .extracting(DemoSecrets.Finding::environmentVariable)
                        .containsExactlyInAnyOrderElementsOf(VARIABLES));
    }
}
