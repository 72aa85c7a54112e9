package io.edgeway.gateway.support;

import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpCookie;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a request is from, for canary stickiness and rate limits: {@code subject} (the verified JWT subject),
 * {@code header:NAME}, {@code cookie:NAME} or {@code ip} (the peer address); several, separated by commas, are
 * tried in order and the first one present wins.
 */
public record RequestKey(List<Source> sources) {

    /** One place to look for the key. */
    public record Source(String type, String name) {
    }

    public static RequestKey parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return new RequestKey(List.of());
        }
        return new RequestKey(Arrays.stream(spec.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(RequestKey::source).toList());
    }

    private static Source source(String text) {
        String[] parts = text.split(":", 2);
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        String name = parts.length > 1 ? parts[1].trim() : "";
        boolean valid = switch (type) {
            case "subject", "ip" -> name.isEmpty();
            case "header", "cookie" -> !name.isEmpty();
            default -> false;
        };
        if (!valid) {
            throw new IllegalArgumentException("key '" + text + "' is not subject, ip, header:NAME or cookie:NAME");
        }
        return new Source(type, name);
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
            case "ip" -> Mono.justOrEmpty(exchange.getRequest().getRemoteAddress())
                    .mapNotNull(address -> address.getAddress() != null ? address.getAddress().getHostAddress()
                            : address.getHostString());
            default -> Mono.justOrEmpty(exchange.getRequest().getCookies().getFirst(source.name()))
                    .map(HttpCookie::getValue).filter(v -> !v.isBlank());
        };
    }

    private static String subject(Principal principal) {
        return principal instanceof JwtAuthenticationToken token ? token.getToken().getSubject() : null;
    }
}
