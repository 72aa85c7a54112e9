package io.edgeway.gateway;

import java.util.List;

import io.edgeway.security.secrets.DemoSecrets;
import io.edgeway.security.secrets.DemoSecretsRefused;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The gateway does not start with the repository's demo secrets outside the demo profile, and names each variable. */
class DemoSecretsRefusalTest {

    private static final List<String> VARIABLES = List.of("CONFIG_SERVER_PASSWORD", "OPERATOR_PASSWORD",
            "EUREKA_EDGE_GATEWAY_PASSWORD");

    @Test
    void refusesTheDemoSecretsOutsideTheDemoProfile() {
        assumeTrue(VARIABLES.stream().allMatch(variable -> System.getenv(variable) == null),
                "the shipped defaults are in force only when none of " + VARIABLES + " is set");
        // Its own application.yml and what the config server serves it, without the tests' demo profile
        // (src/test/resources/config).
        assertThatExceptionOfType(DemoSecretsRefused.class)
                .isThrownBy(() -> SpringApplication.run(EdgeGatewayApplication.class,
                        "--spring.config.location=classpath:/application.yml",
                        "--spring.config.import=file:../config-repo/application.yml,"
                                + "file:../config-repo/edge-gateway.yml",
                        "--spring.cloud.config.enabled=false"))
                .satisfies(refused -> assertThat(refused.findings())
                        .extracting(DemoSecrets.Finding::environmentVariable)
                        .containsExactlyInAnyOrderElementsOf(VARIABLES));
    }
}
