package io.edgeway.gateway.auth;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The issuer's keys for a token, from its JWK set URI. A fetched set is used for {@code refresh}, then fetched again,
 * so that a key the issuer removed stops being trusted. A token naming a key the set lacks makes it fetch early, at
 * most once per {@code minRefetch}: a key just rotated in is found, and tokens with made-up key ids cannot make the
 * gateway fetch on every request. A failed fetch keeps the keys fetched before.
 */
final class RemoteJwkSet implements Function<SignedJWT, Flux<JWK>> {

    private static final Logger log = LoggerFactory.getLogger(RemoteJwkSet.class);

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private final WebClient web;

    private final URI uri;

    private final Duration refresh;

    private final Duration minRefetch;

    private final AtomicReference<Fetch> last = new AtomicReference<>();

    private volatile JWKSet lastGood;

    RemoteJwkSet(WebClient web, URI uri, Duration refresh, Duration minRefetch) {
        this.web = web;
        this.uri = uri;
        this.refresh = refresh;
        this.minRefetch = minRefetch;
    }

    @Override
    public Flux<JWK> apply(SignedJWT jwt) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        return current().onErrorResume(ex -> early().orElse(Mono.error(ex))).flatMapMany(set -> {
            List<JWK> keys = selector.select(set);
            if (!keys.isEmpty()) {
                return Flux.fromIterable(keys);
            }
            return early().map(again -> again.flatMapIterable(selector::select)).orElse(Flux.empty());
        }).onErrorResume(ex -> Flux.empty()); // no keys: the token is refused (401), as with an unknown key
    }

    /**
     * Whether the set, refreshed on schedule, still has the key with this id: a token remembered as verified stops
     * being trusted once the issuer removes its key.
     */
    Mono<Boolean> stillPublishes(String keyId) {
        return current().map(set -> keyId == null || set.getKeyByKeyId(keyId) != null).onErrorReturn(false);
    }

    private Mono<JWKSet> current() {
        Fetch seen = last.get();
        return seen != null && Instant.now().isBefore(seen.at().plus(refresh)) ? seen.set() : fetch(seen);
    }

    private Optional<Mono<JWKSet>> early() {
        Fetch seen = last.get();
        return seen != null && Instant.now().isBefore(seen.at().plus(minRefetch)) ? Optional.empty()
                : Optional.of(fetch(seen));
    }

    private Mono<JWKSet> fetch(Fetch seen) {
        Mono<JWKSet> set = web.get().uri(uri).retrieve().bodyToMono(String.class).timeout(FETCH_TIMEOUT)
                .map(RemoteJwkSet::parse).doOnNext(fresh -> lastGood = fresh)
                .doOnError(ex -> log.warn("Could not fetch the issuer's keys from {}: {}", uri, ex.getMessage()))
                .onErrorResume(ex -> lastGood != null ? Mono.just(lastGood) : Mono.error(ex)).cache();
        Fetch next = new Fetch(set, Instant.now());
        return last.compareAndSet(seen, next) ? set : last.get().set();
    }

    private static JWKSet parse(String body) {
        try {
            return JWKSet.parse(body);
        }
        catch (ParseException ex) {
            throw new IllegalStateException("the JWK set is not valid JSON Web Keys: " + ex.getMessage(), ex);
        }
    }

    private record Fetch(Mono<JWKSet> set, Instant at) {
    }
}
