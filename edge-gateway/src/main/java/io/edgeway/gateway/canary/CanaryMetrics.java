package io.edgeway.gateway.canary;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

import io.edgeway.gateway.canary.CanaryGatewayFilterFactory.CanaryFilter;

/**
 * Gauges of the canary rules in force: {@code edgeway.canary.weight.configured},
 * {@code edgeway.canary.weight.observed} and {@code edgeway.canary.versions} (which version is which side) per
 * route, replaced after every route refresh (a removed route loses
 * its gauges). The per-request counter is {@value CanaryGatewayFilterFactory#REQUESTS_METRIC}.
 */
public final class CanaryMetrics implements SmartApplicationListener {

    private final CanaryRoutes routes;

    private final MultiGauge configured;

    private final MultiGauge observed;

    private final MultiGauge versions;

    public CanaryMetrics(CanaryRoutes routes, MeterRegistry meters) {
        this.routes = routes;
        this.configured = MultiGauge.builder("edgeway.canary.weight.configured").baseUnit("percent")
                .description("Configured share of keys sent to the canary").register(meters);
        this.observed = MultiGauge.builder("edgeway.canary.weight.observed").baseUnit("percent")
                .description("Share of requests the canary served since the last refresh").register(meters);
        this.versions = MultiGauge.builder("edgeway.canary.versions")
                .description("The stable and canary versions of each canary route (value always 1)").register(meters);
    }

    /** After every route refresh, and at start-up: the first routes are built without a refresh event. */
    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return RefreshRoutesResultEvent.class.isAssignableFrom(eventType)
                || ApplicationReadyEvent.class.isAssignableFrom(eventType);
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (!(event instanceof RefreshRoutesResultEvent refreshed) || refreshed.isSuccess()) {
            routes.rules().collectList().subscribe(this::publish);
        }
    }

    void publish(List<CanaryFilter> rules) {
        configured.register(rules.stream().map(rule -> MultiGauge.Row.of(Tags.of("route", rule.routeId()),
                rule.split().weight())).toList(), true);
        observed.register(rules.stream().map(rule -> MultiGauge.Row.of(Tags.of("route", rule.routeId()), rule,
                CanaryMetrics::observedShare)).toList(), true);
        versions.register(rules.stream().map(rule -> MultiGauge.Row.of(Tags.of("route", rule.routeId(), "stable",
                rule.split().stable(), "canary", rule.split().canary()), 1)).toList(), true);
    }

    private static double observedShare(CanaryFilter rule) {
        Object share = CanaryRoutes.describe(rule).get("observedWeight");
        return share instanceof Double d ? d : Double.NaN;
    }
}
