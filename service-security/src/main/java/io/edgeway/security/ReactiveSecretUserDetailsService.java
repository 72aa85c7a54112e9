package io.edgeway.security;

import reactor.core.publisher.Mono;

import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The reactive user store of the {@link SecretUser}. Deliberately not a {@code ReactiveUserDetailsPasswordService}:
 * Spring Security would otherwise re-encode the secret with BCrypt after the first login.
 */
public final class ReactiveSecretUserDetailsService implements ReactiveUserDetailsService {

    private final SecretUser user;

    public ReactiveSecretUserDetailsService(SecretUser user) {
        this.user = user;
    }

    @Override
    public Mono<UserDetails> findByUsername(String username) {
        return user.hasName(username) ? Mono.fromSupplier(user::toUserDetails) : Mono.empty();
    }
}
