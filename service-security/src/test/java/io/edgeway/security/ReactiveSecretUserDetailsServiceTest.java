package io.edgeway.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UserDetailsRepositoryReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.ReactiveUserDetailsPasswordService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReactiveSecretUserDetailsServiceTest {

    private final Sha256PasswordEncoder encoder = new Sha256PasswordEncoder();

    private final ReactiveSecretUserDetailsService users =
            new ReactiveSecretUserDetailsService(SecretUser.from(user(), encoder));

    private final UserDetailsRepositoryReactiveAuthenticationManager manager = manager();

    @Test
    void acceptsTheRightPasswordWithTheConfiguredRoles() {
        Authentication authentication = manager.authenticate(login("operator", "right")).block();

        assertThat(authentication.isAuthenticated()).isTrue();
        assertThat(authentication.getAuthorities()).extracting(Object::toString).contains("ROLE_ACTUATOR");
    }

    @Test
    void refusesAWrongPasswordAndAnUnknownUser() {
        assertThatExceptionOfType(BadCredentialsException.class)
                .isThrownBy(() -> manager.authenticate(login("operator", "wrong")).block());
        assertThatExceptionOfType(BadCredentialsException.class)
                .isThrownBy(() -> manager.authenticate(login("mallory", "right")).block());
    }

    @Test
    void keepsTheDigestAfterLoginsAndIsNoPasswordService() {
        String digest = encoder.encode("right");

        manager.authenticate(login("operator", "right")).block();
        manager.authenticate(login("operator", "right")).block();

        assertThat(users).isNotInstanceOf(ReactiveUserDetailsPasswordService.class);
        assertThat(users.findByUsername("operator").block().getPassword()).isEqualTo(digest).doesNotStartWith("{")
                .doesNotStartWith("$2");
    }

    private UserDetailsRepositoryReactiveAuthenticationManager manager() {
        UserDetailsRepositoryReactiveAuthenticationManager manager =
                new UserDetailsRepositoryReactiveAuthenticationManager(users);
        manager.setPasswordEncoder(encoder);
        return manager;
    }

    private static UsernamePasswordAuthenticationToken login(String name, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(name, password);
    }

    private static SecurityProperties.User user() {
        SecurityProperties.User user = new SecurityProperties.User();
        user.setName("operator");
        user.setPassword("right");
        user.setRoles(List.of("ACTUATOR"));
        return user;
    }
}
