package io.edgeway.gateway.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.edgeway.gateway.settings.InvalidConfigException;
import io.edgeway.gateway.settings.RouteTargetProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTargetsTest {

    private final RouteRules rules = new RouteRules(Set.of(), Set.of());

    private final RouteTargets allowing = new RouteTargets(new RouteTargetProperties(
            List.of("10.1.2.3", "*.partner.example", "169.254.169.254", "metadata.google.internal", "[fd00:ec2::254]",
                    "[fe80::1]", "2852039166"),
            List.of("/fallback/**", "/actuator/**")));

    @Test
    void allowsLoadBalancedServicesAndStaticAnswersByDefault() {
        assertThat(problems("lb://sample-backend", RouteTargets.DEFAULT)).isEmpty();
        assertThat(problems("no://op", RouteTargets.DEFAULT)).isEmpty();
    }

    @Test
    void refusesPlainHostsThatAreNotAllowListed() {
        assertThat(problems("http://internal-admin:9000/", RouteTargets.DEFAULT)).singleElement().asString()
                .startsWith("route 'r': uri 'http://internal-admin:9000/': host 'internal-admin' is not in "
                        + "edgeway.gateway.route-targets.hosts");
        assertThat(problems("wss://evil.partner.example.com", allowing)).hasSize(1);
        assertThat(problems("https://partner.example", allowing)).as("the domain itself is not below it").hasSize(1);
    }

    @Test
    void allowsListedHostsAndPatterns() {
        assertThat(problems("https://api.partner.example/v1", allowing)).isEmpty();
        assertThat(problems("http://API.Partner.Example.", allowing)).isEmpty();
        assertThat(problems("http://10.1.2.3:8080", allowing)).isEmpty();
    }

    @Test
    void refusesLinkLocalAndMetadataAddressesEvenWhenAllowListed() {
        for (String uri : List.of("http://169.254.169.254/latest/meta-data", "http://169.254.1.1",
                "http://metadata.google.internal/computeMetadata/v1", "http://METADATA.google.internal./",
                "http://[fd00:ec2::254]/", "http://[fe80::1]:8080", "http://[::ffff:169.254.169.254]/",
                "http://2852039166/", "http://0xa9.0xfe.0xa9.0xfe/")) {
            assertThat(problems(uri, allowing)).as(uri).singleElement().asString().contains("route 'r'")
                    .containsAnyOf("link-local", "metadata", "non-canonical", "no host");
        }
    }

    @Test
    void refusesForwardsIntoTheActuatorEvenWhenAllowListed() {
        for (String uri : List.of("forward:/actuator/env", "forward:/actuator", "forward:///Actuator/env",
                "forward:/fallback/../actuator/env", "forward:/%61ctuator/env", "forward:/actuator;x/env")) {
            assertThat(problems(uri, allowing)).as(uri).singleElement().asString().contains("actuator");
        }
    }

    @Test
    void allowsOnlyAllowListedForwards() {
        assertThat(problems("forward:/fallback/catalog", allowing)).isEmpty();
        assertThat(problems("forward:/fallback/catalog", RouteTargets.DEFAULT)).singleElement().asString()
                .contains("forward path '/fallback/catalog' is not in edgeway.gateway.route-targets.forwards");
    }

    @Test
    void judgesCircuitBreakerFallbacksLikeForwardRoutes() {
        RouteSpec route = new RouteSpec("r", "lb://x", List.of(Definition.parse("Path=/r")),
                List.of(new Definition("CircuitBreaker", Map.of("name", "r", "fallbackUri", "forward:/actuator/env"))),
                Map.of());

        assertThat(rules.checkRoute(route, 0, allowing, StrippedHeaders.DEFAULT)).singleElement().asString()
                .startsWith("route 'r', CircuitBreaker fallbackUri: uri 'forward:/actuator/env' forwards into");
    }

    @Test
    void refusesAllowListEntriesThatAreNotHostsOrPaths() {
        assertThatThrownBy(() -> new RouteTargetProperties(List.of("*", "a.*.b", "http://x"), List.of("fallback")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("'*' may only start with '*.'")
                .hasMessageContaining("'a.*.b'").hasMessageContaining("'http://x' is not a host")
                .hasMessageContaining("'fallback' is not a path");
    }

    private List<String> problems(String uri, RouteTargets targets) {
        return rules.checkRoute(new RouteSpec("r", uri, List.of(Definition.parse("Path=/r")), List.of(), Map.of()), 0,
                targets, StrippedHeaders.DEFAULT);
    }
}
