package io.edgeway.gateway.canary;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.context.ApplicationListener;

import io.edgeway.gateway.canary.CanaryGatewayFilterFactory.CanaryFilter;

/**
 * Gauges of the canary rules in force: {@code edgeway.canary.weight.configured} and
 * {@code edgeway.canary.weight.observed} per route, and {@code edgeway.canary.weight.in-force} (the rollout
 * controller's weight while it sets one), replaced after every route refresh (a removed route loses
 * its gauges). The per-request counter is {@value CanaryGatewayFilterFactory#REQUESTS_METRIC}.
 */
public final class CanaryMetrics implements ApplicationListener<RefreshRoutesResultEvent> {

    private final CanaryRoutes routes;

    private final MultiGauge configured;

    private final MultiGauge observed;

    private final MultiGauge inForce;

    public CanaryMetrics(CanaryRoutes routes, MeterRegistry meters) {
        this.routes = routes;
        this.configured = MultiGauge.builder("edgeway.canary.weight.configured").baseUnit("percent")
                .description("Configured share of keys sent to the canary").register(meters);
        this.observed = MultiGauge.builder("edgeway.canary.weight.observed").baseUnit("percent")
                .description("Share of requests the canary served since the last refresh").register(meters);
        this.inForce = MultiGauge.builder("edgeway.canary.weight.in-force").baseUnit("percent")
                .description("Share of keys sent to the canary now: the rollout controller's weight, if it sets one")
                .register(meters);
    }

    @Override
    public void onApplicationEvent(RefreshRoutesResultEvent event) {
        if (event.isSuccess()) {
            routes.rules().collectList().subscribe(this::publish);
        }
    }

    void publish(List<CanaryFilter> rules) {
        configured.register(rules.stream().map(rule -> MultiGauge.Row.of(Tags.of("route", rule.routeId()),
                rule.split().weight())).toList(), true);
        observed.register(rules.stream().map(rule -> MultiGauge.Row.of(Tags.of("route", rule.routeId()), rule,
                CanaryMetrics::observedShare)).toList(), true);
        inForce.register(rules.stream().map(rule -> MultiGauge.Row.of(Tags.of("route", rule.routeId()), rule,
                r -> r.splitInForce().weight())).toList(), true);
    }

    private static double observedShare(CanaryFilter rule) {
        Object share = CanaryRoutes.describe(rule).get("observedWeight");
        return share instanceof Double d ? d : Double.NaN;
    }
}
