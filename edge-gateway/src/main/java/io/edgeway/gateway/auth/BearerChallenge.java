package io.edgeway.gateway.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;

import io.edgeway.gateway.metrics.RefusalReason;
import io.edgeway.gateway.metrics.RequestOutcome;
import io.edgeway.gateway.support.JsonErrorBody;

/**
 * The gateway's 401 and 403 answers: an RFC 6750 {@code WWW-Authenticate: Bearer} challenge, and the same reason
 * in a small JSON body for people reading it with curl.
 */
public final class BearerChallenge implements ServerAuthenticationEntryPoint {

    /** Answers a rejected token (from the resource server) with 401. */
    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException ex) {
        if (ex instanceof OAuth2AuthenticationException oauth) {
            String description = oauth.getError().getDescription() != null ? oauth.getError().getDescription()
                    : ex.getMessage();
            return write(exchange, HttpStatus.UNAUTHORIZED, oauth.getError().getErrorCode(), description, Set.of());
        }
        return missingToken(exchange);
    }

    /** 401 for a protected route called without a bearer token. */
    public Mono<Void> missingToken(ServerWebExchange exchange) {
        return write(exchange, HttpStatus.UNAUTHORIZED, null, "This route needs a bearer token", Set.of());
    }

    /** 403 for a valid token that lacks a scope the route requires. */
    public Mono<Void> insufficientScope(ServerWebExchange exchange, Set<String> required) {
        return write(exchange, HttpStatus.FORBIDDEN, "insufficient_scope",
                "This route needs the scopes " + String.join(" ", required.stream().sorted().toList()), required);
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String error, String description,
            Set<String> scopes) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (error != null) {
            parameters.put("error", error);
            parameters.put("error_description", description);
        }
        if (!scopes.isEmpty()) {
            parameters.put("scope", String.join(" ", scopes.stream().sorted().toList()));
        }
        RequestOutcome.refused(exchange,
                status == HttpStatus.FORBIDDEN ? RefusalReason.FORBIDDEN : RefusalReason.UNAUTHENTICATED);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, parameters.isEmpty() ? "Bearer"
                : "Bearer " + parameters.entrySet().stream().map(e -> e.getKey() + "=\"" + quoted(e.getValue()) + "\"")
                        .collect(Collectors.joining(", ")));
        return JsonErrorBody.write(response, status, error != null ? error : "unauthorized", description);
    }

    /** Keeps a value safe inside a quoted header parameter. */
    private static String quoted(String value) {
        return value.replaceAll("[\"\\\\\\p{Cntrl}]", "'");
    }
}
