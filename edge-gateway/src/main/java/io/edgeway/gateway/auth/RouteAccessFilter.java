package io.edgeway.gateway.auth;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.edgeway.gateway.accesslog.AccessRecord;
import io.edgeway.gateway.rules.RouteAccess;
import io.edgeway.gateway.settings.AccessLevel;
import io.edgeway.gateway.settings.AuthProperties;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;

import io.edgeway.gateway.metrics.RefusalReason;
import io.edgeway.gateway.metrics.RequestOutcome;
import io.edgeway.gateway.support.HeaderNames;
import io.edgeway.gateway.support.JsonErrorBody;
import io.edgeway.gateway.support.LiveProperties;
import io.edgeway.gateway.tls.ClientCertificate;

/**
 * Enforces each route's access (public, authenticated, scopes) before anything else runs for the route, and
 * replaces client-supplied identity headers with the verified subject and scopes (and, on a route that requires a TLS
 * client certificate, its subject).
 *
 * <p>Access sits in route metadata and is enforced by this one global filter, rather than by a filter that each
 * route must remember to list: a route that says nothing gets {@code default-access} (authenticated), so
 * forgetting fails closed. The token itself was already verified by the resource server in the security chain;
 * an invalid token never gets here.
 */
public final class RouteAccessFilter implements GlobalFilter, Ordered {

    /** Before every route filter (Retry, canary, load shedding, load balancing). */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final LiveProperties<AuthProperties> properties;

    private final BearerChallenge challenge;

    /** Each route's access, read once per route build and settings (parsing the metadata on every request cost CPU). */
    private volatile AccessByRoute accessByRoute = new AccessByRoute(null);

    public RouteAccessFilter(LiveProperties<AuthProperties> properties, BearerChallenge challenge) {
        this.properties = properties;
        this.challenge = challenge;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        AuthProperties settings = properties.get();
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        AccessByRoute known = accessByRoute(settings);
        RouteAccess access = known.of(route);
        String certificateSubject = null;
        if (access.clientCertificateRequired()) {
            certificateSubject = ClientCertificate.subject(exchange);
            if (certificateSubject == null) {
                return clientCertificateRequired(exchange);
            }
            AccessRecord.clientCertificate(exchange, certificateSubject);
        }
        String clientCertificate = certificateSubject;
        return exchange.getPrincipal().mapNotNull(RouteAccessFilter::identity).map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(identity -> {
                    identity.ifPresent(verified -> AccessRecord.subject(exchange, verified.subject()));
                    return switch (access.decide(identity.orElse(null))) {
                    case ALLOW -> chain.filter(withIdentityHeaders(exchange, settings.headers(), known.identitySpellings,
                            identity.orElse(null), access.forwardAuthorization(), clientCertificate));
                    case UNAUTHENTICATED -> challenge.missingToken(exchange);
                    case INSUFFICIENT_SCOPE -> challenge.insufficientScope(exchange, access.scopes());
                    };
                });
    }

    /**
     * 403: no verified client certificate on the connection. A certificate that the trusted CAs did not sign never
     * gets here: the TLS handshake refused it.
     */
    private static Mono<Void> clientCertificateRequired(ServerWebExchange exchange) {
        RequestOutcome.refused(exchange, RefusalReason.FORBIDDEN);
        String reason = exchange.getRequest().getSslInfo() == null
                ? "This route requires a TLS client certificate, and the request did not come over TLS"
                : "This route requires a TLS client certificate signed by a CA the gateway trusts, and the "
                        + "connection presented none";
        return JsonErrorBody.write(exchange, HttpStatus.FORBIDDEN, "client_certificate_required", reason);
    }

    private AccessByRoute accessByRoute(AuthProperties settings) {
        AccessByRoute known = accessByRoute;
        if (known.settings != settings) {
            known = new AccessByRoute(settings);
            accessByRoute = known;
        }
        return known;
    }

    /**
     * Route access under one set of settings, by route id; an entry counts only for the route object it was read
     * from (a refresh builds new routes; {@code getMetadata()} returns a new view on every call).
     */
    private static final class AccessByRoute {

        private final AuthProperties settings;

        private final AccessLevel defaultLevel;

        /** Every spelling of the identity headers a backend could read as one of them ({@link HeaderNames#spellings}). */
        private final List<String> identitySpellings;

        private final Map<String, Read> byRouteId = new ConcurrentHashMap<>();

        AccessByRoute(AuthProperties settings) {
            this.settings = settings;
            this.defaultLevel = settings != null ? settings.defaultLevel() : null;
            this.identitySpellings = settings == null ? List.of() : HeaderNames.normalized(settings.headers().all())
                    .stream().flatMap(name -> HeaderNames.spellings(name).stream()).toList();
        }

        RouteAccess of(Route route) {
            if (route == null) {
                return RouteAccess.fromMetadata(Map.of(), defaultLevel);
            }
            Read read = byRouteId.get(route.getId());
            if (read == null || read.route != route) {
                read = new Read(route, RouteAccess.fromMetadata(route.getMetadata(), defaultLevel));
                byRouteId.put(route.getId(), read);
            }
            return read.access;
        }

        private record Read(Route route, RouteAccess access) {
        }
    }

    static RouteAccess.Identity identity(Principal principal) {
        if (principal instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
            Set<String> scopes = token.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith("SCOPE_")).map(a -> a.substring("SCOPE_".length()))
                    .collect(Collectors.toSet());
            return new RouteAccess.Identity(token.getToken().getSubject(), scopes);
        }
        return null;
    }

    /** As {@link #withIdentityHeaders(ServerWebExchange, AuthProperties.Headers, List, RouteAccess.Identity, boolean, String)} without a client certificate. */
    static ServerWebExchange withIdentityHeaders(ServerWebExchange exchange, AuthProperties.Headers headers,
            List<String> identitySpellings, RouteAccess.Identity identity, boolean forwardAuthorization) {
        return withIdentityHeaders(exchange, headers, identitySpellings, identity, forwardAuthorization, null);
    }

    /**
     * Removes every identity header the client sent, in any case and with {@code _} for {@code -}, and
     * {@code Authorization} unless the route passes it on; then sets the verified identity (if any) and the verified
     * client certificate's subject (if the route required one). A request with nothing to remove and nothing to set
     * passes as it is: a mutated request is a copy of all its headers.
     */
    static ServerWebExchange withIdentityHeaders(ServerWebExchange exchange, AuthProperties.Headers headers,
            List<String> identitySpellings, RouteAccess.Identity identity, boolean forwardAuthorization,
            String clientCertificate) {
        HttpHeaders sent = exchange.getRequest().getHeaders();
        List<String> spoofed = new ArrayList<>(0);
        for (String spelling : identitySpellings) {
            if (sent.containsHeader(spelling)) {
                spoofed.add(spelling);
            }
        }
        boolean dropAuthorization = !forwardAuthorization && sent.containsHeader(HttpHeaders.AUTHORIZATION);
        if (spoofed.isEmpty() && !dropAuthorization && identity == null && clientCertificate == null) {
            return exchange;
        }
        ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> {
            spoofed.forEach(h::remove);
            if (dropAuthorization) {
                h.remove(HttpHeaders.AUTHORIZATION);
            }
            if (identity != null) {
                h.set(headers.subject(), identity.subject());
                h.set(headers.scopes(), String.join(" ", identity.scopes().stream().sorted().toList()));
            }
            if (clientCertificate != null) {
                h.set(headers.clientCertificate(), clientCertificate);
            }
        }).build();
        return exchange.mutate().request(request).build();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
