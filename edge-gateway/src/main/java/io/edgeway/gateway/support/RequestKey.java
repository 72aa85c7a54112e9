package io.edgeway.gateway.support;

import java.security.Principal;
import java.util.List;
import java.util.Optional;

import io.edgeway.gateway.rules.KeySpec;
import io.edgeway.gateway.rules.KeySpec.Source;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpCookie;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a request is from, for canary stickiness and rate limits: the first key present among the sources of a
 * {@link KeySpec} ({@code subject}, {@code header:NAME}, {@code cookie:NAME}, {@code ip}: the {@link ClientAddress}).
 */
public record RequestKey(List<Source> sources) {

    /** Parses a spec as written in a route (see {@link KeySpec}); throws when a part is none of the four forms. */
    public static RequestKey parse(String spec) {
        return new RequestKey(KeySpec.parse(spec).sources());
    }

    /** The first key the request carries, if any. */
    public Mono<Optional<String>> resolve(ServerWebExchange exchange) {
        Mono<Optional<String>> result = Mono.just(Optional.empty());
        for (int i = sources.size() - 1; i >= 0; i--) {
            Source source = sources.get(i);
            Mono<Optional<String>> next = result;
            result = value(source, exchange).map(Optional::of).switchIfEmpty(next);
        }
        return result;
    }

    private static Mono<String> value(Source source, ServerWebExchange exchange) {
        return switch (source.type()) {
            case "subject" -> exchange.getPrincipal().mapNotNull(RequestKey::subject);
            case "header" -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(source.name()))
                    .filter(v -> !v.isBlank());
            case "ip" -> Mono.justOrEmpty(ClientAddress.of(exchange));
            default -> Mono.justOrEmpty(exchange.getRequest().getCookies().getFirst(source.name()))
                    .map(HttpCookie::getValue).filter(v -> !v.isBlank());
        };
    }

    private static String subject(Principal principal) {
        return principal instanceof JwtAuthenticationToken token ? token.getToken().getSubject() : null;
    }
}
