package io.edgeway.gateway.settings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class GatewaySettingsTest {

    @Test
    void everyGroupBindsFromNothingToItsDefaults() {
        assertThat(check(Map.of())).isEmpty();
        Binder empty = binder(Map.of());

        assertThat(GatewaySettings.SHEDDING.bind(empty).algorithm()).isEqualTo("vegas");
        assertThat(GatewaySettings.GATEWAY.bind(empty).retry().heldBodySize()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(GatewaySettings.AUTH.bind(empty).clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(GatewaySettings.RATE_LIMIT.bind(empty).store()).isEqualTo(RateLimitProperties.Store.LOCAL);
    }

    @Test
    void reportsEveryProblemOfAGroupWithItsKey() {
        assertThat(check(Map.of("edgeway.gateway.shedding.algorithm", "aimd", "edgeway.gateway.shedding.min-limit", "50",
                "edgeway.gateway.shedding.initial-limit", "20"))).containsExactlyInAnyOrder(
                        "edgeway.gateway.shedding.algorithm: must be gradient2 or vegas, not aimd",
                        "edgeway.gateway.shedding: need 1 <= min-limit <= initial-limit <= max-limit, not 50, 20, 200");
    }

    @Test
    void namesTheNestedKeyThatIsWrong() {
        assertThat(check(Map.of("edgeway.gateway.shedding.admit.best-effort", "1.5"))).contains(
                "edgeway.gateway.shedding.admit.best-effort: must be in (0, 1], not 1.5");
        assertThat(check(Map.of("edgeway.gateway.retry.budget.ratio", "2"))).containsExactly(
                "edgeway.gateway.retry.budget.ratio: must be between 0 and 1, not 2.0");
        assertThat(check(Map.of("edgeway.gateway.circuit-breaker.instances.pay.failure-rate", "150"))).containsExactly(
                "edgeway.gateway.circuit-breaker.instances.pay.failure-rate: must be in (0, 100], not 150.0");
    }

    @Test
    void refusesAnAccessLogQueueOfNoLines() {
        assertThat(GatewaySettings.ACCESS_LOG.bind(binder(Map.of())).queueSize()).isEqualTo(8192);
        assertThat(check(Map.of("edgeway.gateway.access-log.queue-size", "0"))).containsExactly(
                "edgeway.gateway.access-log.queue-size: must be between 1 and 1000000, not 0");
    }

    @Test
    void refusesSymmetricTokenAlgorithmsAndUnknownAccess() {
        assertThat(check(Map.of("edgeway.gateway.auth.algorithms", "RS256, HS256"))).singleElement().asString()
                .startsWith("edgeway.gateway.auth.algorithms: HS256 is not an asymmetric signature algorithm");
        assertThat(check(Map.of("edgeway.gateway.auth.default-access", "everyone"))).containsExactly(
                "edgeway.gateway.auth.default-access: must be public or authenticated, not everyone");
        assertThat(check(Map.of("edgeway.gateway.auth.jwk-set-uri", "https://issuer.example/jwks"))).containsExactly(
                "edgeway.gateway.auth: issuer and audiences are required once there are keys (jwk-set-uri or public-keys)");
    }

    @Test
    void namesAMisspeltKeyWithTheKeysItsGroupHas() {
        assertThat(GatewaySettings.unknownKeys(List.of("edgeway.gateway.shedding.intial-limit"))).singleElement()
                .asString().startsWith("edgeway.gateway.shedding.intial-limit: unknown setting (edgeway.gateway.shedding has ")
                .contains("initial-limit", "admit");
        assertThat(GatewaySettings.unknownKeys(List.of("edgeway.gateway.shedding.admit.best-efort"))).singleElement()
                .asString().contains("(edgeway.gateway.shedding.admit has ").contains("best-effort", "default");
        assertThat(GatewaySettings.unknownKeys(List.of("edgeway.gateway.shedings.max-limit"))).singleElement()
                .asString().contains("(edgeway.gateway has ").contains("shedding", "auth", "retry", "config-push");
    }

    @Test
    void knowsEveryKeyTheGroupsBindInAnyForm() {
        assertThat(GatewaySettings.unknownKeys(List.of("edgeway.gateway.shedding.initialLimit",
                "edgeway.gateway.shedding.admit.default", "edgeway.gateway.retry.methods[1]",
                "edgeway.gateway.retry.budget.min-per-second", "edgeway.gateway.auth.public-keys[0]",
                "edgeway.gateway.auth.key-set.min-refetch", "edgeway.gateway.circuit-breaker.instances.pay.failure-rate",
                "edgeway.gateway.config-push.cache-file", "edgeway.gateway.instances.services.pay.allowed-networks",
                "spring.cloud.gateway.anything", "edgeway.config.other")))
                .isEmpty();
        assertThat(GatewaySettings.unknownKeys(List.of("edgeway.gateway.circuit-breaker.instances.pay.failure-rat",
                "edgeway.gateway.retry.methods.first"))).hasSize(2);
    }

    @Test
    void instancesAreAllowedInThePrivateNetworksUnlessAServiceSaysOtherwise() {
        InstanceNetworksProperties networks = GatewaySettings.INSTANCES.bind(binder(Map.of(
                "edgeway.gateway.instances.services.Billing.allowed-networks", "203.0.113.0/24")));

        assertThat(networks.allowedNetworks()).isEqualTo(io.edgeway.security.AddressAllowList.PRIVATE_NETWORKS);
        assertThat(networks.allowListOf("sample-backend").allows("10.0.0.7")).isTrue();
        assertThat(networks.allowListOf("sample-backend").allows("203.0.113.7")).isFalse();
        assertThat(networks.allowListOf("billing").allows("203.0.113.7")).isTrue();
        assertThat(networks.allowListOf("billing").allows("10.0.0.7")).isFalse();
    }

    @Test
    void refusesWhatIsNotANetwork() {
        assertThat(check(Map.of("edgeway.gateway.instances.allowed-networks", "10.0.0.0/8, intranet"))).containsExactly(
                "edgeway.gateway.instances.allowed-networks: 'intranet' is not an IP address or CIDR range");
        assertThat(check(Map.of("edgeway.gateway.instances.services.pay.allowed-networks", "10.0.0.0/40")))
                .containsExactly("edgeway.gateway.instances.services.pay.allowed-networks: '10.0.0.0/40' has no prefix "
                        + "length between 0 and 32");
    }

    @Test
    void neverRetriesPostOrPatchInAnyCase() {
        assertThat(check(Map.of("edgeway.gateway.retry.methods", "GET, post"))).containsExactly(
                "edgeway.gateway.retry.methods: POST and PATCH are not idempotent and are never retried");
    }

    @Test
    void saysWhatAValueThatDoesNotConvertShouldBe() {
        assertThat(check(Map.of("edgeway.gateway.rate-limit.store", "memcached"))).containsExactly(
                "edgeway.gateway.rate-limit.store: 'memcached' is not local or redis");
        assertThat(check(Map.of("edgeway.gateway.shedding.max-limit", "lots"))).containsExactly(
                "edgeway.gateway.shedding.max-limit: 'lots' is not a whole number");
        assertThat(check(Map.of("edgeway.gateway.outlier.base-ejection", "soon"))).containsExactly(
                "edgeway.gateway.outlier.base-ejection: 'soon' is not a duration (500ms, 10s, 5m)");
    }

    @Test
    void circuitBreakerInstancesOnlyNeedWhatDiffers() {
        List<String> problems = check(Map.of("edgeway.gateway.circuit-breaker.instances.pay.timeout", "2s"));

        assertThat(problems).isEmpty();
        assertThat(GatewaySettings.CIRCUIT_BREAKER.bind(binder(Map.of(
                "edgeway.gateway.circuit-breaker.instances.pay.timeout", "2s"))).forName("pay").timeout())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void checksOnlyTheGroupsThatHoldAChangedKey() {
        Binder binder = binder(Map.of("edgeway.gateway.shedding.max-limit", "lots", "edgeway.gateway.rate-limit.store",
                "memcached"));

        assertThat(GatewaySettings.check(binder, List.of("edgeway.gateway.shedding.maxLimit"))).containsExactly(
                "edgeway.gateway.shedding.max-limit: 'lots' is not a whole number");
        assertThat(GatewaySettings.check(binder, List.of("spring.cloud.gateway.server.webflux.routes[0].id"))).isEmpty();
    }

    private static List<String> check(Map<String, String> properties) {
        return GatewaySettings.check(binder(properties));
    }

    private static Binder binder(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties));
    }
}
