package io.edgeway.security;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsPasswordService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

class ReactiveSecretUserAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ReactiveSecretUserAutoConfiguration.class,
                    ReactiveUserDetailsServiceAutoConfiguration.class))
            .withPropertyValues("spring.security.user.name=operator", "spring.security.user.password=right",
                    "spring.security.user.roles=ACTUATOR");

    @Test
    void replacesBootsMapUserStoreAndKeepsTheRoles() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ReactiveSecretUserDetailsService.class)
                    .doesNotHaveBean(MapReactiveUserDetailsService.class)
                    .doesNotHaveBean(ReactiveUserDetailsPasswordService.class);
            assertThat(context.getBean(PasswordEncoder.class)).isInstanceOf(Sha256PasswordEncoder.class);
            assertThat(context.getBean(ReactiveUserDetailsService.class).findByUsername("operator").block()
                    .getAuthorities()).extracting(Object::toString).containsExactly("ROLE_ACTUATOR");
        });
    }

    @Test
    void staysWhenAJwtDecoderExistsUnlikeBoots() {
        runner.withBean(ReactiveJwtDecoder.class, () -> token -> Mono.empty())
                .run(context -> assertThat(context).hasSingleBean(ReactiveSecretUserDetailsService.class));
    }

    @Test
    void backsOffWhenTheServiceDeclaresItsOwnUsers() {
        runner.withBean(ReactiveUserDetailsService.class, () -> new MapReactiveUserDetailsService(
                User.withUsername("own").password("{noop}own").build())).run(context -> {
                    assertThat(context).doesNotHaveBean(ReactiveSecretUserDetailsService.class)
                            .doesNotHaveBean(Sha256PasswordEncoder.class);
                });
    }
}
