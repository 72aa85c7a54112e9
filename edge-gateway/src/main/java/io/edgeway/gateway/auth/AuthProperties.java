package io.edgeway.gateway.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Bearer-token authentication at the edge: who may sign tokens, for whom, and what the backends are told.
 *
 * @param issuer the exact {@code iss} every token must carry
 * @param audiences the token's {@code aud} must contain at least one of these
 * @param jwkSetUri where the issuer publishes its keys (a JWK set); wins over {@code publicKeys}
 * @param publicKeys PEM files ({@code -----BEGIN PUBLIC KEY-----}) with the issuer's RSA or EC keys
 * @param algorithms accepted signature algorithms; asymmetric only, so a public key can never act as an HMAC secret
 * @param clockSkew tolerance on {@code exp} and {@code nbf} for clocks that differ a little
 * @param defaultAccess access of a route whose metadata says nothing ({@code public} or {@code authenticated})
 * @param headers the identity headers the backends receive
 */
@ConfigurationProperties(AuthProperties.PREFIX)
public record AuthProperties(String issuer, @DefaultValue List<String> audiences, URI jwkSetUri,
        @DefaultValue List<Resource> publicKeys, @DefaultValue("RS256") Set<String> algorithms,
        @DefaultValue("30s") Duration clockSkew, @DefaultValue("authenticated") String defaultAccess,
        @DefaultValue Headers headers) {

    public static final String PREFIX = "edgeway.gateway.auth";

    public AuthProperties {
        for (String algorithm : algorithms) {
            String upper = algorithm.toUpperCase(Locale.ROOT);
            if (!(upper.startsWith("RS") || upper.startsWith("PS") || upper.startsWith("ES"))) {
                throw new IllegalArgumentException(PREFIX + ".algorithms: " + algorithm
                        + " is not an asymmetric signature algorithm (use RS*, PS* or ES*)");
            }
        }
        RouteAccess.Level.parse(defaultAccess);
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(PREFIX + ".clock-skew must be between 0 and 5 minutes");
        }
    }

    /** Whether any key source is configured; without one every token is refused. */
    public boolean hasKeys() {
        return jwkSetUri != null || !publicKeys.isEmpty();
    }

    /**
     * Identity headers: the gateway removes every client-supplied one and sets the verified values.
     *
     * @param subject the verified {@code sub}
     * @param scopes the verified scopes, separated by spaces
     * @param strip more client headers that backends might take for identity; removed from every request
     */
    public record Headers(@DefaultValue("X-Auth-Subject") String subject, @DefaultValue("X-Auth-Scopes") String scopes,
            @DefaultValue({ "X-User", "X-User-Id", "X-Remote-User", "X-Forwarded-User", "X-Authenticated-User" })
            List<String> strip) {
    }
}
