package io.edgeway.discovery;

import java.util.List;

import io.edgeway.security.secrets.DemoSecrets;
import io.edgeway.security.secrets.DemoSecretsRefused;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The discovery server refuses the repository's demo secrets outside the demo profile, naming each variable. */
class DemoSecretsRefusalTest {

    private static final List<String> VARIABLES = List.of("EUREKA_SAMPLE_BACKEND_PASSWORD",
            "EUREKA_EDGE_GATEWAY_PASSWORD", "EUREKA_READER_PASSWORD", "EUREKA_OPERATOR_PASSWORD", "EUREKA_PEER_PASSWORD",
            "EUREKA_DASHBOARD_PASSWORD");

    @Test
    void refusesTheDemoSecretsOutsideTheDemoProfile() {
        assumeTrue(VARIABLES.stream().allMatch(variable -> System.getenv(variable) == null),
                "the shipped defaults are in force only when none of " + VARIABLES + " is set");
        // Its own application.yml, without the tests' demo profile (src/test/resources/config).
        assertThatExceptionOfType(DemoSecretsRefused.class)
                .isThrownBy(() -> SpringApplication.run(DiscoveryServerApplication.class,
                        "--spring.config.location=classpath:/application.yml"))
                .satisfies(refused -> assertThat(refused.findings())
                        .extracting(DemoSecrets.Finding::environmentVariable)
                        .containsExactlyInAnyOrderElementsOf(VARIABLES));
    }
}
