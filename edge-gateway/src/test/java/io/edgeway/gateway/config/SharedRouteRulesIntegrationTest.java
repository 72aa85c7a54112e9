package io.edgeway.gateway.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.edgeway.gateway.rules.RouteRules;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.filter.factory.GatewayFilterFactory;
import org.springframework.cloud.gateway.handler.predicate.RoutePredicateFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config server knows a route's predicates and filters only from {@link RouteRules}: they must be exactly the
 * ones this gateway has, or the server would refuse routes the gateway can build (or publish ones it cannot).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.import=file:../config-repo/edge-gateway.yml",
        "spring.cloud.config.enabled=false", "eureka.client.enabled=false",
        "spring.security.user.name=operator", "spring.security.user.password=test-secret" })
class SharedRouteRulesIntegrationTest {

    @Autowired
    private List<GatewayFilterFactory<?>> filters;

    @Autowired
    private List<RoutePredicateFactory<?>> predicates;

    @Test
    void theSharedRulesKnowEveryFilterOfTheGatewayAndNoOther() {
        Set<String> shared = new HashSet<>(RouteRules.GATEWAY_FILTERS);
        shared.addAll(RouteRules.EDGEWAY_FILTERS.keySet());

        assertThat(filters.stream().map(GatewayFilterFactory::name)).containsExactlyInAnyOrderElementsOf(shared);
    }

    @Test
    void theSharedRulesKnowEveryPredicateOfTheGatewayAndNoOther() {
        assertThat(predicates.stream().map(RoutePredicateFactory::name))
                .containsExactlyInAnyOrderElementsOf(RouteRules.GATEWAY_PREDICATES);
    }
}
