package io.edgeway.config.rollout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.edgeway.config.revision.RevisionValidator;
import io.edgeway.gateway.rollout.RolloutTarget;
import io.edgeway.gateway.rules.CanaryArgs;
import io.edgeway.gateway.rules.Definition;
import io.edgeway.gateway.rules.RouteRules;
import io.edgeway.gateway.rules.RouteSpec;

/**
 * The rollouts a gateway config asks for: every route whose {@code Canary} filter has a {@code rollout} plan. Reads
 * the config as the gateways get it (a commit the config server published, so it passed the same rules).
 */
final class RolloutTargets {

    private RolloutTargets() {
    }

    /**
     * The rollout targets by route id in a config given as property sources, highest precedence first (as the config
     * server serves them).
     */
    static Map<String, RolloutTarget> of(List<Map<?, ?>> propertySources) {
        Map<String, String> flat = new LinkedHashMap<>();
        List<Map<?, ?>> lowestFirst = new ArrayList<>(propertySources);
        Collections.reverse(lowestFirst);
        lowestFirst.forEach(source -> source.forEach((key, value) -> flat.put(String.valueOf(key),
                value == null ? "" : String.valueOf(value))));
        Map<String, RolloutTarget> targets = new LinkedHashMap<>();
        for (RouteSpec route : RevisionValidator.routeSpecs(flat)) {
            for (Definition filter : route.filters()) {
                if (filter.name().equals(RouteRules.CANARY.name())) {
                    CanaryArgs args = RouteRules.CANARY.bind(filter);
                    args.setRouteId(route.id().trim());
                    args.rolloutTarget().ifPresent(target -> targets.put(target.route(), target));
                }
            }
        }
        return targets;
    }
}
