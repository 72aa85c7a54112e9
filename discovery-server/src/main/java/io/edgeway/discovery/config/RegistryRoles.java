package io.edgeway.discovery.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.edgeway.security.SecretUser;
import io.edgeway.security.Sha256PasswordEncoder;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** The roles of the discovery server's users, and the rule that lets a registrant write only its own application. */
final class RegistryRoles {

    static final String READER = "READER";

    static final String OPERATOR = "OPERATOR";

    static final String PEER = "PEER";

    static final String DASHBOARD = "DASHBOARD";

    /** The user another node of the cluster logs in as. */
    static final String PEER_USER = "peer";

    private static final String REGISTRANT_OF = "REGISTRANT_OF_";

    private RegistryRoles() {
    }

    /** Every user of these properties, its secret kept as a digest. */
    static List<SecretUser> users(DiscoveryProperties properties, Sha256PasswordEncoder encoder) {
        List<SecretUser> users = new ArrayList<>();
        properties.registrants().forEach((application, registrant) -> {
            List<GrantedAuthority> authorities = new ArrayList<>();
            authorities.add(new SimpleGrantedAuthority(registrantOf(application)));
            if (registrant.readsRegistry()) {
                authorities.add(role(READER));
            }
            users.add(new SecretUser(application, encoder.encode(registrant.password()), authorities));
        });
        users.add(new SecretUser("reader", encoder.encode(properties.readerPassword()), List.of(role(READER))));
        users.add(new SecretUser("operator", encoder.encode(properties.operatorPassword()),
                List.of(role(OPERATOR), role(READER))));
        users.add(new SecretUser(PEER_USER, encoder.encode(properties.peerPassword()), List.of(role(PEER), role(READER))));
        users.add(new SecretUser("dashboard", encoder.encode(properties.dashboardPassword()), List.of(role(DASHBOARD))));
        return users;
    }

    /**
     * Grants a request on {@code /eureka/apps/{app}/**} to the registrant of {@code app} (Eureka upper-cases
     * application names, so they are compared ignoring case) and to peers, which replicate every application.
     */
    static AuthorizationManager<RequestAuthorizationContext> ownApplication() {
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
            String app = context.getVariables().get("app");
            Authentication who = authentication.get();
            if (app == null || who == null || !who.isAuthenticated()) {
                return new AuthorizationDecision(false);
            }
            String own = registrantOf(app);
            String peer = "ROLE_" + PEER;
            return new AuthorizationDecision(who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .anyMatch(authority -> authority.equals(own) || authority.equals(peer)));
        };
    }

    private static String registrantOf(String application) {
        return REGISTRANT_OF + application.toUpperCase(Locale.ROOT);
    }

    private static GrantedAuthority role(String role) {
        return new SimpleGrantedAuthority("ROLE_" + role);
    }
}
