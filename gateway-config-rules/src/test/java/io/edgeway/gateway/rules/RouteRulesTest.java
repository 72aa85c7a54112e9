package io.edgeway.gateway.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouteRulesTest {

    private final RouteRules rules = new RouteRules(Set.of(), Set.of("Custom"));

    @Test
    void acceptsAWellFormedRoute() {
        assertThat(rules.check(List.of(route("api", "lb://sample-backend", "Path=/api/**", "RateLimit=20, 1s, 40",
                "ShedLoad=best-effort", "Canary=v1, v2, 12.5", "StaticResponse=503", "SetPath=/", "Custom")),
                List.of())).isEmpty();
    }

    @Test
    void namesTheRouteInEveryProblem() {
        assertThat(rules.check(List.of(route("a", "lb://x"), route("a", "gopher://x", "Pth=/a")), List.of()))
                .containsExactlyInAnyOrder("route 'a' is defined twice (route ids must be unique)",
                        "route 'a' has no predicate, so it would match every request",
                        "route 'a': uri 'gopher://x' needs a scheme among [forward, http, https, lb, no, ws, wss]",
                        "route 'a': unknown predicate 'Pth'");
        assertThat(rules.checkRoute(route(null, "lb://x", "Path=/"), 3)).isEmpty();
        assertThat(rules.checkIds(List.of(route(" ", "lb://x", "Path=/")))).containsExactly("route '#0' has no id");
    }

    @Test
    void refusesTheStockRetryFilter() {
        assertThat(rules.checkRoute(route("a", "lb://x", "Path=/a", "Retry=3"), 0))
                .containsExactly("route 'a': unknown filter 'Retry'");
    }

    @Test
    void checksTheArgumentsOfTheGatewaysOwnFiltersByNameOrPosition() {
        assertThat(rules.checkRoute(route("a", "lb://x", "Path=/a", "Canary=v1, v2, 150"), 0))
                .containsExactly("route 'a', Canary weight: 150 is outside 0–100");
        Definition named = new Definition("Canary", Map.of("stable", "v1", "canary", "v2", "weight", "-5",
                "override-header", "X-Canary"));
        assertThat(rules.checkRoute(new RouteSpec("a", "lb://x", List.of(Definition.parse("Path=/a")),
                List.of(named), Map.of()), 0)).containsExactly("route 'a', Canary weight: -5 is outside 0–100");
        assertThat(rules.checkRoute(route("a", "lb://x", "Path=/a", "ShedLoad=urgent"), 0)).containsExactly(
                "route 'a', ShedLoad priority: 'urgent' is not one of critical, default, best-effort");
        // A key in the fourth position would be dropped without a word.
        assertThat(rules.checkRoute(route("a", "lb://x", "Path=/a", "RateLimit=5, 1s, 5, header:X-Tenant"), 0))
                .containsExactly("route 'a', RateLimit takes at most 3 arguments in shortcut form (requests, period, "
                        + "burst); name the others under args");
    }

    @Test
    void refusesAKeyOrOverrideOnAHeaderTheGatewayStrips() {
        Definition canary = new Definition("Canary", Map.of("stable", "v1", "canary", "v2", "weight", "5",
                "key", "header:x_user, subject", "override-header", "X-Canary"));
        RouteSpec route = new RouteSpec("a", "lb://x", List.of(Definition.parse("Path=/a")),
                List.of(canary, new Definition("RateLimit", Map.of("requests", "5", "key", "header:X-Remote-User"))),
                Map.of());

        assertThat(rules.checkRoute(route, 0)).containsExactly(
                "route 'a', Canary reads header x_user, which the gateway removes from every request "
                        + "(edgeway.gateway.auth.headers.strip), so it is never there; use subject, or a header it keeps",
                "route 'a', RateLimit reads header X-Remote-User, which the gateway removes from every request "
                        + "(edgeway.gateway.auth.headers.strip), so it is never there; use subject, or a header it keeps");
        // A gateway told to strip the override header too; one that strips nothing takes the route as it is.
        assertThat(rules.checkRoute(route, 0, RouteTargets.DEFAULT, StrippedHeaders.of(List.of("X-Canary"))))
                .singleElement().asString().startsWith("route 'a', Canary reads header X-Canary,");
        assertThat(rules.checkRoute(route, 0, RouteTargets.DEFAULT, StrippedHeaders.of(List.of()))).isEmpty();
    }

    @Test
    void checksWeightPredicatesAsPercentages() {
        assertThat(rules.checkRoute(route("a", "lb://x", "Weight=group, 140"), 0))
                .containsExactly("route 'a', Weight weight: 140 is outside 0–100");
        assertThat(rules.checkRoute(route("a", "lb://x", "Weight=group, 40"), 0)).isEmpty();
    }

    @Test
    void checksRouteAccessMetadata() {
        RouteSpec everyone = new RouteSpec("a", "lb://x", List.of(Definition.parse("Path=/a")), List.of(),
                Map.of("access", "everyone"));

        assertThat(rules.checkRoute(everyone, 0)).containsExactly(
                "route 'a', metadata: route access 'everyone' is not one of public, authenticated");
    }

    @Test
    void refusesAMisspeltClientCertificateRequirement() {
        RouteSpec misspelt = new RouteSpec("partners", "lb://x", List.of(Definition.parse("Path=/p")), List.of(),
                Map.of("access", "public", "client-cert", "requried"));
        RouteSpec required = new RouteSpec("partners", "lb://x", List.of(Definition.parse("Path=/p")), List.of(),
                Map.of("access", "public", "client-cert", "required"));

        assertThat(rules.checkRoute(misspelt, 0)).containsExactly(
                "route 'partners', metadata: client-cert must be required or none, not 'requried'");
        assertThat(rules.checkRoute(required, 0)).isEmpty();
    }

    @Test
    void leavesPlaceholdersAndExpressionsToTheGateway() {
        assertThat(rules.checkRoute(route("a", "${BACKEND}", "Path=/a", "Canary=v1, v2, #{weight}"), 0)).isEmpty();
    }

    @Test
    void checksKeysAnywhereInTheConfig() {
        assertThat(RouteRules.checkKeys(Map.of("spring.cloud.gateway.routes[0].id", "a"))).containsExactly(
                "spring.cloud.gateway.routes is ignored by Spring Cloud Gateway 5; use "
                        + "spring.cloud.gateway.server.webflux.routes");
        assertThat(RouteRules.checkKeys(Map.of("edgeway.canary.routes.hello.weight", "lots", "x.weight", "12.5",
                "y.weight", "${W}"))).containsExactly("edgeway.canary.routes.hello.weight: 'lots' is not a number");
    }

    @Test
    void shortcutArgumentsTakeTheirNamesInOrder() {
        Definition definition = Definition.parse("RateLimit= 20 , 1s,,40");

        assertThat(definition.name()).isEqualTo("RateLimit");
        assertThat(definition.named(RouteRules.RATE_LIMIT.shortcutFieldOrder()))
                .containsExactly(Map.entry("requests", "20"), Map.entry("period", "1s"), Map.entry("burst", "40"));
    }

    private static RouteSpec route(String id, String uri, String... definitions) {
        List<Definition> predicates = new ArrayList<>();
        List<Definition> filters = new ArrayList<>();
        for (String text : definitions) {
            Definition definition = Definition.parse(text);
            boolean predicate = RouteRules.GATEWAY_PREDICATES.contains(definition.name())
                    || definition.name().equals("Pth");
            (predicate ? predicates : filters).add(definition);
        }
        return new RouteSpec(id, uri, predicates, filters, Map.of());
    }
}
