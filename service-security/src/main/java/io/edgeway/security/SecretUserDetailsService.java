package io.edgeway.security;

import java.util.List;
import java.util.Locale;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The servlet user store of one or more {@link SecretUser}s. Deliberately not a {@code UserDetailsPasswordService}:
 * Spring Security would otherwise re-encode the secret with BCrypt after the first login.
 */
public final class SecretUserDetailsService implements UserDetailsService {

    private final List<SecretUser> users;

    public SecretUserDetailsService(SecretUser user) {
        this(List.of(user));
    }

    /** Several users, for a service with roles (the discovery server); names must differ, ignoring case. */
    public SecretUserDetailsService(List<SecretUser> users) {
        this.users = List.copyOf(users);
        long distinct = this.users.stream().map(u -> u.name().toLowerCase(Locale.ROOT)).distinct().count();
        if (distinct != this.users.size()) {
            throw new IllegalArgumentException("Two users with the same name among " + this.users);
        }
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return users.stream().filter(user -> user.hasName(username)).findFirst()
                .orElseThrow(() -> new UsernameNotFoundException("No such user")).toUserDetails();
    }
}
