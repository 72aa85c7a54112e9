package io.edgeway.security.secrets;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class DemoSecretsCheckTest {

    private static final String DECLARED = "--edgeway.secrets.spring.security.user.password=EUREKA_PASSWORD";

    @Test
    void refusesADemoSecretOutsideTheDemoProfileNamingTheVariable(CapturedOutput output) {
        assertThatExceptionOfType(DemoSecretsRefused.class)
                .isThrownBy(() -> run(DECLARED, "--spring.security.user.password=demo-eureka-secret"))
                .withMessage("EUREKA_PASSWORD is the demo secret; set it, or run with the demo profile "
                        + "(it sets spring.security.user.password)");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("EUREKA_PASSWORD is the demo secret; set it, or run with the demo profile");
    }

    @Test
    void refusesAnEmptyOrMissingSecret() {
        assertThatExceptionOfType(DemoSecretsRefused.class)
                .isThrownBy(() -> run(DECLARED, "--spring.security.user.password="))
                .withMessageStartingWith("EUREKA_PASSWORD is not set; set it, or run with the demo profile");
        assertThatExceptionOfType(DemoSecretsRefused.class).isThrownBy(() -> run(DECLARED))
                .withMessageStartingWith("EUREKA_PASSWORD is not set");
    }

    @Test
    void namesEveryOffendingVariable() {
        assertThatExceptionOfType(DemoSecretsRefused.class)
                .isThrownBy(() -> run(DECLARED, "--spring.security.user.password=demo-x",
                        "--edgeway.secrets.edgeway.config.webhook-secret=CONFIG_WEBHOOK_SECRET",
                        "--edgeway.config.webhook-secret=demo-webhook-secret"))
                .satisfies(ex -> assertThat(ex.findings()).extracting(DemoSecrets.Finding::environmentVariable)
                        .containsExactly("CONFIG_WEBHOOK_SECRET", "EUREKA_PASSWORD"));
    }

    @Test
    void startsWithSecretsOfItsOwn() {
        try (ConfigurableApplicationContext context = run(DECLARED, "--spring.security.user.password=s3cret")) {
            assertThat(context.isActive()).isTrue();
        }
    }

    @Test
    void startsWithDemoSecretsUnderTheDemoProfileBesideOtherProfiles(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run(DECLARED,
                "--spring.security.user.password=demo-eureka-secret", "--spring.profiles.active=peer",
                "--spring.profiles.include=demo")) {
            assertThat(context.getEnvironment().getActiveProfiles()).contains("peer", "demo");
        }
        assertThat(output).contains("Demo profile: running with demo secrets, for a laptop only: EUREKA_PASSWORD");
    }

    @Test
    void aServiceThatDeclaresNoSecretStarts() {
        try (ConfigurableApplicationContext context = run()) {
            assertThat(context.isActive()).isTrue();
        }
    }

    private static ConfigurableApplicationContext run(String... args) {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        List<String> all = new ArrayList<>(List.of(args));
        // No application.yml of another module: only what the test gives.
        all.add("--spring.config.location=optional:classpath:/none/");
        return application.run(all.toArray(String[]::new));
    }

    @SpringBootConfiguration
    static class Empty {
    }
}
