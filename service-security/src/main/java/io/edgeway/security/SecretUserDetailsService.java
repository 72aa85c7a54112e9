package io.edgeway.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The servlet user store of the {@link SecretUser}. Deliberately not a {@code UserDetailsPasswordService}: Spring
 * Security would otherwise re-encode the secret with BCrypt after the first login.
 */
public final class SecretUserDetailsService implements UserDetailsService {

    private final SecretUser user;

    public SecretUserDetailsService(SecretUser user) {
        this.user = user;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (!user.hasName(username)) {
            throw new UsernameNotFoundException("No such user");
        }
        return user.toUserDetails();
    }
}
