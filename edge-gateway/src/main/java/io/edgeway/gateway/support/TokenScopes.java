package io.edgeway.gateway.support;

import java.security.Principal;

import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Whether a request's verified token carries a scope (the ones that unlock a header such as priority or canary). */
public final class TokenScopes {

    private TokenScopes() {
    }

    /** True only for a verified bearer token with {@code scope}. */
    public static boolean has(Principal principal, String scope) {
        return principal instanceof JwtAuthenticationToken token && token.isAuthenticated()
                && token.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("SCOPE_" + scope));
    }
}
