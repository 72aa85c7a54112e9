package io.edgeway.gateway.settings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * Bearer-token authentication at the edge: who may sign tokens, for whom, and what the backends are told.
 *
 * @param issuer the exact {@code iss} every token must carry
 * @param audiences the token's {@code aud} must contain at least one of these
 * @param jwkSetUri where the issuer publishes its keys (a JWK set); wins over {@code publicKeys}
 * @param publicKeys PEM files ({@code -----BEGIN PUBLIC KEY-----}) with the issuer's RSA or EC keys; with neither
 *     these nor {@code jwkSetUri} every token is refused
 * @param algorithms accepted signature algorithms (upper case once bound); asymmetric only, so a public key can never
 *     act as an HMAC secret
 * @param clockSkew tolerance on {@code exp} and {@code nbf} for clocks that differ a little
 * @param defaultAccess access of a route whose metadata says nothing ({@code public} or {@code authenticated})
 * @param headers the identity headers the backends receive
 * @param keySet how long the keys fetched from {@code jwkSetUri} are kept
 */
@ConfigurationProperties(AuthProperties.PREFIX)
public record AuthProperties(String issuer, @DefaultValue List<String> audiences, URI jwkSetUri,
        @DefaultValue List<Resource> publicKeys, @DefaultValue("RS256") Set<String> algorithms,
        @DefaultValue("30s") Duration clockSkew, @DefaultValue("authenticated") String defaultAccess,
        @DefaultValue Headers headers, @DefaultValue KeySet keySet) {

    public static final String PREFIX = "edgeway.gateway.auth";

    /** The JWS algorithms that sign with a private key and verify with a public one. */
    public static final List<String> ASYMMETRIC_ALGORITHMS = List.of("RS256", "RS384", "RS512", "PS256", "PS384",
            "PS512", "ES256", "ES384", "ES512");

    public AuthProperties {
        Problems problems = Problems.under(PREFIX);
        for (String algorithm : algorithms) {
            problems.require(ASYMMETRIC_ALGORITHMS.contains(algorithm.trim().toUpperCase(Locale.ROOT)), "algorithms",
                    algorithm.trim() + " is not an asymmetric signature algorithm (use one of "
                            + ASYMMETRIC_ALGORITHMS + ")");
        }
        problems.require(defaultAccess != null && isAccessLevel(defaultAccess), "default-access",
                        "must be public or authenticated, not " + defaultAccess)
                .require(!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0, "clock-skew",
                        "must be between 0 and 5 minutes, not " + clockSkew)
                .require(Problems.positive(keySet.refresh()) && Problems.positive(keySet.minRefetch())
                        && keySet.minRefetch().compareTo(keySet.refresh()) <= 0, "key-set",
                        "need 0 < min-refetch <= refresh, not " + keySet.minRefetch() + ", " + keySet.refresh())
                .require(!hasKeys(jwkSetUri, publicKeys) || (issuer != null && !issuer.isBlank() && !audiences.isEmpty()),
                        "", "issuer and audiences are required once there are keys (jwk-set-uri or public-keys)")
                .throwIfAny();
        algorithms = algorithms.stream().map(algorithm -> algorithm.trim().toUpperCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether any key source is configured; without one every token is refused. */
    public boolean hasKeys() {
        return hasKeys(jwkSetUri, publicKeys);
    }

    private static boolean hasKeys(URI jwkSetUri, List<Resource> publicKeys) {
        return jwkSetUri != null || !publicKeys.isEmpty();
    }

    /** Access of a route whose metadata says nothing. */
    public AccessLevel defaultLevel() {
        return AccessLevel.parse(defaultAccess);
    }

    private static boolean isAccessLevel(String value) {
        try {
            AccessLevel.parse(value);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    /**
     * The issuer's key set, fetched from {@code jwk-set-uri}.
     *
     * @param refresh how long a fetched set is used before it is fetched again, so that a key the issuer removed
     *     stops being trusted and a new one is learned without any token asking for it
     * @param minRefetch a token naming a key the set lacks makes the gateway fetch the set again early, at most once
     *     per this interval (a key just rotated in is found; tokens with made-up key ids cannot make it fetch per
     *     request)
     */
    public record KeySet(@DefaultValue("5m") Duration refresh, @DefaultValue("30s") Duration minRefetch) {
    }

    /**
     * Identity headers: the gateway removes every client-supplied one (in any case, and spelled with {@code _} for
     * {@code -}) and sets the verified values.
     *
     * @param subject the verified {@code sub}
     * @param scopes the verified scopes, separated by spaces
     * @param strip more client headers that backends might take for identity; removed from every request
     * @param clientCertificate the subject (RFC 2253) of the verified client certificate, on routes that require one
     */
    public record Headers(@DefaultValue("X-Auth-Subject") String subject, @DefaultValue("X-Auth-Scopes") String scopes,
            @DefaultValue({ "X-User", "X-User-Id", "X-Remote-User", "X-Forwarded-User", "X-Authenticated-User" })
            List<String> strip, @DefaultValue("X-Client-Cert-Subject") String clientCertificate) {

        /** Every identity header: the verified ones and the ones only ever removed. */
        public List<String> all() {
            List<String> all = new ArrayList<>(strip);
            all.add(subject);
            all.add(scopes);
            all.add(clientCertificate);
            return all;
        }
    }
}
