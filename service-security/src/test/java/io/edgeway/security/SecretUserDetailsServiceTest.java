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
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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

    @Test
    void findsEachOfSeveralUsersByItsOwnName() {
        SecretUserDetailsService several = new SecretUserDetailsService(List.of(
                new SecretUser("reader", encoder.encode("r"), List.of()),
                new SecretUser("sample-backend", encoder.encode("s"), List.of())));

        assertThat(several.loadUserByUsername("READER").getPassword()).isEqualTo(encoder.encode("r"));
        assertThat(several.loadUserByUsername("sample-backend").getPassword()).isEqualTo(encoder.encode("s"));
        assertThatExceptionOfType(UsernameNotFoundException.class).isThrownBy(() -> several.loadUserByUsername("peer"));
    }

    @Test
    void refusesTwoUsersWithOneName() {
        assertThatIllegalArgumentException().isThrownBy(() -> new SecretUserDetailsService(List.of(
                new SecretUser("reader", encoder.encode("r"), List.of()),
                new SecretUser("Reader", encoder.encode("s"), List.of()))));
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
