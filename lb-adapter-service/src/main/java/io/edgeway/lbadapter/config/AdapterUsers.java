package io.edgeway.lbadapter.config;

import java.util.ArrayList;
import java.util.List;

import io.edgeway.security.SecretUser;
import io.edgeway.security.Sha256PasswordEncoder;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The adapter's logins: the operator of {@code spring.security.user} (roles {@value Roles#OPERATOR} and
 * {@value Roles#VIEWER}) and the viewer of {@code edgeway.lb-adapter.viewer} (role {@value Roles#VIEWER} only), each
 * checked by the SHA-256 digest of its secret. Deliberately not a {@code UserDetailsPasswordService}, which would
 * re-encode the secrets with BCrypt after the first login.
 */
final class AdapterUsers implements UserDetailsService {

    private final List<SecretUser> users;

    AdapterUsers(SecurityProperties.User operator, LbAdapterProperties.Viewer viewer, Sha256PasswordEncoder encoder) {
        SecretUser configured = SecretUser.from(operator, encoder);
        List<SecretUser> all = new ArrayList<>();
        all.add(new SecretUser(configured.name(), configured.passwordDigest(),
                List.of(role(Roles.OPERATOR), role(Roles.VIEWER))));
        if (viewer.password() != null && !viewer.password().isBlank()) {
            if (configured.hasName(viewer.name())) {
                throw new IllegalArgumentException(LbAdapterProperties.PREFIX + ".viewer.name: '" + viewer.name()
                        + "' is the operator's name (spring.security.user.name): choose another");
            }
            all.add(new SecretUser(viewer.name(), encoder.encode(viewer.password()), List.of(role(Roles.VIEWER))));
        }
        this.users = List.copyOf(all);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return users.stream().filter(user -> user.hasName(username)).findFirst().map(SecretUser::toUserDetails)
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    private static SimpleGrantedAuthority role(String role) {
        return new SimpleGrantedAuthority("ROLE_" + role);
    }
}
