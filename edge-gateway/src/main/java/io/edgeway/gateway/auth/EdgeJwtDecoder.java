package io.edgeway.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.edgeway.gateway.settings.AuthProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.Resource;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Verifies bearer tokens against the configured issuer, audiences and keys, and is rebuilt when a config refresh
 * changes them.
 *
 * <p>Nimbus does the cryptography: only the configured asymmetric algorithms are accepted, so {@code alg: none}
 * and an HMAC token "signed" with the public key are refused before any signature check. On top of it every
 * token must name the issuer, one of the audiences, a subject and an expiry, and be within its validity
 * (with {@code clockSkew}). With no key source configured, every token is refused.
 *
 * <p>A client sends the same token with every request until it expires, and checking its signature is most of
 * the CPU the gateway spends on such a request (RSA). So a token that passed every check is remembered, by its
 * exact text, and on its next use only its validity in time is checked again. Only a token in canonical compact
 * form (three segments of unpadded base64url that decode and encode back to the same text) is checked at all, so
 * one text stands for one header, claims and signature: {@code TOKEN=} or a changed unused bit is refused, not a
 * new valid token. Invalid tokens are never remembered; when the memory is full, expired tokens go first, then a
 * tenth of the others (never all of them); new settings (keys, issuer, audiences) start with nothing remembered.
 */
public final class EdgeJwtDecoder implements ReactiveJwtDecoder {

    private static final Logger log = LoggerFactory.getLogger(EdgeJwtDecoder.class);

    /** Verified tokens remembered at most. */
    static final int VERIFIED_TOKENS = 10_000;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----");

    private volatile ReactiveJwtDecoder delegate;

    public EdgeJwtDecoder(AuthProperties properties) {
        this.delegate = build(properties);
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        return delegate.decode(token);
    }

    /** Applies new settings; a failure (for example an unreadable key file) keeps the previous ones. */
    public void reconfigure(AuthProperties properties) {
        try {
            this.delegate = build(properties);
        }
        catch (RuntimeException ex) {
            log.error("New token settings are unusable; keeping the previous ones: {}", ex.getMessage());
        }
    }

    static ReactiveJwtDecoder build(AuthProperties properties) {
        if (!properties.hasKeys()) {
            log.warn("No token keys configured ({}.jwk-set-uri or .public-keys): every bearer token is refused",
                    AuthProperties.PREFIX);
            return token -> Mono.error(new BadJwtException("no token signing keys are configured"));
        }
        List<SignatureAlgorithm> algorithms = properties.algorithms().stream().map(SignatureAlgorithm::from).toList();
        NimbusReactiveJwtDecoder decoder;
        Function<SignedJWT, Flux<JWK>> keys;
        Function<Jwt, Mono<Boolean>> keyStillPublished;
        if (properties.jwkSetUri() != null) {
            RemoteJwkSet remote = new RemoteJwkSet(WebClient.create(), properties.jwkSetUri(),
                    properties.keySet().refresh(), properties.keySet().minRefetch());
            keys = remote;
            keyStillPublished = jwt -> remote.stillPublishes((String) jwt.getHeaders().get("kid"));
        }
        else {
            List<JWK> pem = properties.publicKeys().stream().flatMap(r -> readPublicKeys(r).stream()).toList();
            keys = jwt -> Flux.fromIterable(pem);
            keyStillPublished = jwt -> Mono.just(true); // PEM keys change with the settings, which start a new memory
        }
        var builder = NimbusReactiveJwtDecoder.withJwkSource(keys).validateType(false);
        algorithms.forEach(builder::jwsAlgorithm);
        decoder = builder.build();
        decoder.setJwtValidator(validator(properties));
        return new RememberVerified(decoder, timestamps(properties), keyStillPublished, VERIFIED_TOKENS);
    }

    /**
     * Decodes a token in canonical compact form through the delegate once per text; a remembered token is checked for
     * its time and for its key still being published only.
     */
    static final class RememberVerified implements ReactiveJwtDecoder {

        private final ReactiveJwtDecoder delegate;

        private final OAuth2TokenValidator<Jwt> stillValid;

        private final Function<Jwt, Mono<Boolean>> keyStillPublished;

        private final int capacity;

        private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

        RememberVerified(ReactiveJwtDecoder delegate, OAuth2TokenValidator<Jwt> stillValid,
                Function<Jwt, Mono<Boolean>> keyStillPublished, int capacity) {
            this.delegate = delegate;
            this.stillValid = stillValid;
            this.keyStillPublished = keyStillPublished;
            this.capacity = capacity;
        }

        @Override
        public Mono<Jwt> decode(String token) throws JwtException {
            Jwt known = verified.get(token);
            if (known != null) {
                if (!stillValid.validate(known).hasErrors()) {
                    return keyStillPublished.apply(known).flatMap(published -> {
                        if (published) {
                            return Mono.just(known);
                        }
                        verified.remove(token); // its key was removed: the delegate says so
                        return verify(token);
                    });
                }
                verified.remove(token); // expired: the delegate says why
            }
            return verify(token);
        }

        private Mono<Jwt> verify(String token) {
            if (!CompactJws.isCanonical(token)) {
                return Mono.error(new BadJwtException(
                        "The token is not three segments of unpadded base64url in canonical form"));
            }
            return delegate.decode(token).doOnNext(jwt -> {
                if (verified.size() >= capacity) {
                    makeRoom();
                }
                verified.put(token, jwt);
            });
        }

        private void makeRoom() {
            verified.values().removeIf(jwt -> stillValid.validate(jwt).hasErrors());
            int excess = verified.size() - capacity * 9 / 10;
            var tokens = verified.keySet().iterator();
            while (excess-- > 0 && tokens.hasNext()) {
                tokens.next();
                tokens.remove();
            }
        }

        int remembered() {
            return verified.size();
        }
    }

    static OAuth2TokenValidator<Jwt> validator(AuthProperties properties) {
        JwtTimestampValidator time = timestamps(properties);
        JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt");
        type.setAllowEmpty(true);
        return new DelegatingOAuth2TokenValidator<>(List.of(time, type,
                new JwtIssuerValidator(properties.issuer()), audience(properties.audiences()),
                required(JwtClaimNames.SUB)));
    }

    private static JwtTimestampValidator timestamps(AuthProperties properties) {
        JwtTimestampValidator time = new JwtTimestampValidator(properties.clockSkew());
        time.setAllowEmptyExpiryClaim(false);
        return time;
    }

    private static OAuth2TokenValidator<Jwt> audience(Collection<String> accepted) {
        return jwt -> {
            List<String> audience = jwt.getAudience();
            return audience != null && audience.stream().anyMatch(accepted::contains)
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(invalid("The aud claim is not one of " + accepted));
        };
    }

    private static OAuth2TokenValidator<Jwt> required(String claim) {
        return jwt -> jwt.hasClaim(claim) ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(invalid("The " + claim + " claim is missing"));
    }

    private static OAuth2Error invalid(String description) {
        return new OAuth2Error("invalid_token", description, null);
    }

    /** The public keys in one PEM resource (one or more {@code PUBLIC KEY} blocks, RSA or EC). */
    static List<JWK> readPublicKeys(Resource resource) {
        String text;
        try {
            text = resource.getContentAsString(StandardCharsets.US_ASCII);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read token key " + resource + ": " + ex.getMessage(), ex);
        }
        List<JWK> keys = new ArrayList<>();
        Matcher matcher = PEM.matcher(text);
        while (matcher.find()) {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(1).replaceAll("\\s", ""));
            keys.add(toJwk(decode(der, resource)));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(resource + " holds no -----BEGIN PUBLIC KEY----- block");
        }
        return keys;
    }

    private static PublicKey decode(byte[] der, Resource resource) {
        for (String type : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            }
            catch (GeneralSecurityException ex) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException(resource + " holds a public key that is neither RSA nor EC");
    }

    private static JWK toJwk(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).build();
        }
        ECPublicKey ec = (ECPublicKey) key;
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
    }
}
