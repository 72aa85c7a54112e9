package io.edgeway.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.authentication.configuration.AuthenticationConfiguration;
import org.springframework.security.config.annotation.authentication.configuration.EnableGlobalAuthentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SecretUserAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecretUserAutoConfiguration.class,
                    UserDetailsServiceAutoConfiguration.class))
            .withUserConfiguration(GlobalAuthentication.class)
            .withPropertyValues("spring.security.user.name=eureka", "spring.security.user.password=right");

    @Test
    void replacesBootsInMemoryUserStore() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(SecretUserDetailsService.class)
                    .doesNotHaveBean(InMemoryUserDetailsManager.class)
                    .doesNotHaveBean(UserDetailsPasswordService.class);
            assertThat(context.getBean(PasswordEncoder.class)).isInstanceOf(Sha256PasswordEncoder.class);
        });
    }

    @Test
    void springSecuritysOwnManagerChecksTheDigestAndNeverUpgradesIt() {
        runner.run(context -> {
            AuthenticationManager manager = context.getBean(AuthenticationConfiguration.class)
                    .getAuthenticationManager();

            manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eureka", "right"));
            manager.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eureka", "right"));
            assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> manager
                    .authenticate(UsernamePasswordAuthenticationToken.unauthenticated("eureka", "wrong")));

            assertThat(context.getBean(UserDetailsService.class).loadUserByUsername("eureka").getPassword())
                    .isEqualTo(new Sha256PasswordEncoder().encode("right"));
        });
    }

    @Test
    void backsOffWhenTheServiceDeclaresItsOwnUsers() {
        runner.withBean(UserDetailsService.class, () -> new InMemoryUserDetailsManager(
                User.withUsername("own").password("{noop}own").build())).run(context -> {
                    assertThat(context).doesNotHaveBean(SecretUserDetailsService.class)
                            .doesNotHaveBean(Sha256PasswordEncoder.class);
                });
    }

    @Test
    void staysOutOfReactiveServices() {
        new ReactiveWebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecretUserAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(SecretUserDetailsService.class));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableGlobalAuthentication
    static class GlobalAuthentication {

    }
}
