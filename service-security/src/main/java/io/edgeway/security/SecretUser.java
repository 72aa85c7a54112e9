package io.edgeway.security;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.core.log.LogMessage;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The one user of {@code spring.security.user}: its name, the digest of its secret and its roles; the secret itself
 * is not kept.
 */
public record SecretUser(String name, String passwordDigest, List<GrantedAuthority> authorities) {

    private static final Log logger = LogFactory.getLog(SecretUser.class);

    public SecretUser {
        authorities = List.copyOf(authorities);
    }

    /** The configured user, its secret digested by the encoder; Boot's generated password is logged as Boot does. */
    public static SecretUser from(SecurityProperties.User user, Sha256PasswordEncoder encoder) {
        if (user.isPasswordGenerated()) {
            logger.warn(LogMessage.format("%n%nUsing generated security password: %s%n%nThis generated password is for "
                    + "development use only. Your security configuration must be updated before running your "
                    + "application in production.%n", user.getPassword()));
        }
        List<GrantedAuthority> authorities = user.getRoles().stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
        return new SecretUser(user.getName(), encoder.encode(user.getPassword()), authorities);
    }

    /** Names are case-insensitive, as in Spring Security's in-memory user stores. */
    public boolean hasName(String username) {
        return name.equalsIgnoreCase(username);
    }

    /**
     * A fresh copy on every call: a successful login erases the credentials of the {@link UserDetails} it was given,
     * and that must not be the stored one.
     */
    public UserDetails toUserDetails() {
        return User.withUsername(name).password(passwordDigest).authorities(authorities).build();
    }

    @Override
    public String toString() {
        return "SecretUser[name=" + name + ", authorities=" + authorities + "]";
    }
}
