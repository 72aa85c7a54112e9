package io.edgeway.security;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SecretUserDetailsServiceTest {

    private final Sha256PasswordEncoder encoder = new Sha256PasswordEncoder();

    private final SecretUserDetailsService users = new SecretUserDetailsService(SecretUser.from(user(), encoder));

    /** As Spring Security wires a single user store: a DAO provider under a manager that erases credentials. */
    private final ProviderManager manager = new ProviderManager(provider());

    @Test
    void acceptsTheRightPasswordWithTheConfiguredRoles() {
        Authentication authentication = manager.authenticate(login("eureka", "right"));

        assertThat(authentication.isAuthenticated()).isTrue();
        assertThat(authentication.getAuthorities()).extracting(Object::toString).contains("ROLE_ACTUATOR");
    }

    @Test
    void refusesAWrongPasswordAndAnUnknownUser() {
        assertThatExceptionOfType(BadCredentialsException.class)
                .isThrownBy(() -> manager.authenticate(login("eureka", "wrong")));
        assertThatExceptionOfType(BadCredentialsException.class)
                .isThrownBy(() -> manager.authenticate(login("mallory", "right")));
    }

    @Test
    void keepsTheDigestAfterLoginsAndIsNoPasswordService() {
        String digest = encoder.encode("right");

        manager.authenticate(login("eureka", "right"));
        manager.authenticate(login("EUREKA", "right"));

        assertThat(users).isNotInstanceOf(UserDetailsPasswordService.class);
        assertThat(users.loadUserByUsername("eureka").getPassword()).isEqualTo(digest).doesNotStartWith("{")
                .doesNotStartWith("$2");
    }

    private DaoAuthenticationProvider provider() {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
        provider.setPasswordEncoder(encoder);
        return provider;
    }

    private static UsernamePasswordAuthenticationToken login(String name, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(name, password);
    }

    private static SecurityProperties.User user() {
        SecurityProperties.User user = new SecurityProperties.User();
        user.setName("eureka");
        user.setPassword("right");
        user.setRoles(List.of("ACTUATOR"));
        return user;
    }
}
