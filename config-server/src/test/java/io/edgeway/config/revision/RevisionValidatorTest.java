package io.edgeway.config.revision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RevisionValidatorTest {

    private final RevisionValidator validator = new RevisionValidator(Set.of(), Set.of("Custom"));

    @Test
    void acceptsTheDemoRoutes() {
        assertThat(validate("""
                spring.cloud.gateway.server.webflux:
                  default-filters:
                    - name: AddResponseHeader
                      args: { name: X-Edge, value: edgeway }
                  routes:
                    - id: hello
                      uri: lb://sample-backend
                      predicates: [ Path=/hello, Method=GET ]
                      filters: [ SetPath=/ ]
                """)).isEmpty();
    }

    @Test
    void refusesBrokenYaml() {
        assertThat(validate("routes:\n  - id: [unclosed\n")).singleElement().asString().contains("not valid YAML");
    }

    @Test
    void refusesDuplicateRouteIds() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a]}",
                "- {id: a, uri: 'lb://x', predicates: [Path=/b]}")))
                .singleElement().asString().contains("route 'a' is defined twice");
    }

    @Test
    void refusesRouteWithoutId() {
        assertThat(validate(routes("- {uri: 'lb://x', predicates: [Path=/a]}"))).singleElement().asString()
                .contains("has no id");
    }

    @Test
    void refusesInvalidUris() {
        assertThat(validate(routes("- {id: a, uri: 'http:///a', predicates: [Path=/a]}"))).singleElement()
                .asString().contains("has no host");
        assertThat(validate(routes("- {id: a, uri: 'gopher://x', predicates: [Path=/a]}"))).singleElement()
                .asString().contains("needs a scheme");
        assertThat(validate(routes("- {id: a, uri: 'lb://bad host', predicates: [Path=/a]}"))).singleElement()
                .asString().contains("not a valid URI");
        assertThat(validate(routes("- {id: a, predicates: [Path=/a]}"))).singleElement().asString()
                .contains("has no uri");
    }

    @Test
    void refusesUnknownPredicatesAndFilters() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Pth=/a], filters: [SetPth=/]}")))
                .containsExactlyInAnyOrder("edge-gateway.yml: route 'a': unknown predicate 'Pth'",
                        "edge-gateway.yml: route 'a': unknown filter 'SetPth'");
    }

    @Test
    void acceptsTheRepositorysOwnConfig() throws IOException {
        Map<String, String> files = new HashMap<>();
        try (Stream<Path> paths = Files.list(Path.of("../config-repo"))) {
            for (Path file : paths.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        }

        assertThat(validator.validate(files)).isEmpty();
    }

    @Test
    void knowsTheGatewaysOwnAndTheConfiguredExtraFilters() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: [Custom=1]}"))).isEmpty();
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: ['Canary=v1, v2, 5', "
                + "ShedLoad=critical, StaticResponse, RateLimit]}"))).isEmpty();
    }

    @Test
    void refusesTheRouteRetryFilterWhichWouldRetryOutsideTheBudget() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: [Retry=3]}")))
                .singleElement().asString().contains("unknown filter 'Retry'");
    }

    @Test
    void refusesBadPolicyArgumentsOnRoutes() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: ['Canary=v1, v2, 150']}")))
                .singleElement().asString().contains("Canary").contains("outside 0–100");
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: "
                + "[{name: Canary, args: {stable: v1, canary: v2, weight: -5}}]}"))).singleElement().asString()
                .contains("outside 0–100");
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: [ShedLoad=urgent]}")))
                .singleElement().asString().contains("priority 'urgent'");
    }

    @Test
    void refusesBadShedAuthAndRetrySettings() {
        assertThat(validate("edgeway.gateway.shedding: { algorithm: aimd, min-limit: 50, initial-limit: 20 }\n"))
                .hasSize(2).anyMatch(p -> p.contains("gradient2 or vegas")).anyMatch(p -> p.contains("min-limit <="));
        assertThat(validate("edgeway.gateway.shedding.admit.best-effort: 1.5\n")).singleElement().asString()
                .contains("admit.best-effort");
        assertThat(validate("edgeway.gateway.auth.algorithms: RS256, HS256\n")).singleElement().asString()
                .contains("HS256 is not an asymmetric");
        assertThat(validate("edgeway.gateway.auth.default-access: everyone\n")).singleElement().asString()
                .contains("public or authenticated");
        assertThat(validate("edgeway.gateway.retry.methods: GET, POST\n")).singleElement().asString()
                .contains("never retried");
        assertThat(validate("edgeway.gateway.rate-limit.store: memcached\n")).singleElement().asString()
                .contains("local or redis");
        assertThat(validate("edgeway.gateway.shedding.max-limit: ${MAX:300}\n")).isEmpty();
    }

    @Test
    void refusesRouteWithoutPredicate() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x'}"))).singleElement().asString().contains("no predicate");
    }

    @Test
    void refusesWeightsOutsideZeroToHundred() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a, 'Weight=g, 120']}")))
                .singleElement().asString().contains("outside 0–100");
        assertThat(validate("edgeway.canary.routes.hello.weight: -1\n")).singleElement().asString()
                .contains("outside 0–100");
        assertThat(validate("edgeway.canary.routes.hello.weight: lots\n")).singleElement().asString()
                .contains("not a number");
        assertThat(validate("edgeway.canary.routes.hello.weight: 12.5\n")).isEmpty();
    }

    @Test
    void refusesRoutesUnderTheKeyGateway5Ignores() {
        assertThat(validate("spring.cloud.gateway.routes:\n  - {id: a, uri: 'lb://x', predicates: [Path=/a]}\n"))
                .singleElement().asString().contains("ignored by Spring Cloud Gateway 5");
    }

    @Test
    void checksYamlSyntaxOfEveryFileButRoutesOnlyInGatewayFiles() {
        Map<String, String> files = Map.of("sample-backend.yml", "a: [b\n",
                "lb-adapter-service.yml", "spring.cloud.gateway.server.webflux.routes: [{id: a}]\n");

        assertThat(validator.validate(files)).singleElement().asString().startsWith("sample-backend.yml");
    }

    private List<String> validate(String gatewayYaml) {
        return validator.validate(Map.of("edge-gateway.yml", gatewayYaml));
    }

    private static String routes(String... routes) {
        return "spring.cloud.gateway.server.webflux.routes:\n  " + String.join("\n  ", routes) + "\n";
    }
}
