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
                + "ShedLoad=critical, StaticResponse, RateLimit=10]}"))).isEmpty();
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
                .singleElement().asString().contains("ShedLoad priority: 'urgent' is not one of critical, default, best-effort");
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
    void refusesBadArgumentsOfEveryOwnFilterAndDefaultFilter() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: [RateLimit=0]}")))
                .singleElement().asString().contains("RateLimit requests: must be at least 1, not 0");
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: "
                + "[{name: Canary, args: {stable: v1, canary: v2, weight: 5, key: 'query:user'}}]}")))
                .singleElement().asString().contains("Canary key: key 'query:user' is not subject, ip");
        assertThat(validate(routes("- {id: a, uri: 'no://op', predicates: [Path=/a], filters: [StaticResponse=299]}")))
                .singleElement().asString().contains("StaticResponse status: 299 is not an HTTP status");
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], filters: ['Canary=v1, v2, lots']}")))
                .singleElement().asString().contains("Canary weight: 'lots' is not a number");
        assertThat(validate("spring.cloud.gateway.server.webflux.default-filters: [ 'Canary=v1, v1, 5', Nope ]\n"))
                .containsExactlyInAnyOrder("edge-gateway.yml: default filter Canary canary: is the stable version too (v1)",
                        "edge-gateway.yml: unknown default filter 'Nope'");
    }

    @Test
    void refusesRouteAccessTheGatewayCannotRead() {
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], metadata: {access: everyone}}")))
                .singleElement().asString().contains("route 'a', metadata: route access 'everyone' is not one of");
        assertThat(validate(routes("- {id: a, uri: 'lb://x', predicates: [Path=/a], "
                + "metadata: {access: public, scopes: [api]}}"))).singleElement().asString()
                .contains("a public route cannot require scopes");
    }

    @Test
    void judgesSettingsAsTheGatewayReadsThemAcrossFiles() {
        Map<String, String> files = Map.of("application.yml", "edgeway.gateway.shedding.min-limit: 100\n",
                "edge-gateway.yml", "edgeway.gateway.shedding.initial-limit: 150\n");
        assertThat(validator.validate(files)).isEmpty();

        assertThat(validator.validate(Map.of("application.yml", "edgeway.gateway.shedding.min-limit: 100\n",
                "edge-gateway.yml", "edgeway.gateway.shedding.max-limit: 300\n"))).singleElement().asString()
                .startsWith("edge-gateway.yml: edgeway.gateway.shedding: need 1 <= min-limit <= initial-limit");
        assertThat(validator.validate(Map.of("edge-gateway.yml", "",
                "edge-gateway-prod.yml", "edgeway.gateway.outlier.max-ejected-percent: 120\n"))).containsExactly(
                        "edge-gateway-prod.yml: edgeway.gateway.outlier.max-ejected-percent: must be between 0 and 100, "
                                + "not 120");
    }

    @Test
    void judgesPlaceholdersByTheirDefaultAndLeavesTheRestToTheGateway() {
        assertThat(validate("edgeway.gateway.shedding.min-limit: ${MIN:400}\n")).singleElement().asString()
                .contains("min-limit <= initial-limit");
        assertThat(validate("edgeway.gateway.shedding.min-limit: ${MIN}\n")).isEmpty();
        assertThat(validate(routes("- {id: a, uri: '${BACKEND_URI}', predicates: [Path=/a], "
                + "filters: ['Canary=v1, v2, ${CANARY_WEIGHT:5}']}"))).isEmpty();
    }

    @Test
    void refusesRouteTargetsOutsideTheAllowListNamingTheRoute() {
        assertThat(validate(routes("- {id: meta, uri: 'http://169.254.169.254/latest', predicates: [Path=/m]}")))
                .singleElement().asString().contains("route 'meta'").contains("link-local");
        assertThat(validate(routes("- {id: admin, uri: 'http://internal-admin:9000', predicates: [Path=/a]}")))
                .singleElement().asString().contains("route 'admin'")
                .contains("host 'internal-admin' is not in edgeway.gateway.route-targets.hosts");
        assertThat(validate(routes("- {id: env, uri: 'forward:/actuator/env', predicates: [Path=/e]}")))
                .singleElement().asString().contains("route 'env'").contains("actuator");
    }

    @Test
    void acceptsAllowListedHostsFromAnyGatewayFileButNeverMetadataAddresses() {
        Map<String, String> files = Map.of("application.yml",
                "edgeway.gateway.route-targets.hosts: [ '*.partner.example', 169.254.169.254 ]\n",
                "edge-gateway.yml", routes("- {id: partner, uri: 'https://api.partner.example', predicates: [Path=/p]}",
                        "- {id: meta, uri: 'http://169.254.169.254', predicates: [Path=/m]}"));

        assertThat(validator.validate(files)).singleElement().asString().contains("route 'meta'")
                .contains("link-local");
    }

    @Test
    void refusesAKeyOnAHeaderTheGatewayStripsAsTheFilesConfigureIt() {
        String route = "- {id: api, uri: 'lb://x', predicates: [Path=/a], filters: [{name: RateLimit, "
                + "args: {requests: 5, key: 'header:X-Tenant'}}]}";

        assertThat(validate(routes(route))).isEmpty();
        assertThat(validator.validate(Map.of("application.yml", "edgeway.gateway.auth.headers.strip: [ X-Tenant ]\n",
                "edge-gateway.yml", routes(route)))).singleElement().asString().contains("route 'api', RateLimit")
                .contains("reads header X-Tenant, which the gateway removes from every request");
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

    private static final String ADAPTER_DEVICES = """
            edgeway.lb-adapter.devices:
              f5-demo: { type: F5, url: '${LB_F5_URL:http://127.0.0.1:9443}', vip-networks: 10.20.0.0/24 }
              netscaler-demo: { type: NETSCALER, url: 'http://127.0.0.1:9080', vip-networks: 10.30.0.0/24 }
            """;

    @Test
    void acceptsDeclaredVipsInsideTheirDevicesNetworks() {
        assertThat(validator.validate(Map.of("lb-adapter-service.yml", ADAPTER_DEVICES + """
                edgeway.lb-adapter.vips:
                  - { name: shop, address: 10.20.0.50, port: 443, protocol: https, application: shop }
                  - { name: api, address: 10.30.0.50, port: 443, protocol: http, application: api, persistence: cookie }
                """))).isEmpty();
    }

    @Test
    void refusesConflictingVipAddressesWhereverTheyAreDeclared() {
        Map<String, String> files = Map.of("lb-adapter-service.yml", ADAPTER_DEVICES + """
                edgeway.lb-adapter.vips:
                  - { name: shop, address: 10.20.0.50, port: 443, application: shop }
                """, "lb-adapter-service-prod.yml", """
                edgeway.lb-adapter.vips:
                  - { name: shop, address: 10.20.0.50, port: 443, application: shop }
                  - { name: cart, address: 10.20.0.50, port: 443, application: cart, device: f5-demo }
                """);
        assertThat(validator.validate(files)).singleElement().asString().startsWith(
                "lb-adapter-service-prod.yml: edgeway.lb-adapter.vips[1].address: 10.20.0.50:443 of VIP 'cart' is "
                        + "already taken on device 'f5-demo' by VIP 'shop'");
    }

    @Test
    void refusesVipAddressOutsideEveryDeviceAndUnbindableValues() {
        assertThat(validator.validate(Map.of("lb-adapter-service.yml", ADAPTER_DEVICES + """
                edgeway.lb-adapter.vips:
                  - { name: shop, address: 192.168.9.9, port: 443, application: shop }
                """))).singleElement().asString().contains("outside the vip-networks of every device");
        assertThat(validator.validate(Map.of("lb-adapter-service.yml", ADAPTER_DEVICES + """
                edgeway.lb-adapter.vips:
                  - { name: shop, address: 10.20.0.50, port: 443, protocol: udp, application: shop }
                """))).singleElement().asString().startsWith("lb-adapter-service.yml: edgeway.lb-adapter.vips[0].protocol");
    }

    private List<String> validate(String gatewayYaml) {
        return validator.validate(Map.of("edge-gateway.yml", gatewayYaml));
    }

    private static String routes(String... routes) {
        return "spring.cloud.gateway.server.webflux.routes:\n  " + String.join("\n  ", routes) + "\n";
    }
}
