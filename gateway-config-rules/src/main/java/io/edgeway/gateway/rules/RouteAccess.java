package io.edgeway.gateway.rules;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.edgeway.gateway.settings.AccessLevel;

/**
 * Who may use a route, read from its metadata: {@code access: public | authenticated} and {@code scopes}
 * (a list, or one string separated by commas or spaces; scopes imply {@code authenticated}, and all are required),
 * and whether the caller's {@code Authorization} header goes on to the backend ({@code forward-authorization: true};
 * by default it does not: a backend that needs the token must say so), and whether the request must come with a
 * verified TLS client certificate ({@code client-cert: required}; {@code none} by default).
 */
public record RouteAccess(AccessLevel level, Set<String> scopes, boolean forwardAuthorization,
        boolean clientCertificateRequired) {

    /** Route metadata key for the access level. */
    public static final String ACCESS_KEY = "access";

    /** Route metadata key for the scopes a token must carry. */
    public static final String SCOPES_KEY = "scopes";

    /** Route metadata key for passing {@code Authorization} on to the backend. */
    public static final String FORWARD_AUTHORIZATION_KEY = "forward-authorization";

    /** Route metadata key for requiring a client certificate: {@code required} or {@code none}. */
    public static final String CLIENT_CERT_KEY = "client-cert";

    /** Access without passing {@code Authorization} on and without a client certificate. */
    public RouteAccess(AccessLevel level, Set<String> scopes) {
        this(level, scopes, false, false);
    }

    /** Access without a client certificate. */
    public RouteAccess(AccessLevel level, Set<String> scopes, boolean forwardAuthorization) {
        this(level, scopes, forwardAuthorization, false);
    }

    public RouteAccess {
        scopes = Set.copyOf(scopes);
        if (level == AccessLevel.PUBLIC && !scopes.isEmpty()) {
            throw new IllegalArgumentException("a public route cannot require scopes " + scopes);
        }
    }

    /** Reads the access of a route from its metadata, with {@code defaultLevel} where it says nothing. */
    public static RouteAccess fromMetadata(Map<String, Object> metadata, AccessLevel defaultLevel) {
        Set<String> scopes = words(metadata.get(SCOPES_KEY));
        Object declared = metadata.get(ACCESS_KEY);
        AccessLevel level = declared != null ? AccessLevel.parse(declared.toString())
                : scopes.isEmpty() ? defaultLevel : AccessLevel.AUTHENTICATED;
        return new RouteAccess(level, scopes, flag(metadata.get(FORWARD_AUTHORIZATION_KEY)),
                clientCertificate(metadata));
    }

    /**
     * {@code client-cert}: {@code required} or {@code none}. A key that is nearly {@code client-cert}
     * ({@code client-certificate}, {@code clientCert}, ...) is refused too: misspelt, the requirement would vanish.
     */
    private static boolean clientCertificate(Map<String, Object> metadata) {
        for (String key : metadata.keySet()) {
            String squeezed = key.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
            if (!key.equals(CLIENT_CERT_KEY) && squeezed.startsWith("clientcert")) {
                throw new IllegalArgumentException("'" + key + "' is not a route metadata key; did you mean '"
                        + CLIENT_CERT_KEY + "'?");
            }
        }
        Object value = metadata.get(CLIENT_CERT_KEY);
        if (value == null) {
            return false;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("required")) {
            return true;
        }
        if (text.equalsIgnoreCase("none")) {
            return false;
        }
        throw new IllegalArgumentException(CLIENT_CERT_KEY + " must be required or none, not '" + text + "'");
    }

    private static boolean flag(Object value) {
        if (value == null || value instanceof Boolean) {
            return Boolean.TRUE.equals(value);
        }
        String text = value.toString().trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(FORWARD_AUTHORIZATION_KEY + " must be true or false, not '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    /** What this route allows a caller with the given identity ({@code null}: no valid token). */
    public Decision decide(Identity identity) {
        if (level == AccessLevel.PUBLIC) {
            return Decision.ALLOW;
        }
        if (identity == null) {
            return Decision.UNAUTHENTICATED;
        }
        return identity.scopes().containsAll(scopes) ? Decision.ALLOW : Decision.INSUFFICIENT_SCOPE;
    }

    private static Set<String> words(Object value) {
        if (value == null) {
            return Set.of();
        }
        // YAML lists bind into route metadata as maps keyed "0", "1", ...
        Collection<?> values = value instanceof Map<?, ?> map ? map.values()
                : value instanceof Collection<?> collection ? collection : Set.of(value);
        return values.stream().flatMap(v -> Arrays.stream(v.toString().split("[,\\s]+")))
                .filter(s -> !s.isBlank()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The outcome for one request. */
    public enum Decision {
        ALLOW, UNAUTHENTICATED, INSUFFICIENT_SCOPE
    }

    /** A verified caller: the token's subject and scopes. */
    public record Identity(String subject, Set<String> scopes) {

        public Identity {
            scopes = Set.copyOf(scopes);
        }
    }
}
